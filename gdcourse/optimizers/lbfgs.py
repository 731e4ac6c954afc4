"""L-BFGS: a quasi-Newton step built from the last few gradient differences."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .._checks import check_scalar_loss
from ._spec import GradFn, Optimizer, Step, hyper, lr_field


class LBFGSState(NamedTuple):
    r"""``s``, ``y``: the stored steps :math:`s_i = \theta_{i+1} - \theta_i` and gradient
    changes :math:`y_i = g_{i+1} - g_i` (oldest first, at most ``history_size``; torch's
    ``old_stps`` and ``old_dirs``); ``rho``: :math:`1 / y_i^\top s_i` (torch's ``ro``);
    ``gamma``: the scale :math:`y^\top s / y^\top y` of the initial inverse Hessian
    (torch's ``H_diag``); ``d``: the last search direction; ``alpha``: the last step
    length along it (torch's ``t``); ``g_prev``, ``loss_prev``: gradient and loss at the
    start of the last iteration; ``n_iter``: L-BFGS iterations so far; ``func_evals``:
    loss-and-gradient evaluations so far; ``t``: steps (calls of ``update``) taken."""

    s: tuple[np.ndarray, ...]
    y: tuple[np.ndarray, ...]
    rho: tuple[float, ...]
    gamma: float
    d: np.ndarray | None
    alpha: float
    g_prev: np.ndarray | None
    loss_prev: float
    n_iter: int
    func_evals: int
    t: int


@dataclass(frozen=True, eq=False)
class LBFGS(Optimizer):
    r"""Limited-memory BFGS (Nocedal, 1980; Liu & Nocedal, 1989), as ``torch.optim.LBFGS``.

    Newton's step is :math:`-H^{-1} g`. L-BFGS never forms :math:`H^{-1}`: it applies an
    approximation built from the last :math:`m` pairs :math:`(s_i, y_i)` with the
    two-loop recursion

    .. math::

        q &\leftarrow -g; \quad
        \text{for } i = k-1, \dots, k-m:\ a_i = \rho_i s_i^\top q,\ q \leftarrow q - a_i y_i \\
        r &\leftarrow \gamma q; \quad
        \text{for } i = k-m, \dots, k-1:\ b_i = \rho_i y_i^\top r,\
        r \leftarrow r + (a_i - b_i) s_i \\
        d &= r, \qquad \theta \leftarrow \theta + \alpha d ,

    with :math:`\rho_i = 1 / y_i^\top s_i` and :math:`\gamma = y^\top s / y^\top y` of
    the newest pair. A pair is stored only if :math:`y^\top s > 10^{-10}` (curvature
    along the step is positive), which keeps the approximation positive definite.
    The step length :math:`\alpha` is ``lr`` (the first iteration ever uses
    :math:`\min(1, 1/\|g\|_1)\,\eta`), or is chosen by a line search satisfying the
    strong Wolfe conditions.

    One ``update`` is one ``torch.optim.LBFGS.step``: up to ``max_iter`` iterations,
    calling ``loss_fn`` and ``grad_fn`` several times.

    Parameters
    ----------
    loss_fn : callable
        ``theta -> loss``, the function being minimised (usually ``problem.loss``); it
        must be the full-batch loss whose gradient ``grad_fn`` returns.
    lr : float
        :math:`\eta` (>= 0): the step length without line search, the first trial step
        with it.
    max_iter : int
        Iterations per ``update`` (>= 1).
    max_eval : int or None
        Loss-and-gradient evaluations per ``update`` (>= 1); ``None`` means
        ``max_iter * 5 // 4``.
    tolerance_grad : float
        Stop when :math:`\max_i |g_i| \le` this (>= 0).
    tolerance_change : float
        Stop when a step, or the change in loss, is below this (>= 0).
    history_size : int
        :math:`m` (>= 1), how many pairs :math:`(s_i, y_i)` are kept.
    line_search_fn : {None, "strong_wolfe"}
        ``"strong_wolfe"``: torch's bracketing and cubic-interpolation line search.

    Notes
    -----
    Follows ``torch.optim.LBFGS(params, lr=1, max_iter=20, max_eval=None,
    tolerance_grad=1e-7, tolerance_change=1e-9, history_size=100, line_search_fn=None)``
    step by step, including its stopping tests and its line search (ported from torch's
    ``_strong_wolfe`` and ``_cubic_interpolate``, themselves after minFunc).

    L-BFGS is a full-batch method: its pairs :math:`(s, y)` compare gradients at two
    points, and the line search compares losses. On mini-batches both differences mix
    the change of point with the change of batch, and the method breaks down. Run it
    with full batches only.
    """

    loss_fn: Callable[[np.ndarray], Any] = hyper(
        symbol="L", latex="L", meaning="the full-batch loss", kind="function"
    )
    lr: float = lr_field(1.0, "step length (first trial step with line search)",
                         schedulable=False)  # fmt: skip
    max_iter: int = hyper(20, "max_iter", "", "iterations per update", kind="whole", low=1)
    max_eval: int | None = hyper(None, "max_eval", "", "loss evaluations per update "
                                 "(None: max_iter * 5 // 4)", kind="whole", low=1,
                                 optional=True)  # fmt: skip
    tolerance_grad: float = hyper(1e-7, "tol_grad", "", "stop when no gradient entry is larger",
                                  low=0.0)  # fmt: skip
    tolerance_change: float = hyper(1e-9, "tol_change", "", "stop when a step or a loss "
                                    "change is below", low=0.0)  # fmt: skip
    history_size: int = hyper(100, "m", "m", "pairs (s, y) kept", kind="whole", low=1)
    line_search_fn: str | None = hyper(None, "line search", "", "how the step length is "
                                       "chosen (None: lr)", kind="choice",
                                       choices=(None, "strong_wolfe"))  # fmt: skip

    State = LBFGSState
    full_batch_only = True  # gdcourse.run refuses mini-batches

    @property
    def evaluations(self) -> int:
        """The budget of loss evaluations per ``update``: ``max_eval`` or torch's default."""
        return self.max_iter * 5 // 4 if self.max_eval is None else self.max_eval

    def init(self, theta: ArrayLike) -> LBFGSState:
        self.start(theta)
        return LBFGSState(
            s=(), y=(), rho=(), gamma=1.0, d=None, alpha=math.nan, g_prev=None,
            loss_prev=math.nan, n_iter=0, func_evals=0, t=0,
        )  # fmt: skip

    def _evaluate(self, theta: np.ndarray, grad_fn: GradFn, t: int) -> tuple[float, np.ndarray]:
        return check_scalar_loss(self.loss_fn(theta), "loss_fn"), self.gradient(grad_fn, theta, t)

    def update(self, theta: np.ndarray, state: LBFGSState, grad_fn: GradFn) -> Step[LBFGSState]:
        theta = x = self.check_inputs(theta, state, grad_fn)
        loss, g = self._evaluate(x, grad_fn, state.t)
        evals, func_evals = 1, state.func_evals + 1
        if np.abs(g).max() <= self.tolerance_grad:  # already optimal: no step
            d, g_prev = (None if a is None else a.copy() for a in (state.d, state.g_prev))
            return x.copy(), state._replace(
                d=d, g_prev=g_prev, func_evals=func_evals, t=state.t + 1
            )
        S, Y, rho, gamma = list(state.s), list(state.y), list(state.rho), state.gamma
        d, alpha, g_prev, loss_prev, n_total = (
            state.d, state.alpha, state.g_prev, state.loss_prev, state.n_iter
        )  # fmt: skip
        tol_change, opt_cond = self.tolerance_change, False
        for n_iter in range(1, self.max_iter + 1):
            n_total += 1
            if n_total == 1:
                d, S, Y, rho, gamma = -g, [], [], [], 1.0
            else:
                assert d is not None and g_prev is not None  # set by the first iteration
                y_new = g - g_prev
                s_new = d * alpha
                ys = dot(y_new, s_new)
                if ys > 1e-10:  # positive curvature: keep the pair
                    if len(Y) == self.history_size:
                        del S[0], Y[0], rho[0]
                    Y.append(y_new)
                    S.append(s_new)
                    rho.append(1.0 / ys)
                    gamma = ys / dot(y_new, y_new)
                d = two_loop(g, S, Y, rho, gamma)
            g_prev, loss_prev = g.copy(), loss  # a copy: never keep what grad_fn returned
            alpha = min(1.0, 1.0 / np.abs(g).sum()) * self.lr if n_total == 1 else self.lr
            gtd = dot(g, d)
            if gtd > -tol_change:  # not a descent direction (any more)
                break
            new_evals = 0
            if self.line_search_fn == "strong_wolfe":

                def along(
                    x0: np.ndarray, step: float, direction: np.ndarray
                ) -> tuple[float, np.ndarray]:
                    return self._evaluate(x0 + step * direction, grad_fn, state.t)

                loss, g, alpha, new_evals = strong_wolfe(
                    along, x, alpha, d, loss, g, gtd, max_ls=self.evaluations - evals
                )
                x = x + alpha * d
                opt_cond = np.abs(g).max() <= self.tolerance_grad
            else:
                x = x + alpha * d
                if n_iter != self.max_iter:
                    loss, g = self._evaluate(x, grad_fn, state.t)
                    opt_cond = np.abs(g).max() <= self.tolerance_grad
                    new_evals = 1
            evals += new_evals
            func_evals += new_evals
            if n_iter == self.max_iter or evals >= self.evaluations or opt_cond:
                break
            if np.abs(d * alpha).max() <= tol_change or abs(loss - loss_prev) < tol_change:
                break
        new_state = LBFGSState(
            s=tuple(S), y=tuple(Y), rho=tuple(rho), gamma=gamma, d=d, alpha=alpha,
            g_prev=g_prev, loss_prev=loss_prev, n_iter=n_total, func_evals=func_evals,
            t=state.t + 1,
        )  # fmt: skip
        return (x.copy() if x is theta else x), new_state  # never hand back the input


def dot(a: np.ndarray, b: np.ndarray) -> float:
    """The inner product of two parameter arrays of any shape (torch flattens them too).

    Products, then numpy's sum, rather than BLAS's ``vdot``: OpenBLAS picks its dot kernel
    by processor, and the AVX-512 one rounds differently (fused multiply-adds). L-BFGS's
    curvature pairs magnify that last bit to 1e-6 within a few iterations on Rosenbrock,
    where this form matches torch's recorded paths at 1e-12 on every processor.
    """
    return float((a * b).sum())


def two_loop(
    g: np.ndarray,
    S: list[np.ndarray],
    Y: list[np.ndarray],
    rho: list[float],
    gamma: float,
) -> np.ndarray:
    """The L-BFGS direction :math:`-H g` by the two-loop recursion (torch's order)."""
    q = -g
    a = [0.0] * len(S)
    for i in range(len(S) - 1, -1, -1):
        a[i] = dot(S[i], q) * rho[i]
        q = q - a[i] * Y[i]
    r = q * gamma
    for i in range(len(S)):
        b = dot(Y[i], r) * rho[i]
        r = r + (a[i] - b) * S[i]
    return r


def cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds=None):
    """Minimiser of the cubic through two points with values ``f`` and slopes ``g``,
    clamped to ``bounds`` (default: between the points); the midpoint if the cubic has
    no minimum. A port of torch's ``_cubic_interpolate``."""
    if bounds is not None:
        xmin_bound, xmax_bound = bounds
    else:
        xmin_bound, xmax_bound = (x1, x2) if x1 <= x2 else (x2, x1)
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1**2 - g1 * g2
    if d2_square >= 0:
        d2 = math.sqrt(d2_square)
        if x1 <= x2:
            min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        else:
            min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return min(max(min_pos, xmin_bound), xmax_bound)
    return (xmin_bound + xmax_bound) / 2.0


def strong_wolfe(obj_func, x, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
    r"""A step length ``t`` along ``d`` satisfying the strong Wolfe conditions

    .. math::

        L(x + t d) \le L(x) + c_1 t\, g^\top d, \qquad
        |\nabla L(x + t d)^\top d| \le c_2 |g^\top d| ,

    found by bracketing and cubic interpolation (a port of torch's ``_strong_wolfe``).
    ``obj_func(x, t, d)`` returns the loss and gradient at ``x + t d``. Returns the
    loss, the gradient, ``t`` and the number of evaluations.
    """
    d_norm = np.abs(d).max()
    f_new, g_new = obj_func(x, t, d)
    ls_func_evals = 1
    gtd_new = dot(g_new, d)

    t_prev, f_prev, g_prev, gtd_prev = 0, f, g, gtd
    done = False
    ls_iter = 0
    # 1. bracketing: grow t until an interval holds a point satisfying the conditions
    while ls_iter < max_ls:
        if f_new > (f + c1 * t * gtd) or (ls_iter > 1 and f_new >= f_prev):
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new], [gtd_prev, gtd_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket, bracket_f, bracket_g = [t], [f_new], [g_new]
            done = True
            break
        if gtd_new >= 0:
            bracket, bracket_f = [t_prev, t], [f_prev, f_new]
            bracket_g, bracket_gtd = [g_prev, g_new], [gtd_prev, gtd_new]
            break
        # extrapolate with a cubic, between 1.01 t and 10 t
        min_step = t + 0.01 * (t - t_prev)
        max_step = t * 10
        tmp = t
        t = cubic_interpolate(
            t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds=(min_step, max_step)
        )
        t_prev, f_prev, g_prev, gtd_prev = tmp, f_new, g_new, gtd_new
        f_new, g_new = obj_func(x, t, d)
        ls_func_evals += 1
        gtd_new = dot(g_new, d)
        ls_iter += 1
    if ls_iter == max_ls:  # reached the evaluation budget
        bracket, bracket_f, bracket_g = [0, t], [f, f_new], [g, g_new]

    # 2. zoom: shrink the bracket until a point satisfies the conditions
    insuf_progress = False
    low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    while not done and ls_iter < max_ls:
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:
            break
        t = cubic_interpolate(
            bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1]
        )
        # keep clear of the bracket's ends, or the search may stall there
        eps = 0.1 * (max(bracket) - min(bracket))
        if min(max(bracket) - t, t - min(bracket)) < eps:
            if insuf_progress or t >= max(bracket) or t <= min(bracket):
                if abs(t - max(bracket)) < abs(t - min(bracket)):
                    t = max(bracket) - eps
                else:
                    t = min(bracket) + eps
                insuf_progress = False
            else:
                insuf_progress = True
        else:
            insuf_progress = False
        f_new, g_new = obj_func(x, t, d)
        ls_func_evals += 1
        gtd_new = dot(g_new, d)
        ls_iter += 1
        if f_new > (f + c1 * t * gtd) or f_new >= bracket_f[low_pos]:
            bracket[high_pos], bracket_f[high_pos] = t, f_new
            bracket_g[high_pos], bracket_gtd[high_pos] = g_new, gtd_new
            low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high_pos] - bracket[low_pos]) >= 0:
                bracket[high_pos], bracket_f[high_pos] = bracket[low_pos], bracket_f[low_pos]
                bracket_g[high_pos] = bracket_g[low_pos]
                bracket_gtd[high_pos] = bracket_gtd[low_pos]
            bracket[low_pos], bracket_f[low_pos] = t, f_new
            bracket_g[low_pos], bracket_gtd[low_pos] = g_new, gtd_new
    return bracket_f[low_pos], bracket_g[low_pos], bracket[low_pos], ls_func_evals
