"""How much does an optimizer's ``update`` cost next to the cheapest pure numpy?

For every optimizer of :data:`gdcourse.optimizers.REGISTRY`, on 1e6 float64 parameters,
this prints the ratio

    time of ``optimizer.update(theta, state, grad_fn)``
    ----------------------------------------------------------------------
    time of the cheapest pure numpy expression of the same rule

and the fixed cost (microseconds) of one ``update`` on 2 parameters, where the numpy
work is negligible and what is left is Python: argument checks, the state tuple, the
schedule lookup. Target: ratio <= 1.2.

"Pure" means fresh output arrays, as a pure update needs (nothing is written in place).
"Cheapest" means scalar factors folded together (``(lr / c1) * m`` instead of
``lr * (m / c1)``, one pass over memory less) and no argument checks. The library's
updates are written as their equations instead (``m_hat = m / (1 - beta1**t)``); the
ratio is the price of that readability plus the checks (one extra pass over the
gradient, to refuse inf and nan). Each reference is checked against the library's
update before it is timed, so both compute the same rule.

Run: ``python bench/bench_update.py`` (20-40 s; best of several ``timeit`` repeats, in
CPU time of this process, the two versions timed in turns).
"""

from __future__ import annotations

import math
import os
import sys
import time
import timeit

# One BLAS thread (line search's loss uses a dot product): on a shared 2-core machine
# threaded BLAS only adds noise to a comparison of two single-threaded loops.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

from gdcourse import optimizers as opt  # noqa: E402

N = 1_000_000
REPEAT = 11
TARGET = 1.2
# CPU time of this process (user + system, so page faults count): on a shared machine
# wall-clock time mostly measures the other processes.
TIMER = time.process_time
RNG = np.random.default_rng(0)
THETA = RNG.standard_normal(N)
G = RNG.standard_normal(N)


def grad_fn(theta):
    return G


def loss_fn(theta):
    return 0.5 * float(theta @ theta)


# ---------------------------------------------------------------- the cheapest pure rules
# Each takes the optimizer (for its hyperparameters), theta, the state and grad_fn, and
# returns the new theta and the new state's arrays, in the state's field order.


def pure_gd(o, theta, s, grad_fn):
    return theta - o.lr * grad_fn(theta), ()


def pure_momentum(o, theta, s, grad_fn):
    u = o.gamma * s.u + o.lr * grad_fn(theta)
    return theta - u, (u,)


def pure_nag(o, theta, s, grad_fn):
    carried = o.gamma * s.u
    u = carried + o.lr * grad_fn(theta - carried)
    return theta - u, (u,)


def pure_adagrad(o, theta, s, grad_fn):
    g = grad_fn(theta)
    v = s.v + g * g
    return theta - o.lr * g / (np.sqrt(v) + o.eps), (v,)


def pure_rmsprop(o, theta, s, grad_fn):
    g = grad_fn(theta)
    v = o.beta * s.v + (1 - o.beta) * (g * g)
    return theta - o.lr * g / (np.sqrt(v) + o.eps), (v,)


def pure_adadelta(o, theta, s, grad_fn):
    g = grad_fn(theta)
    v = o.rho * s.v + (1 - o.rho) * (g * g)
    change = np.sqrt(s.delta + o.eps) / np.sqrt(v + o.eps) * g
    delta = o.rho * s.delta + (1 - o.rho) * (change * change)
    return theta - o.lr * change, (v, delta)


def _moments(o, s, g):
    return o.beta1 * s.m + (1 - o.beta1) * g, o.beta2 * s.v + (1 - o.beta2) * (g * g)


def _corrections(o, s):
    t = s.t + 1
    return o.lr / (1 - o.beta1**t), 1 / math.sqrt(1 - o.beta2**t)


def pure_adam(o, theta, s, grad_fn):
    m, v = _moments(o, s, grad_fn(theta))
    step, root = _corrections(o, s)
    return theta - step * m / (np.sqrt(v) * root + o.eps), (m, v)


def pure_amsgrad(o, theta, s, grad_fn):
    m, v = _moments(o, s, grad_fn(theta))
    v_max = np.maximum(s.v_max, v)
    step, root = _corrections(o, s)
    return theta - step * m / (np.sqrt(v_max) * root + o.eps), (m, v, v_max)


def pure_adamax(o, theta, s, grad_fn):
    g = grad_fn(theta)
    m = o.beta1 * s.m + (1 - o.beta1) * g
    u = np.maximum(o.beta2 * s.u, np.abs(g) + o.eps)
    step, _ = _corrections(o, s)
    return theta - step * m / u, (m, u)


def pure_nadam(o, theta, s, grad_fn):
    g = grad_fn(theta)
    m, v = _moments(o, s, g)
    t = s.t + 1
    mu, mu_next = o.mu(t), o.mu(t + 1)
    product = s.mu_product * mu
    c_g = o.lr * (1 - mu) / (1 - product)
    c_m = o.lr * mu_next / (1 - product * mu_next)
    _, root = _corrections(o, s)
    return theta - (c_g * g + c_m * m) / (np.sqrt(v) * root + o.eps), (m, v)


