r"""Gradient clipping: cap the size of a gradient before the optimizer uses it.

Clipping does not change where the minimum is; it only stops one huge gradient (an
exploding gradient, a cliff in the loss surface) from throwing the parameters far away.

* By value: clip each component to :math:`[-c, c]`. The direction may change.
* By norm: if :math:`\lVert g \rVert > c`, rescale to :math:`g \cdot c / \lVert g \rVert`.
  The direction is kept, only the length is capped.

Clipping never hides a non-finite gradient: nan stays nan, so :func:`gdcourse.run` still
stops a run that diverges.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .._checks import as_real_array, check_callable, check_optimizer, check_positive

__all__ = ["clip_by_value", "clip_by_norm", "clip_grad_fn", "ClippedOptimizer", "clipped"]


def clip_by_value(grad: Any, limit: float) -> np.ndarray:
    r"""Each component clipped to :math:`[-c, c]`: :math:`g_i \leftarrow \min(\max(g_i, -c), c)`.

    Parameters
    ----------
    grad : array_like
        The gradient.
    limit : float
        :math:`c > 0`, the largest absolute value a component may keep.
    """
    limit = check_positive("limit", limit)
    return np.clip(as_real_array("grad", grad), -limit, limit)


def clip_by_norm(grad: Any, max_norm: float) -> np.ndarray:
    r"""The gradient rescaled so its Euclidean norm is at most :math:`c`.

    .. math::

        g \leftarrow g \cdot \min\!\left(1, \frac{c}{\lVert g \rVert}\right)

    Parameters
    ----------
    grad : array_like
        The gradient (its norm is taken over all entries, like
        ``torch.nn.utils.clip_grad_norm_`` over all parameters).
    max_norm : float
        :math:`c > 0`.
    """
    max_norm = check_positive("max_norm", max_norm)
    grad = as_real_array("grad", grad)
    norm = float(np.linalg.norm(grad))
    if not np.isfinite(norm):
        # An inf or nan gradient has no direction to keep; pass nan on so run() stops.
        return np.full_like(grad, np.nan)
    if norm > max_norm:
        return grad * (max_norm / norm)
    return grad.copy()


def _check_limits(limit: Any, max_norm: Any) -> tuple[float | None, float | None]:
    if limit is None and max_norm is None:
        raise ValueError("give limit (clip by value) and/or max_norm (clip by norm), got neither")
    limit = None if limit is None else check_positive("limit", limit)
    max_norm = None if max_norm is None else check_positive("max_norm", max_norm)
    return limit, max_norm


def clip_grad_fn(
    grad_fn: Callable[..., Any], *, limit: float | None = None, max_norm: float | None = None
) -> Callable[..., np.ndarray]:
    """Wrap ``grad_fn`` so that it returns clipped gradients.

    With both arguments, components are clipped by value first, then the norm is capped.
    Extra arguments (such as ``batch=``) are passed through, so a problem's ``grad``
    can be wrapped too.
    """
    check_callable("grad_fn", grad_fn, "a gradient function theta -> gradient")
    limit, max_norm = _check_limits(limit, max_norm)

    def clipped_grad(theta: Any, *args: Any, **kwargs: Any) -> np.ndarray:
        grad = grad_fn(theta, *args, **kwargs)
        if limit is not None:
            grad = clip_by_value(grad, limit)
        if max_norm is not None:
            grad = clip_by_norm(grad, max_norm)
        return grad

    return clipped_grad


class ClippedOptimizer:
    """Any optimizer, but every gradient it asks for is clipped first.

    It has the same ``init``/``update`` interface, so :func:`gdcourse.run` accepts it
    in place of the optimizer it wraps. A look-ahead optimizer (Nesterov) gets its
    look-ahead gradient clipped as well. Hyperparameters such as ``lr`` are read
    through from the wrapped optimizer.
    """

    def __init__(
        self, optimizer: Any, *, limit: float | None = None, max_norm: float | None = None
    ):
        self.optimizer = check_optimizer(optimizer)
        self.limit, self.max_norm = _check_limits(limit, max_norm)

    def __repr__(self) -> str:
        parts = [repr(self.optimizer)]
        if self.limit is not None:
            parts.append(f"limit={self.limit!r}")
        if self.max_norm is not None:
            parts.append(f"max_norm={self.max_norm!r}")
        return f"ClippedOptimizer({', '.join(parts)})"

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes not found on the wrapper itself (lr, beta1, State...).
        if name == "optimizer":
            raise AttributeError(name)
        return getattr(self.optimizer, name)

    def init(self, theta: Any) -> Any:
        return self.optimizer.init(theta)

    def update(self, theta: Any, state: Any, grad_fn: Callable[..., Any]) -> tuple[Any, Any]:
        clipped_grad = clip_grad_fn(grad_fn, limit=self.limit, max_norm=self.max_norm)
        return self.optimizer.update(theta, state, clipped_grad)


def clipped(
    optimizer: Any, *, limit: float | None = None, max_norm: float | None = None
) -> ClippedOptimizer:
    """``optimizer`` with gradient clipping: ``run(clipped(GD(0.1), max_norm=1.0), ...)``."""
    return ClippedOptimizer(optimizer, limit=limit, max_norm=max_norm)
