"""What every optimizer shares: schedules, argument checks and the shape check.

An optimizer is a small object holding hyperparameters. It has two pure methods:

* ``init(theta) -> state``: a NamedTuple of zeros shaped like ``theta``;
* ``update(theta, state, grad_fn) -> (theta, state)``: one step. ``grad_fn(theta)``
  returns the gradient; optimizers that look ahead (NAG) call it elsewhere.

Neither method mutates its inputs, so any step can be replayed from a saved state.
Updates write into freshly allocated arrays with ``out=`` (never into ``theta`` or
the incoming state), which keeps them pure and close to the speed of hand-fused numpy.

Every state has a field ``t``: the number of steps taken so far. Schedules are
called with this 0-based index, so step ``t`` uses ``lr(t)``.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_start_point, check_gradient, check_nonnegative, check_unit_interval


def learning_rate(lr, t: int) -> float:
    """The learning rate for step ``t`` (0-based): ``lr`` itself, or ``lr(t)`` for a schedule.

    A schedule's value is checked like a constant one (a finite number >= 0), so a
    schedule that goes negative or non-finite stops the run at that step.
    """
    if not callable(lr):
        return lr
    return check_nonnegative(f"lr({t})", _scalar(lr(t)))


def _scalar(value):
    # a schedule may compute with numpy and hand back a 0-d array
    return value.item() if isinstance(value, np.ndarray) and value.ndim == 0 else value


def check_decay_or_schedule(name: str, value):
    """A decay rate in [0, 1) (a momentum ``gamma``), or a schedule ``step -> rate``."""
    if callable(value):
        return value
    return check_unit_interval(name, value)


def decay_rate(name: str, value, t: int) -> float:
    """``value`` itself, or ``value(t)`` for a schedule, checked to lie in [0, 1)."""
    if callable(value):
        return check_unit_interval(f"{name}({t})", _scalar(value(t)))
    return value


def new_like(theta: np.ndarray) -> np.ndarray:
    """A fresh float64 buffer shaped like ``theta`` (also for 0-d parameters, where
    numpy would hand back a scalar that ``out=`` cannot write into)."""
    return np.empty(theta.shape)


def first_moment(m, grad, beta1: float, theta):
    r"""Fresh :math:`m_t = \beta_1 m + (1-\beta_1) g`, plus a spare buffer shaped like ``theta``.

    The first moment shared by Adam, AMSGrad, AdaMax, NAdam and Yogi; ``m`` is only read.
    """
    m_new = np.multiply(m, beta1, out=new_like(theta))
    buffer = np.multiply(grad, 1.0 - beta1, out=new_like(theta))
    np.add(m_new, buffer, out=m_new)
    return m_new, buffer


def root_denominator(v, eps: float, eps_inside_sqrt: bool, out, correction: float = 1.0):
    r"""The adaptive denominator, written into ``out``.

    :math:`\sqrt{v / c} + \epsilon` by default (torch.optim, Kingma & Ba), or
    :math:`\sqrt{v / c + \epsilon}` with ``eps_inside_sqrt`` (the lecture's code);
    ``c`` is Adam's bias correction :math:`1 - \beta_2^t` (1 for AdaGrad and RMSProp).
    Outside the root, :math:`\sqrt{v}/\sqrt{c}` is computed in torch's order.
    """
    if eps_inside_sqrt:
        if correction != 1.0:
            np.divide(v, correction, out=out)
            np.add(out, eps, out=out)
        else:
            np.add(v, eps, out=out)
        return np.sqrt(out, out=out)
    np.sqrt(v, out=out)
    if correction != 1.0:
        np.divide(out, correction**0.5, out=out)
    return np.add(out, eps, out=out)


def check_flag(name: str, value) -> bool:
    """A True/False switch; 0/1 or strings are refused so typos cannot pass."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {name}={value!r}")
    return bool(value)


class Optimizer:
    """Base class: subclasses set ``State`` and implement ``init`` and ``update``."""

    def __repr__(self) -> str:
        args = ", ".join(f"{key}={value!r}" for key, value in vars(self).items())
        return f"{type(self).__name__}({args})"

    @staticmethod
    def _start(theta) -> np.ndarray:
        return as_start_point("theta", theta)

    @staticmethod
    def _params(theta) -> np.ndarray:
        # No copy for a float64 array; lets a student pass a list to ``update`` too.
        return np.asarray(theta, dtype=np.float64)

    @staticmethod
    def _grad(grad_fn, theta: np.ndarray) -> np.ndarray:
        return check_gradient(grad_fn(theta), theta)
