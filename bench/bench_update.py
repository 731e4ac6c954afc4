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
ratio is the price of that readability plus the checks. Each reference is checked
against the library's update before it is timed, so both compute the same rule.

Two more ratios separate those two prices:

- "+check": the update against the reference plus the one read of the gradient that
  every update must make to refuse inf and nan (``all_finite``, the library's check).
  The project's rules ask for both the refusal and the 1.2x; for the cheapest rules
  (GD, ASGD: two or three passes over memory) that one read alone is 15-30 % of the
  reference, so this column is the update's price against the cheapest code that
  meets both rules.
- "equations": the optimizer's ``step(theta, g, state)`` alone (its update equations,
  without the checks and the gradient call that ``update`` wraps around them), for the
  optimizers whose ``update`` is the base class's.

Timing: single calls, the versions in turns, the median of ``SAMPLES`` calls each, in
CPU time of this process. A call's time is bimodal: an 8 MB result either reuses memory
the allocator kept or takes fresh pages from the system (page faults, up to 3x slower),
and which happens depends on the allocations before it. The best of a few repeats
compares each side's luckiest case, which need not be the same case (the reference for
GD took 3.8 ms where ASGD's, more work, took 1.8 ms); the median of calls made in turns
compares typical with typical.

Run: ``python bench/bench_update.py`` (30-60 s).
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import time
import timeit

# One BLAS thread (line search's loss uses a dot product): on a shared 2-core machine
# threaded BLAS only adds noise to a comparison of two single-threaded loops.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

from gdcourse import optimizers as opt  # noqa: E402
from gdcourse._checks import all_finite  # noqa: E402
from gdcourse.optimizers import Optimizer  # noqa: E402
from gdcourse.optimizers.muon import newton_schulz  # noqa: E402
from gdcourse.optimizers.schedule_free import averaging_weight  # noqa: E402

N = 1_000_000
SAMPLES = 41
TARGET = 1.2
# CPU time of this process (user + system, so page faults count): on a shared machine
# wall-clock time mostly measures the other processes.
TIMER = time.process_time
RNG = np.random.default_rng(0)
THETA = RNG.standard_normal(N)
G = RNG.standard_normal(N)


def grad_fn(theta):
    return G if theta.ndim == 1 else G.reshape(theta.shape)


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


def pure_adamw(o, theta, s, grad_fn):
    m, v = _moments(o, s, grad_fn(theta))
    step, root = _corrections(o, s)
    decayed = (1 - o.lr * o.weight_decay) * theta
    return decayed - step * m / (np.sqrt(v) * root + o.eps), (m, v)


def pure_radam(o, theta, s, grad_fn):
    m, v = _moments(o, s, grad_fn(theta))
    t, beta2 = s.t + 1, o.beta2
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2 * t * beta2**t / (1 - beta2**t)
    if rho_t <= 5:
        return theta - o.lr / (1 - o.beta1**t) * m, (m, v)
    r = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
    step = o.lr * r * math.sqrt(1 - beta2**t) / (1 - o.beta1**t)
    return theta - step * m / (np.sqrt(v) + o.eps), (m, v)


def pure_adafactor(o, theta, s, grad_fn):
    # one factored matrix, no weight decay, eps1 = None (the defaults)
    G = grad_fn(theta)
    t = s.t + 1
    w, eps1 = t**o.beta2_decay, np.finfo(np.float64).eps
    alpha = max(o.eps2, np.linalg.norm(theta) / math.sqrt(theta.size)) * min(o.lr, t**-0.5)
    G2 = G * G
    R = (1 - w) * s.R[0] + w * G2.mean(axis=1, keepdims=True)
    C = (1 - w) * s.C[0] + w * G2.mean(axis=0, keepdims=True)
    U = G / np.sqrt(np.maximum(R @ C / max(R.mean(), eps1), eps1 * eps1))
    clip = max(1.0, np.linalg.norm(U) / (math.sqrt(U.size) * o.d))
    return theta - (alpha / clip) * U, (R, C)


def pure_asgd(o, theta, s, grad_fn):
    new = (1 - o.lambd * s.eta) * theta - s.eta * grad_fn(theta)
    return new, (new.copy(),)  # mu = 1 until t0: the average is the iterate (a copy)


