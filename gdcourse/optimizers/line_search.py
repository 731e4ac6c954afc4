"""Line search: try a few learning rates every step and keep the best."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from .._checks import check_nonnegative
from ._base import Optimizer, new_like


class LineSearchState(NamedTuple):
    """``t``: steps taken; ``loss_evals``: calls to ``loss_fn`` so far; ``eta``: the
    learning rate chosen at the last step (``nan`` before the first)."""

    t: int
    loss_evals: int
    eta: float


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
        one wins. The lecture's code uses (0.1, 0.5, 1, 5, 10).

    Notes
    -----
    One gradient and ``len(lrs)`` loss evaluations per step: a step costs more, but
    no learning rate has to be tuned, and large rates are used where they are safe.
    The state counts loss evaluations so that comparisons with other optimizers can be
    fair. Candidates whose loss is not finite are never chosen; if none is finite,
    the smallest-index candidate is taken (and :func:`gdcourse.run` reports the
    divergence). There is no torch.optim counterpart.
    """

    State = LineSearchState

    def __init__(self, loss_fn, lrs=(0.1, 0.5, 1, 5, 10)):
        if not callable(loss_fn):
            raise ValueError(f"loss_fn must be a callable theta -> loss, got loss_fn={loss_fn!r}")
        self.loss_fn = loss_fn
        try:
            candidates = tuple(lrs)
        except TypeError:
            raise ValueError(f"lrs must be a sequence of numbers, got lrs={lrs!r}") from None
        if not candidates:
            raise ValueError(f"lrs must not be empty, got lrs={lrs!r}")
        try:
            self.lrs = tuple(check_nonnegative("lrs", lr) for lr in candidates)
        except ValueError:
            raise ValueError(f"lrs must hold finite numbers >= 0, got lrs={lrs!r}") from None

    def init(self, theta) -> LineSearchState:
        self._start(theta)
        return LineSearchState(t=0, loss_evals=0, eta=math.nan)

    def update(self, theta, state: LineSearchState, grad_fn):
        theta = self._params(theta)
        grad = self._grad(grad_fn, theta)
        best, best_loss, best_eta = None, math.inf, self.lrs[0]
        trial = new_like(theta)
        for eta in self.lrs:
            np.multiply(grad, eta, out=trial)
            np.subtract(theta, trial, out=trial)
            loss = float(self.loss_fn(trial))
            if loss < best_loss:  # False for nan: a non-finite loss never wins
                best_loss, best_eta = loss, eta
                # keep this candidate; the next one goes into a fresh (or recycled) buffer
                best, trial = trial, (best if best is not None else new_like(theta))
        if best is None:
            best = np.subtract(theta, np.multiply(grad, best_eta), out=trial)
        new_state = LineSearchState(
            t=state.t + 1, loss_evals=state.loss_evals + len(self.lrs), eta=best_eta
        )
        return best, new_state