def pure_rprop(o, theta, s, grad_fn):
    g = grad_fn(theta)
    agreement = g * s.prev
    factor = np.where(agreement > 0, o.eta_plus, np.where(agreement < 0, o.eta_minus, 1.0))
    step_size = np.clip(s.step_size * factor, o.step_min, o.step_max)
    g = np.where(agreement < 0, 0.0, g)
    return theta - np.sign(g) * step_size, (g, step_size)


def pure_yogi(o, theta, s, grad_fn):
    g = grad_fn(theta)
    m = o.beta1 * s.m + (1 - o.beta1) * g
    g2 = g * g
    v = s.v - (1 - o.beta2) * np.sign(s.v - g2) * g2
    step, root = _corrections(o, s)
    return theta - step * m / (np.sqrt(v) * root + o.eps), (m, v)


def pure_line_search(o, theta, s, grad_fn):
    g = grad_fn(theta)
    best, best_loss = None, math.inf
    for lr in o.lrs:
        trial = theta - lr * g
        loss = o.loss_fn(trial)
        if loss < best_loss:
            best, best_loss = trial, loss
    return best, ()


PURE = {
    "GD": pure_gd,
    "Momentum": pure_momentum,
    "NAG": pure_nag,
    "AdaGrad": pure_adagrad,
    "RMSProp": pure_rmsprop,
    "Adadelta": pure_adadelta,
    "Adam": pure_adam,
    "AMSGrad": pure_amsgrad,
    "AdaMax": pure_adamax,
    "NAdam": pure_nadam,
    "Rprop": pure_rprop,
    "Yogi": pure_yogi,
    "LineSearchGD": pure_line_search,
}


def build(cls):
    """The optimizer with its defaults (line search gets a loss; GD-likes a usable lr)."""
    names = {spec.name for spec in cls.hyperparameters()}
    return cls(loss_fn) if "loss_fn" in names else cls()


def arrays(state):
    return tuple(x for x in state if isinstance(x, np.ndarray))


def check_same_rule(name, optimizer, theta, state):
    ours_theta, ours_state = optimizer.update(theta, state, grad_fn)
    pure_theta, pure_arrays = PURE[name](optimizer, theta, state, grad_fn)
    np.testing.assert_allclose(pure_theta, ours_theta, rtol=1e-12, atol=1e-15, err_msg=name)
    for a, b in zip(pure_arrays, arrays(ours_state), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15, err_msg=name)


def interleaved_best(first, second, number: int) -> tuple[float, float]:
    """Best time per call of each, timing them in turns so both see the same machine load."""
    best = [math.inf, math.inf]
    for _ in range(REPEAT):
        for i, function in enumerate((first, second)):
            best[i] = min(best[i], timeit.timeit(function, timer=TIMER, number=number) / number)
    return best[0], best[1]


def started(optimizer, theta, gradient):
    """theta and a non-trivial state after one update."""
    return optimizer.update(theta, optimizer.init(theta), gradient)


def main() -> int:
    missing = set(opt.REGISTRY) - set(PURE)
    if missing:
        print(f"no pure reference for {sorted(missing)}: add one to bench/bench_update.py")
        return 1
    small = np.array([0.5, -0.25])
    small_grad = lambda theta: np.array([1.0, -2.0])  # noqa: E731

    print(f"update cost on {N:.0e} float64 parameters (best of {REPEAT} repeats)")
    print(f"{'optimizer':<14}{'update ms':>11}{'pure ms':>10}{'ratio':>8}{'2-param us':>12}")
    ratios = {}
    for name, cls in opt.REGISTRY.items():
        optimizer, pure = build(cls), PURE[name]
        theta, state = started(optimizer, THETA, grad_fn)
        check_same_rule(name, optimizer, theta, state)
        t_ours, t_pure = interleaved_best(
            lambda o=optimizer, th=theta, st=state: o.update(th, st, grad_fn),
            lambda o=optimizer, f=pure, th=theta, st=state: f(o, th, st, grad_fn),
            1,
        )
        th_small, st_small = started(optimizer, small, small_grad)
        t_small = min(
            timeit.repeat(
                lambda o=optimizer, th=th_small, st=st_small: o.update(th, st, small_grad),
                timer=TIMER,
                number=2000,
                repeat=5,
            )
        )
        ratios[name] = t_ours / t_pure
        print(
            f"{name:<14}{t_ours * 1e3:>11.2f}{t_pure * 1e3:>10.2f}{ratios[name]:>8.2f}"
            f"{t_small / 2000 * 1e6:>12.1f}"
        )
    worst_name = max(ratios, key=ratios.__getitem__)
    worst = ratios[worst_name]
    verdict = "PASS" if worst <= TARGET else "FAIL"
    print(f"worst ratio {worst:.2f} ({worst_name}); target <= {TARGET}: {verdict}")
    print(
        f"RESULT: update on 1e6 parameters, worst {worst:.2f}x the cheapest pure numpy "
        f"({worst_name}; target <= {TARGET}x: {verdict}); "
        + ", ".join(f"{name} {ratio:.2f}x" for name, ratio in ratios.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