def pure_lion(o, theta, s, grad_fn):
    g = grad_fn(theta)
    c = o.beta1 * s.m + (1 - o.beta1) * g
    m = o.beta2 * s.m + (1 - o.beta2) * g
    return theta - o.lr * np.sign(c), (m,)  # weight_decay 0, the default


def pure_muon(o, theta, s, grad_fn):
    # one matrix block: its momentum B (no vector blocks, so no AdamW moments m, v)
    G = grad_fn(theta)
    B = o.momentum * s.B[0] + (1 - o.momentum) * G
    O = newton_schulz(o.momentum * B + (1 - o.momentum) * G, o.ns_steps, o.ns_coefficients, o.eps)
    scale = o.lr * math.sqrt(max(1, theta.shape[0] / theta.shape[1]))
    return (1 - o.lr * o.weight_decay) * theta - scale * O, (B,)


def pure_schedule_free_sgd(o, theta, s, grad_fn):
    lr_t, _, _, c = averaging_weight(o, s)
    y = (1 - o.beta) * s.z + o.beta * theta
    z = s.z - lr_t * grad_fn(y)  # weight_decay 0, the default
    return (1 - c) * theta + c * z, (z, y)


def pure_schedule_free_adamw(o, theta, s, grad_fn):
    lr_t, _, _, c = averaging_weight(o, s)
    y = (1 - o.beta1) * s.z + o.beta1 * theta
    g = grad_fn(y)
    v = o.beta2 * s.v + (1 - o.beta2) * (g * g)
    root = 1 / math.sqrt(1 - o.beta2 ** (s.t + 1))
    z = s.z - lr_t * g / (np.sqrt(v) * root + o.eps)
    return (1 - c) * theta + c * z, (z, y, v)


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
    "AdamW": pure_adamw,
    "RAdam": pure_radam,
    "Adafactor": pure_adafactor,
    "ASGD": pure_asgd,
    "Lion": pure_lion,
    "Muon": pure_muon,
    "ScheduleFreeSGD": pure_schedule_free_sgd,
    "ScheduleFreeAdamW": pure_schedule_free_adamw,
}

#: Registered optimizers without a reference, and why.
SKIPPED = {
    "LBFGS": "one update is up to max_iter iterations with loss evaluations, a line search "
    "and a history of pairs: no single expression to compare with",
}

#: Optimizers timed on a matrix of the N parameters (their rule acts on matrices).
#: Muon's shape keeps its Newton-Schulz products (100 x 100 Gram matrices) from
#: swamping the elementwise work the bench is about.
MATRIX = {"Adafactor": (1000, 1000), "Muon": (100, 10_000)}

#: Steps to take before timing, so that the timed step is a typical one (RAdam switches
#: its adaptive step on after 5 steps with the default beta2).
WARM_UP = {"RAdam": 10}


def build(cls):
    """The optimizer with its defaults (line search gets a loss; GD-likes a usable lr)."""
    names = {spec.name for spec in cls.hyperparameters()}
    return cls(loss_fn) if "loss_fn" in names else cls()


def arrays(state):
    """The state's arrays in field order (per-block tuples opened, None left out)."""
    found = []
    for value in state:
        found += [x for x in (value if isinstance(value, tuple) else (value,)) if x is not None]
    return tuple(x for x in found if isinstance(x, np.ndarray))


def check_same_rule(name, optimizer, theta, state):
    ours_theta, ours_state = optimizer.update(theta, state, grad_fn)
    pure_theta, pure_arrays = PURE[name](optimizer, theta, state, grad_fn)
    np.testing.assert_allclose(pure_theta, ours_theta, rtol=1e-12, atol=1e-15, err_msg=name)
    for a, b in zip(pure_arrays, arrays(ours_state), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15, err_msg=name)


def medians_in_turns(*functions) -> list[float]:
    """Median time per call of each function, calling them in turns (see the docstring)."""
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(SAMPLES):
        for function, taken in zip(functions, times, strict=True):
            start = TIMER()
            function()
            taken.append(TIMER() - start)
    return [statistics.median(taken) for taken in times]


