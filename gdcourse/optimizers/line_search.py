"""Line search: try a few learning rates every step and keep the best."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._spec import Optimizer, Step, hyper


class LineSearchState(NamedTuple):
    """``t``: steps taken; ``loss_evals``: calls to ``loss_fn`` so far; ``eta``: the
    learning rate chosen at the last step (``nan`` before the first)."""

    t: int
    loss_evals: int
    eta: float


@dataclass(frozen=True, eq=False)
class LineSearchGD(Optimizer):
    r"""Gradient descent that picks its learning rate by trying each candidate.

    .. math::

        \eta_t = \arg\min_{\eta \in \text{lrs}} L(\theta_t - \eta \nabla L(\theta_t)),
        \qquad \theta_{t+1} = \theta_t - \eta_t \nabla L(\theta_t) .

    Parameters
    ----------
    loss_fn : callable
        ``theta -> loss``, the function being minimised (usually ``problem.loss``).
    lrs : sequence of float
        The candidate learning rates (each >= 0), tried in order; on a tie the first
        one wins. Khapra's CS7015 code uses (0.1, 0.5, 1, 5, 10).

    Notes
    -----
    One gradient and ``len(lrs)`` loss evaluations per step: a step costs more, but
    no learning rate has to be tuned, and large rates are used where they are safe.
    The state counts loss evaluations so that comparisons with other optimizers can be
    fair. Candidates whose loss is not finite are never chosen; if none is finite,
    the first candidate is taken (and :func:`gdcourse.run` reports the divergence).
    ``loss_fn`` comes first because it has no default; there is no single ``lr``.
    There is no torch.optim counterpart.
    """

    loss_fn: Callable[[np.ndarray], Any] = hyper(
        symbol="L", latex="L", meaning="the loss to try each candidate on", kind="function"
    )
    lrs: Sequence[float] = hyper((0.1, 0.5, 1, 5, 10), "η", r"\eta",
                                 "candidate learning rates", kind="numbers", low=0.0)  # fmt: skip

    State = LineSearchState

    def init(self, theta: ArrayLike) -> LineSearchState:
        self.start(theta)
        return LineSearchState(t=0, loss_evals=0, eta=math.nan)

    def loss(self, theta: np.ndarray) -> float:
        """``loss_fn(theta)``, refused unless it is a single number."""
        value = self.loss_fn(theta)
        if np.ndim(value) != 0 or not isinstance(np.asarray(value).item(), (int, float)):
            raise ValueError(
                f"loss_fn must return one number, got {np.shape(value)} values: {value!r}; "
                "pass a function theta -> loss (e.g. problem.loss), not the gradient"
            )
        return float(value)

    def step(
        self, theta: np.ndarray, g: np.ndarray, state: LineSearchState
    ) -> Step[LineSearchState]:
        best_theta, best_loss, best_lr = None, math.inf, self.lrs[0]
        for lr in self.lrs:
            trial = theta - lr * g
            loss = self.loss(trial)
            if loss < best_loss:  # False for nan: a non-finite loss never wins
                best_theta, best_loss, best_lr = trial, loss, lr
        if best_theta is None:
            best_theta = theta - best_lr * g
        new_state = LineSearchState(
            t=state.t + 1, loss_evals=state.loss_evals + len(self.lrs), eta=best_lr
        )
        return best_theta, new_state
