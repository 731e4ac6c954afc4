r"""Weight initializers: where gradient descent starts in a network.

Shape convention
----------------
A weight matrix has shape ``(fan_in, fan_out)``: one row per input of the layer and one
column per neuron, so a layer computes ``Z = A @ W + b`` on a batch ``A`` of shape
``(n_samples, fan_in)``. ``fan_in`` is the number of inputs each neuron adds up and
``fan_out`` the number of neurons that receive each input.

Every initializer is called as ``init(shape, rng=rng)`` and returns a new float array.
Randomness comes only from the ``numpy.random.Generator`` passed in, so the same seed
always gives the same network. ``zeros`` and ``constant`` accept ``rng`` and ignore it,
so that every initializer can be called the same way.

Why the scale matters
---------------------
* All weights equal (zero or a constant :math:`c`): every neuron of a layer computes
  the same thing and gets the same gradient, so they never become different.
* Too small a scale: activations and gradients shrink layer by layer (vanishing).
* Too large a scale: they grow layer by layer, or saturate a sigmoid (exploding or
  stuck gradients).
* ``uniform_fan_in``, Xavier/Glorot and He/Kaiming choose the scale from the fans so the
  variance of the signal stays about the same from layer to layer.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ._checks import check_nonnegative, check_number, check_rng

#: A weight shape: ``(fan_in, fan_out)``, or any tuple of whole numbers (or one number).
Shape = int | tuple[int, ...]

__all__ = [
    "zeros",
    "constant",
    "normal",
    "uniform",
    "uniform_fan_in",
    "xavier_normal",
    "xavier_uniform",
    "he_normal",
    "he_uniform",
    "INITIALIZERS",
    "get",
]


def _check_shape(shape: Any, *, need_fans: bool) -> tuple[int, ...]:
    """A tuple of whole numbers >= 1; exactly two, ``(fan_in, fan_out)``, when fans are used."""
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (shape,)
    ok = isinstance(shape, (tuple, list)) and len(shape) > 0
    ok = ok and all(
        isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1 for n in shape
    )
    if not ok:
        raise ValueError(f"shape must be a tuple of whole numbers >= 1, got shape={shape!r}")
    if need_fans and len(shape) != 2:
        raise ValueError(f"shape must be (fan_in, fan_out), got shape={tuple(shape)!r}")
    return tuple(int(n) for n in shape)


def zeros(shape: Shape, rng: Any = None) -> np.ndarray:
    """All weights 0. Every neuron of a layer then stays identical: a cautionary example.

    ``rng`` is accepted (and ignored) so that all initializers share one call signature.
    """
    return np.zeros(_check_shape(shape, need_fans=False))


def constant(shape: Shape, value: float, rng: Any = None) -> np.ndarray:
    r"""All weights equal to ``value`` (:math:`W_{ij} = c`); the symmetry is never broken."""
    value = check_number("value", value)
    return np.full(_check_shape(shape, need_fans=False), value)


def normal(shape: Shape, rng: np.random.Generator, scale: float) -> np.ndarray:
    r"""Independent draws :math:`W_{ij} \sim \mathcal N(0, \sigma^2)`, :math:`\sigma` = ``scale``.

    Use a small ``scale`` (0.01) or a large one (10) to watch gradients vanish or explode.
    """
    shape = _check_shape(shape, need_fans=False)
    scale = check_nonnegative("scale", scale)
    return check_rng(rng).normal(0.0, scale, size=shape)


def uniform(shape: Shape, rng: np.random.Generator, scale: float) -> np.ndarray:
    r"""Independent draws :math:`W_{ij} \sim U(-a, a)` with :math:`a` = ``scale``.

    The variance of :math:`U(-a, a)` is :math:`a^2 / 3`.
    """
    shape = _check_shape(shape, need_fans=False)
    scale = check_nonnegative("scale", scale)
    return check_rng(rng).uniform(-scale, scale, size=shape)


def uniform_fan_in(shape: Shape, rng: np.random.Generator) -> np.ndarray:
    r"""The classic uniform rule, suited to sigmoid layers.

    .. math::

        W_{ij} \sim U\!\left(-\frac{1}{\sqrt{f_\text{in}}}, \frac{1}{\sqrt{f_\text{in}}}\right)

    ``shape = (fan_in, fan_out)``. This is also the weight initialization of
    ``torch.nn.Linear``.
    """
    fan_in, _ = _check_shape(shape, need_fans=True)
    return uniform(shape, rng, 1.0 / math.sqrt(fan_in))


def xavier_normal(shape: Shape, rng: np.random.Generator) -> np.ndarray:
    r"""Xavier/Glorot normal (Glorot & Bengio, 2010), for tanh and sigmoid layers.

    .. math::

        W_{ij} \sim \mathcal N(0, \sigma^2), \qquad
        \sigma = \sqrt{\frac{2}{f_\text{in} + f_\text{out}}}

    Averaging the fans keeps the variance roughly constant both in the forward pass
    (which depends on :math:`f_\text{in}`) and in the backward pass (:math:`f_\text{out}`).
    """
    fan_in, fan_out = _check_shape(shape, need_fans=True)
    return normal(shape, rng, math.sqrt(2.0 / (fan_in + fan_out)))


def xavier_uniform(shape: Shape, rng: np.random.Generator) -> np.ndarray:
    r"""Xavier/Glorot uniform: the same variance as :func:`xavier_normal`.

    .. math::

        W_{ij} \sim U(-a, a), \qquad a = \sqrt{\frac{6}{f_\text{in} + f_\text{out}}}

    since :math:`a^2/3 = 2/(f_\text{in} + f_\text{out})`.
    """
    fan_in, fan_out = _check_shape(shape, need_fans=True)
    return uniform(shape, rng, math.sqrt(6.0 / (fan_in + fan_out)))


def he_normal(shape: Shape, rng: np.random.Generator) -> np.ndarray:
    r"""He/Kaiming normal (He et al., 2015), for ReLU layers.

    .. math::

        W_{ij} \sim \mathcal N(0, \sigma^2), \qquad \sigma = \sqrt{\frac{2}{f_\text{in}}}

    A ReLU zeroes about half of its inputs, halving the variance; the factor 2 puts it back.
    """
    fan_in, _ = _check_shape(shape, need_fans=True)
    return normal(shape, rng, math.sqrt(2.0 / fan_in))


def he_uniform(shape: Shape, rng: np.random.Generator) -> np.ndarray:
    r"""He/Kaiming uniform: the same variance as :func:`he_normal`.

    .. math::

        W_{ij} \sim U(-a, a), \qquad a = \sqrt{\frac{6}{f_\text{in}}}
    """
    fan_in, _ = _check_shape(shape, need_fans=True)
    return uniform(shape, rng, math.sqrt(6.0 / fan_in))


#: The initializers that need nothing but a shape and a generator, by name.
INITIALIZERS = {
    "zeros": zeros,
    "uniform_fan_in": uniform_fan_in,
    "xavier_normal": xavier_normal,
    "xavier_uniform": xavier_uniform,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
}


def get(init: Any) -> Callable[..., np.ndarray]:
    """An initializer from its name (see ``INITIALIZERS``) or a callable ``(shape, rng=...)``.

    For one with a parameter, pass e.g. ``functools.partial(normal, scale=0.01)`` or
    ``functools.partial(constant, value=0.5)``.
    """
    if callable(init) and not isinstance(init, type):
        return init
    if isinstance(init, str) and init in INITIALIZERS:
        return INITIALIZERS[init]
    raise ValueError(
        f"init must be one of {sorted(INITIALIZERS)} or a callable (shape, rng=...), "
        f"got init={init!r}"
    )