def started(optimizer, theta, gradient, steps=1):
    """theta and a non-trivial state after ``steps`` updates."""
    state = optimizer.init(theta)
    for _ in range(steps):
        theta, state = optimizer.update(theta, state, gradient)
    return theta, state


def main() -> int:
    missing = set(opt.REGISTRY) - set(PURE) - set(SKIPPED)
    if missing:
        print(f"no pure reference for {sorted(missing)}: add one to bench/bench_update.py")
        return 1
    small = np.array([0.5, -0.25])
    small_grad = lambda theta: np.array([1.0, -2.0])  # noqa: E731
    small_grad_matrix = lambda theta: np.array([[1.0, -2.0]])  # noqa: E731

    print(f"update cost on {N:.0e} float64 parameters (median of {SAMPLES} calls in turns)")
    print(
        f"{'optimizer':<18}{'update ms':>11}{'pure ms':>10}{'ratio':>8}{'+check':>8}"
        f"{'equations':>11}{'2-param us':>12}"
    )
    ratios, checked_ratios, equation_ratios = {}, {}, {}
    for name, reason in SKIPPED.items():
        print(f"{name:<18}skipped: {reason}")
    for name, cls in opt.REGISTRY.items():
        if name in SKIPPED:
            continue
        optimizer, pure = build(cls), PURE[name]
        start = THETA.reshape(MATRIX[name]) if name in MATRIX else THETA
        theta, state = started(optimizer, start, grad_fn, WARM_UP.get(name, 1))
        check_same_rule(name, optimizer, theta, state)
        g = grad_fn(theta)
        timed = [
            lambda o=optimizer, th=theta, st=state: o.update(th, st, grad_fn),
            lambda o=optimizer, f=pure, th=theta, st=state: f(o, th, st, grad_fn),
            lambda g=g: all_finite(g),
        ]
        base_update = type(optimizer).update is Optimizer.update  # checks, then step
        if base_update:
            timed.append(lambda o=optimizer, th=theta, st=state, g=g: o.step(th, g, st))
        t_ours, t_pure, t_check, *t_step = medians_in_turns(*timed)
        ratios[name] = t_ours / t_pure
        checked_ratios[name] = t_ours / (t_pure + t_check)
        equations = "-"
        if t_step:
            equation_ratios[name] = t_step[0] / t_pure
            equations = f"{equation_ratios[name]:.2f}"
        if name in MATRIX:  # the fixed cost on a 1 x 2 matrix
            th_small, st_small = started(optimizer, small.reshape(1, 2), small_grad_matrix)
            timed_grad = small_grad_matrix
        else:
            th_small, st_small = started(optimizer, small, small_grad)
            timed_grad = small_grad
        t_small = min(
            timeit.repeat(
                lambda o=optimizer, th=th_small, st=st_small, f=timed_grad: o.update(th, st, f),
                timer=TIMER,
                number=2000,
                repeat=5,
            )
        )
        print(
            f"{name:<18}{t_ours * 1e3:>11.2f}{t_pure * 1e3:>10.2f}{ratios[name]:>8.2f}"
            f"{checked_ratios[name]:>8.2f}{equations:>11}{t_small / 2000 * 1e6:>12.1f}"
        )
    worst = {
        column: max(values.items(), key=lambda item: item[1])
        for column, values in (
            ("ratio", ratios),
            ("+check", checked_ratios),
            ("equations", equation_ratios),
        )
    }
    verdicts = {
        column: "PASS" if ratio <= TARGET else "FAIL" for column, (_, ratio) in worst.items()
    }
    for column, (name, ratio) in worst.items():
        print(f"worst {column:<9} {ratio:.2f} ({name}); target <= {TARGET}: {verdicts[column]}")
    summary = "; ".join(
        f"{column} worst {ratio:.2f}x ({name}, {verdicts[column]})"
        for column, (name, ratio) in worst.items()
    )
    print(
        f"RESULT: update on 1e6 parameters vs the cheapest pure numpy (target <= {TARGET}x): "
        f"{summary}; " + ", ".join(f"{name} {ratio:.2f}x" for name, ratio in ratios.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
