r"""Optimizing and checking with loss values only: no analytic gradient needed.

* :func:`finite_difference_gradient` estimates :math:`\nabla L` from 2n loss values;
* :func:`gradient_check` compares a problem's analytic gradient with that estimate;
* :func:`random_search` is Khapra's brute force: try random points, keep the best;
* :func:`augmented_random_search` moves along random directions, weighted by how much
  the loss differs on either side (Mania, Guy & Recht, 2018).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from ._checks import (
    ArgumentTypeError,
    as_start_point,
    check_bounds,
    check_callable,
    check_flag,
    check_nonnegative,
    check_positive,
    check_positive_int,
    check_rng,
    check_scalar_loss,
)
from .run import DivergenceError

LossFn = Callable[[np.ndarray], Any]


def _check_loss_fn(loss_fn: Any) -> LossFn:
    """A function theta -> loss; a problem object itself is a common slip."""
    if hasattr(loss_fn, "loss") and hasattr(loss_fn, "grad"):
        raise ArgumentTypeError(
            f"loss_fn must be a function theta -> loss: pass problem.loss, got loss_fn={loss_fn!r}"
        )
    return check_callable("loss_fn", loss_fn)


def finite_difference_gradient(loss_fn: LossFn, theta: Any, h: float = 1e-6) -> np.ndarray:
    r"""Central-difference estimate of :math:`\nabla L(\theta)`.

    .. math::

        \frac{\partial L}{\partial \theta_k} \approx
        \frac{L(\theta + h e_k) - L(\theta - h e_k)}{2h}

    The error is :math:`O(h^2)` from truncation plus about
    :math:`\epsilon_{mach} |L| / h` from round-off; ``h = 1e-6`` keeps both near 1e-10
    for losses of order 1.

    Parameters
    ----------
    loss_fn : callable
        ``theta -> loss``.
    theta : array_like
        Where to differentiate. A 1-D ``theta`` of n parameters costs 2n loss
        evaluations. If ``theta`` has more dimensions, ``theta[k]`` is read as a grid of
        values of parameter ``k`` (the problems' grid convention): ``loss_fn`` must then
        return a grid, and the whole grid is differentiated with ``2 * len(theta)``
        vectorized calls.
    h : float
        Step size, > 0.

    Returns
    -------
    ndarray, shape of ``theta``
    """
    loss_fn = _check_loss_fn(loss_fn)
    theta = as_start_point("theta", theta)
    h = check_positive("h", h)
    grad = np.empty_like(theta)
    # Perturb one parameter at a time; for grids, one parameter across the whole grid.
    indices = np.ndindex(theta.shape) if theta.ndim == 1 else range(theta.shape[0])
    for k in indices:
        plus, minus = theta.copy(), theta.copy()
        plus[k] += h
        minus[k] -= h
        grad[k] = (np.asarray(loss_fn(plus)) - np.asarray(loss_fn(minus))) / (2.0 * h)
    return grad


def gradient_check(
    problem: Any, theta: Any, h: float = 1e-6, batch: Any = None, floor: float = 1e-8
) -> float:
    r"""The largest relative error between ``problem.grad`` and finite differences.

    .. math::

        \max_k \frac{|g_k - \hat g_k|}{\max(|g_k|, |\hat g_k|, \text{floor})}

    with :math:`g` the analytic and :math:`\hat g` the central-difference gradient.
    Below about 1e-6 the analytic gradient is right; a wrong formula typically gives
    errors of order 1. ``floor`` keeps components that are both (almost) zero from
    dividing round-off by round-off. In very flat regions (gradients near 1e-5, e.g. a
    saturated sigmoid) the finite differences' own round-off, about 1e-10, already
    shows as a relative error near 1e-6.

    Parameters
    ----------
    problem : Problem
        Anything with ``loss(theta, batch=...)`` and ``grad(theta, batch=...)``.
    theta : array_like
        A point, or a grid ``[X, Y]`` for a 2-parameter problem.
    h : float
        Finite-difference step.
    batch : array of int, optional
        Check the gradient of a mini-batch loss instead of the full loss.
    floor : float
        Smallest denominator, > 0.

    Returns
    -------
    float
    """
    if not (hasattr(problem, "loss") and hasattr(problem, "grad")) or isinstance(problem, type):
        raise ArgumentTypeError(
            "problem must have loss and grad methods, e.g. rosenbrock() (called), "
            f"got problem={problem!r}"
        )
    floor = check_positive("floor", floor)
    theta = as_start_point("theta", theta)
    kwargs = {} if batch is None else {"batch": batch}
    analytic = np.asarray(problem.grad(theta, **kwargs), dtype=np.float64)
    numeric = finite_difference_gradient(lambda p: problem.loss(p, **kwargs), theta, h=h)
    if analytic.shape != numeric.shape:
        raise ValueError(
            f"problem.grad returned shape {analytic.shape}, expected theta's shape {numeric.shape}"
        )
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
    return float(np.max(np.abs(analytic - numeric) / scale))


class RandomSearchResult(NamedTuple):
    """What :func:`random_search` found.

    Attributes
    ----------
    theta : ndarray, shape (n,)
        The best point tried.
    loss : float
        Its loss.
    thetas : ndarray, shape (n_samples, n)
        Every point tried, in order.
    losses : ndarray, shape (n_samples,)
        Their losses.
    best_losses : ndarray, shape (n_samples,)
        The best loss so far after each try (for a "progress" plot).
    loss_evals : int
        Number of loss evaluations (= ``n_samples``).
    """

    theta: np.ndarray
    loss: float
    thetas: np.ndarray
    losses: np.ndarray
    best_losses: np.ndarray
    loss_evals: int


def random_search(
    loss_fn: LossFn, bounds: Any, n_samples: int, rng: np.random.Generator
) -> RandomSearchResult:
    """Try ``n_samples`` points drawn uniformly in a box; keep the best.

    Not a training loop (no point depends on the one before), so it does not go
    through :func:`gdcourse.run`.

    Parameters
    ----------
    loss_fn : callable
        ``theta -> loss`` (e.g. ``problem.loss``).
    bounds : sequence of (lo, hi)
        One interval per parameter, e.g. ``problem.bounds``.
    n_samples : int
        Number of points to try.
    rng : numpy.random.Generator

    Returns
    -------
    RandomSearchResult
    """
    loss_fn = _check_loss_fn(loss_fn)
    box = check_bounds(bounds)
    n_samples = check_positive_int("n_samples", n_samples)
    rng = check_rng(rng)
    thetas = rng.uniform(box[:, 0], box[:, 1], size=(n_samples, box.shape[0]))
    losses = np.array([check_scalar_loss(loss_fn(theta), "loss_fn") for theta in thetas])
    # nan never wins a comparison; treat it as +inf so a nan cannot be "best".
    ranked = np.where(np.isnan(losses), np.inf, losses)
    best = int(np.argmin(ranked))
    return RandomSearchResult(
        theta=thetas[best].copy(),
        loss=float(losses[best]),
        thetas=thetas,
        losses=losses,
        best_losses=np.minimum.accumulate(ranked),
        loss_evals=n_samples,
    )


class ARSResult(NamedTuple):
    """What :func:`augmented_random_search` did.

    Attributes
    ----------
    theta : ndarray
        The final parameters.
    loss : float
        The loss there.
    thetas : ndarray, shape (steps + 1, *theta0.shape)
        The start point and the parameters after every step.
    losses : ndarray, shape (steps + 1,)
        The loss at each of ``thetas`` (recorded for plots; not counted in
        ``loss_evals``).
    loss_evals : int
        Loss evaluations the method itself used: ``2 * n_directions * steps``.
    """

    theta: np.ndarray
    loss: float
    thetas: np.ndarray
    losses: np.ndarray
    loss_evals: int


def augmented_random_search(
    loss_fn: LossFn,
    theta0: Any,
    step_size: float,
    noise: float,
    n_directions: int,
    steps: int,
    rng: np.random.Generator,
    top_directions: int | None = None,
    scale_by_std: bool = False,
) -> ARSResult:
    r"""Basic / Augmented Random Search: finite differences along random directions.

    Each step draws :math:`N` directions :math:`\delta_k \sim \mathcal{N}(0, I)` shaped
    like :math:`\theta`, scores the two probes :math:`\theta \pm \nu \delta_k` and moves
    along the directions in proportion to the difference:

    .. math::

        G_k^{\pm} = -L(\theta \pm \nu \delta_k), \qquad
        \theta \leftarrow \theta + \frac{\alpha}{N} \sum_{k=1}^{N}
            (G_k^{+} - G_k^{-})\, \delta_k

    with :math:`\alpha` = ``step_size``, :math:`\nu` = ``noise``, :math:`N` =
    ``n_directions``. The pra-sami slides write the update with gains :math:`G` (rewards, to
    be increased), as in the paper; we minimize a loss, so :math:`G = -L` and the
    step is :math:`\theta \leftarrow \theta - \frac{\alpha}{N} \sum_k (L_k^+ - L_k^-)\delta_k`.
    Since :math:`L(\theta + \nu\delta) - L(\theta - \nu\delta) \approx 2\nu\,
    \delta^\top \nabla L` and :math:`E[\delta \delta^\top] = I`, on average the step is
    :math:`-2\alpha\nu \nabla L`: gradient descent with :math:`\eta = 2\alpha\nu`,
    estimated from loss values alone.

    Parameters
    ----------
    loss_fn : callable
        ``theta -> loss``.
    theta0 : array_like
        Start point (any shape, e.g. a weight matrix :math:`W`).
    step_size : float
        :math:`\alpha \ge 0`.
    noise : float
        :math:`\nu > 0`, the size of the probes.
    n_directions : int
        :math:`N`, directions per step (each costs 2 loss evaluations).
    steps : int
        Number of updates.
    rng : numpy.random.Generator
    top_directions : int, optional
        :math:`b \le N`: use only the :math:`b` directions whose better probe scored
        best, :math:`\max(G^+_k, G^-_k)`, and divide by :math:`b` (the paper's
        "augmentation" that discards directions that only add noise). Default: all N.
    scale_by_std : bool
        Divide the step by the standard deviation :math:`\sigma_G` of the :math:`2b`
        scores used (ARS V1 in the paper), which makes the step size insensitive to
        the scale of the loss. Default False (basic random search).

    Returns
    -------
    ARSResult

    Raises
    ------
    DivergenceError
        When the parameters or loss become non-finite.

    Notes
    -----
    This loop does not go through :func:`gdcourse.run`, which is built around a
    gradient: ``run`` hands optimizers a gradient function, counts gradient calls and
    records a problem's loss. ARS never asks for a gradient; it needs the loss function
    itself, draws fresh random directions from ``rng`` at every step (so its step is not
    a pure ``update(theta, state, grad_fn)``), and its cost is counted in loss
    evaluations. It keeps ``run``'s habits: the same recording of ``thetas`` and
    ``losses`` and the same :class:`~gdcourse.run.DivergenceError` on a non-finite value.

    A step size that is too large does not always end in ``inf``: once
    :math:`|\theta|` is so large that :math:`\theta \pm \nu\delta` round to the
    same losses, every difference is 0 and the search simply stops moving at a huge
    loss. Watch ``losses``, not only for an error.
    """
    loss_fn = _check_loss_fn(loss_fn)
    theta = as_start_point("theta0", theta0)
    alpha = check_nonnegative("step_size", step_size)
    nu = check_positive("noise", noise)
    n_directions = check_positive_int("n_directions", n_directions)
    steps = check_positive_int("steps", steps)
    rng = check_rng(rng)
    scale_by_std = check_flag("scale_by_std", scale_by_std)
    top = _check_top_directions(top_directions, n_directions)

    thetas = np.empty((steps + 1, *theta.shape))
    losses = np.empty(steps + 1)
    thetas[0], losses[0] = theta, check_scalar_loss(loss_fn(theta), "loss_fn")
    # Overflow to inf is caught below and reported in words; numpy's warnings would be noise.
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(steps):
            theta, loss = _ars_step(loss_fn, theta, rng, alpha, nu, n_directions, top, scale_by_std)
            if not (np.all(np.isfinite(theta)) and np.isfinite(loss)):
                raise DivergenceError(
                    f"augmented_random_search diverged at step {step + 1}: the loss or "
                    "parameters became non-finite (inf or nan). Try a smaller step_size or noise."
                )
            thetas[step + 1], losses[step + 1] = theta, loss
    return ARSResult(
        theta=theta,
        loss=float(losses[-1]),
        thetas=thetas,
        losses=losses,
        loss_evals=2 * n_directions * steps,
    )


def _check_top_directions(top_directions: Any, n_directions: int) -> int:
    """b, the number of directions kept: 1 <= b <= N (default N, all of them)."""
    if top_directions is None:
        return n_directions
    top = check_positive_int("top_directions", top_directions)
    if top > n_directions:
        raise ValueError(
            f"top_directions must be <= n_directions={n_directions}, "
            f"got top_directions={top_directions!r}"
        )
    return top


def _ars_step(
    loss_fn: LossFn,
    theta: np.ndarray,
    rng: np.random.Generator,
    alpha: float,
    nu: float,
    n_directions: int,
    top: int,
    scale_by_std: bool,
) -> tuple[np.ndarray, float]:
    """One ARS update; returns the new parameters and their loss."""
    deltas = rng.standard_normal((n_directions, *theta.shape))
    gain_plus = np.array([-float(loss_fn(theta + nu * d)) for d in deltas])
    gain_minus = np.array([-float(loss_fn(theta - nu * d)) for d in deltas])
    # Keep the b directions whose better probe scored best.
    keep = np.argsort(-np.maximum(gain_plus, gain_minus), kind="stable")[:top]
    weights = gain_plus[keep] - gain_minus[keep]
    update = np.tensordot(weights, deltas[keep], axes=1) * (alpha / top)
    if scale_by_std:
        sigma = np.std(np.concatenate([gain_plus[keep], gain_minus[keep]]))
        # All probes equal (a flat loss): no information, so no move.
        update = update / sigma if sigma > 0 else np.zeros_like(update)
    theta = theta + update
    return theta, float(loss_fn(theta))


__all__ = [
    "finite_difference_gradient",
    "gradient_check",
    "random_search",
    "RandomSearchResult",
    "augmented_random_search",
    "ARSResult",
]
