"""How much does a pure ``update`` cost next to hand-fused, in-place numpy?

For every optimizer, on 1e6 float64 parameters, this prints the ratio

    time of ``optimizer.update(theta, state, grad_fn)``
    ----------------------------------------------------
    time of the same operations, in the same order, written inline with ``out=``
    into preallocated buffers that are overwritten in place

and the fixed overhead (microseconds) of one ``update`` on 2 parameters. The inline
version is the cheapest numpy can do for that sequence of operations: it allocates
nothing and mutates its buffers, which the library may not do (its updates are pure),
so the ratio measures the price of purity (fresh arrays) plus Python overhead.
Target: ratio <= 1.2. The gradient is precomputed so that only the update is timed.

Where the ratio comes from: the library runs the same passes over memory as the inline
code, plus a first touch of each fresh output array. glibc hands large freed blocks
back to the operating system once more than about two of them (16 MB) are free at
once, so new arrays must then be page-faulted and zeroed: one or two extra passes per
fresh array. Updates with few passes per output (Momentum: 4 passes, 2 outputs) pay
the most; long ones (Adam, NAdam) hardly notice.

Run: ``python bench/bench_update.py`` (10-20 s; best of several ``timeit`` repeats,
in CPU time of this process, the two versions timed in turns).
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
REPEAT = 15
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


# ---------------------------------------------------------------- inline references
# Each factory returns a zero-argument step; its buffers live in the closure.


def ref_gd(lr=0.01):
    theta, tmp = THETA.copy(), np.empty(N)

    def step():
        g = grad_fn(theta)
        np.multiply(g, lr, out=tmp)
        np.subtract(theta, tmp, out=theta)

    return step


def ref_momentum(lr=0.01, gamma=0.9):
    theta, u, tmp = THETA.copy(), np.zeros(N), np.empty(N)

    def step():
        g = grad_fn(theta)
        np.multiply(u, gamma, out=u)
        np.multiply(g, lr, out=tmp)
        np.add(u, tmp, out=u)
        np.subtract(theta, u, out=theta)

    return step


def ref_nag(lr=0.01, gamma=0.9):
    theta, u, look, tmp = THETA.copy(), np.zeros(N), np.empty(N), np.empty(N)

    def step():
        np.multiply(u, gamma, out=u)
        np.subtract(theta, u, out=look)
        g = grad_fn(look)
        np.multiply(g, lr, out=tmp)
        np.add(u, tmp, out=u)
        np.subtract(theta, u, out=theta)

    return step


def ref_adagrad(lr=0.01, eps=1e-10):
    theta, v, tmp = THETA.copy(), np.zeros(N), np.empty(N)

    def step():
        g = grad_fn(theta)
        np.multiply(g, g, out=tmp)
        np.add(v, tmp, out=v)
        np.sqrt(v, out=tmp)
        np.add(tmp, eps, out=tmp)
        np.divide(g, tmp, out=tmp)
        np.multiply(tmp, lr, out=tmp)
        np.subtract(theta, tmp, out=theta)

    return step


def ref_rmsprop(lr=0.01, beta=0.99, eps=1e-8):
    theta, v, tmp = THETA.copy(), np.zeros(N), np.empty(N)

    def step():
        g = grad_fn(theta)
        np.multiply(v, beta, out=v)
        np.multiply(g, g, out=tmp)
        np.multiply(tmp, 1.0 - beta, out=tmp)
        np.add(v, tmp, out=v)
        np.sqrt(v, out=tmp)
        np.add(tmp, eps, out=tmp)
        np.divide(g, tmp, out=tmp)
        np.multiply(tmp, lr, out=tmp)
        np.subtract(theta, tmp, out=theta)

    return step


def ref_adadelta(lr=1.0, rho=0.9, eps=1e-6):
    theta, v, delta = THETA.copy(), np.zeros(N), np.zeros(N)
    tmp, change = np.empty(N), np.empty(N)

    def step():
        g = grad_fn(theta)
        np.multiply(v, rho, out=v)
        np.multiply(g, g, out=tmp)
        np.multiply(tmp, 1.0 - rho, out=tmp)
        np.add(v, tmp, out=v)
        np.add(v, eps, out=tmp)
        np.sqrt(tmp, out=tmp)
        np.add(delta, eps, out=change)
        np.sqrt(change, out=change)
        np.divide(change, tmp, out=change)
        np.multiply(change, g, out=change)
        np.multiply(delta, rho, out=delta)
        np.multiply(change, change, out=tmp)
        np.multiply(tmp, 1.0 - rho, out=tmp)
        np.add(delta, tmp, out=delta)
        np.multiply(change, lr, out=change)
        np.subtract(theta, change, out=theta)

    return step


def _moments(m, v, g, tmp, beta1, beta2):
    np.multiply(m, beta1, out=m)
    np.multiply(g, 1.0 - beta1, out=tmp)
    np.add(m, tmp, out=m)
    np.multiply(v, beta2, out=v)
    np.multiply(g, g, out=tmp)
    np.multiply(tmp, 1.0 - beta2, out=tmp)
    np.add(v, tmp, out=v)


def ref_adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, amsgrad=False):
    theta, m, v, v_max, tmp = THETA.copy(), np.zeros(N), np.zeros(N), np.zeros(N), np.empty(N)
    count = [0]

    def step():
        g = grad_fn(theta)
        count[0] += 1
        t = count[0]
        _moments(m, v, g, tmp, beta1, beta2)
        if amsgrad:
            np.maximum(v_max, v, out=v_max)
        np.sqrt(v_max if amsgrad else v, out=tmp)
        np.divide(tmp, (1.0 - beta2**t) ** 0.5, out=tmp)
        np.add(tmp, eps, out=tmp)
        np.divide(m, tmp, out=tmp)
        np.multiply(tmp, lr / (1.0 - beta1**t), out=tmp)
        np.subtract(theta, tmp, out=theta)

    return step


def ref_adamax(lr=0.002, beta1=0.9, beta2=0.999, eps=1e-8):
    theta, m, u, tmp = THETA.copy(), np.zeros(N), np.zeros(N), np.empty(N)
    count = [0]

    def step():
        g = grad_fn(theta)
        count[0] += 1
        np.multiply(m, beta1, out=m)
        np.multiply(g, 1.0 - beta1, out=tmp)
        np.add(m, tmp, out=m)
        np.multiply(u, beta2, out=u)
        np.abs(g, out=tmp)
        np.add(tmp, eps, out=tmp)
        np.maximum(u, tmp, out=u)
        np.divide(m, u, out=tmp)
        np.multiply(tmp, lr / (1.0 - beta1 ** count[0]), out=tmp)
        np.subtract(theta, tmp, out=theta)

    return step


def ref_nadam(lr=0.002, beta1=0.9, beta2=0.999, eps=1e-8, psi=0.004):
    theta, m, v, tmp, den = THETA.copy(), np.zeros(N), np.zeros(N), np.empty(N), np.empty(N)
    scalars = {"t": 0, "mu_product": 1.0}

    def step():
        g = grad_fn(theta)
        scalars["t"] += 1
        t = scalars["t"]
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * psi))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * psi))
        scalars["mu_product"] *= mu
        mu_product = scalars["mu_product"]
        _moments(m, v, g, tmp, beta1, beta2)
        np.divide(v, 1.0 - beta2**t, out=den)
        np.sqrt(den, out=den)
        np.add(den, eps, out=den)
        np.divide(g, den, out=tmp)
        np.multiply(tmp, lr * (1.0 - mu) / (1.0 - mu_product), out=tmp)
        np.subtract(theta, tmp, out=theta)
        np.divide(m, den, out=tmp)
        np.multiply(tmp, lr * mu_next / (1.0 - mu_product * mu_next), out=tmp)
        np.subtract(theta, tmp, out=theta)

    return step


def ref_rprop(lr=0.01, eta_minus=0.5, eta_plus=1.2, step_min=1e-6, step_max=50.0):
    theta, prev, size = THETA.copy(), np.zeros(N), np.full(N, lr)
    tmp, flipped = np.empty(N), np.empty(N, dtype=bool)

    def step():
        g = grad_fn(theta)
        np.multiply(g, prev, out=tmp)
        np.less(tmp, 0.0, out=flipped)
        factor = np.where(tmp > 0.0, eta_plus, 1.0)  # np.where has no out=
        np.copyto(factor, eta_minus, where=flipped)
        np.multiply(size, factor, out=size)
        np.maximum(size, step_min, out=size)
        np.minimum(size, step_max, out=size)
        np.copyto(prev, g)
        np.copyto(prev, 0.0, where=flipped)
        np.sign(prev, out=tmp)
        np.multiply(tmp, size, out=tmp)
        np.subtract(theta, tmp, out=theta)

    return step


def ref_yogi(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-3, v0=1e-6):
    theta, m, v = THETA.copy(), np.zeros(N), np.full(N, v0)
    tmp, squared = np.empty(N), np.empty(N)
    count = [0]

    def step():
        g = grad_fn(theta)
        count[0] += 1
        t = count[0]
        np.multiply(m, beta1, out=m)
        np.multiply(g, 1.0 - beta1, out=tmp)
        np.add(m, tmp, out=m)
        np.multiply(g, g, out=squared)
        np.subtract(v, squared, out=tmp)
        np.sign(tmp, out=tmp)
        np.multiply(tmp, squared, out=tmp)
        np.multiply(tmp, 1.0 - beta2, out=tmp)
        np.subtract(v, tmp, out=v)
        np.sqrt(v, out=tmp)
        np.divide(tmp, (1.0 - beta2**t) ** 0.5, out=tmp)
        np.add(tmp, eps, out=tmp)
        np.divide(m, tmp, out=tmp)
        np.multiply(tmp, lr / (1.0 - beta1**t), out=tmp)
        np.subtract(theta, tmp, out=theta)

    return step


def ref_line_search(lrs=(0.1, 0.5, 1, 5, 10)):
    theta, buffers = THETA.copy(), [np.empty(N), np.empty(N)]  # [trial, best]

    def step():
        g = grad_fn(theta)
        best_loss = math.inf
        for eta in lrs:
            trial = buffers[0]
            np.multiply(g, eta, out=trial)
            np.subtract(theta, trial, out=trial)
            value = loss_fn(trial)
            if value < best_loss:
                best_loss = value
                buffers.reverse()  # keep this candidate, write the next one over the other
        # (theta itself is left alone so that every timed step sees the same work)

    return step


CASES = [
    ("GD", opt.GD(0.01), ref_gd),
    ("Momentum", opt.Momentum(0.01, 0.9), ref_momentum),
    ("NAG", opt.NAG(0.01, 0.9), ref_nag),
    ("AdaGrad", opt.AdaGrad(), ref_adagrad),
    ("RMSProp", opt.RMSProp(), ref_rmsprop),
    ("Adadelta", opt.Adadelta(), ref_adadelta),
    ("Adam", opt.Adam(), ref_adam),
    ("AMSGrad", opt.AMSGrad(), lambda: ref_adam(amsgrad=True)),
    ("AdaMax", opt.AdaMax(), ref_adamax),
    ("NAdam", opt.NAdam(), ref_nadam),
    ("Rprop", opt.Rprop(), ref_rprop),
    ("Yogi", opt.Yogi(), ref_yogi),
    ("LineSearchGD", opt.LineSearchGD(loss_fn), ref_line_search),
]


def interleaved_best(first, second, number: int) -> tuple[float, float]:
    """Best time per call of each, timing them in turns so both see the same machine load."""
    best = [math.inf, math.inf]
    for _ in range(REPEAT):
        for i, function in enumerate((first, second)):
            best[i] = min(best[i], timeit.timeit(function, timer=TIMER, number=number) / number)
    return best[0], best[1]


def update_call(optimizer, theta, grad):
    """A zero-argument call of one update from a non-trivial state."""
    state = optimizer.init(theta)
    theta, state = optimizer.update(theta, state, grad)
    return lambda: optimizer.update(theta, state, grad)


def main() -> int:
    small = np.array([0.5, -0.25])
    small_grad = lambda theta: np.array([1.0, -2.0])  # noqa: E731

    print(f"update cost on {N:.0e} float64 parameters (best of {REPEAT} repeats)")
    print(f"{'optimizer':<14}{'update ms':>11}{'inline ms':>11}{'ratio':>8}{'2-param us':>13}")
    worst = 0.0
    for name, optimizer, reference in CASES:
        inline = reference()
        inline()  # warm up
        t_ours, t_inline = interleaved_best(update_call(optimizer, THETA, grad_fn), inline, 1)
        small_call = update_call(optimizer, small, small_grad)
        t_small = min(timeit.repeat(small_call, timer=TIMER, number=1000, repeat=7)) / 1000
        ratio = t_ours / t_inline
        worst = max(worst, ratio)
        print(
            f"{name:<14}{t_ours * 1e3:>11.2f}{t_inline * 1e3:>11.2f}{ratio:>8.2f}"
            f"{t_small * 1e6:>13.1f}"
        )
    verdict = "meets" if worst <= TARGET else "misses"
    print(f"worst ratio {worst:.2f} ({verdict} the target {TARGET})")
    pure = print_pure_floor()
    print(
        f"RESULT: update on 1e6 parameters, worst {worst:.2f}x in-place numpy "
        f"(target <= {TARGET}x: {'PASS' if worst <= TARGET else 'FAIL'}); "
        + ", ".join(f"{name} {ratio:.2f}x" for name, ratio in pure)
        + " of the cheapest pure expression"
    )
    return 0


def print_pure_floor() -> list[tuple[str, float]]:
    """The two-pass updates against the cheapest *pure* numpy expression.

    Momentum and NAG do so little arithmetic per element that the first touch of their
    two fresh output arrays is a visible share of their time. A pure update cannot
    avoid fresh outputs; the textbook expressions below allocate them too, so this
    ratio isolates the library's own overhead.
    """
    gamma, lr = 0.9, 0.01

    def textbook_momentum(theta, u):
        u_new = gamma * u + lr * grad_fn(theta)
        return theta - u_new, u_new

    def textbook_nag(theta, u):
        u_new = gamma * u + lr * grad_fn(theta - gamma * u)
        return theta - u_new, u_new

    print("against the cheapest pure expression (fresh outputs, as a pure update needs):")
    ratios = []
    for name, optimizer, textbook in (
        ("Momentum", opt.Momentum(lr, gamma), textbook_momentum),
        ("NAG", opt.NAG(lr, gamma), textbook_nag),
    ):
        state = optimizer.init(THETA)
        theta, state = optimizer.update(THETA, state, grad_fn)
        t_ours, t_pure = interleaved_best(
            lambda o=optimizer, th=theta, st=state: o.update(th, st, grad_fn),
            lambda f=textbook, th=theta, u=state.u: f(th, u),
            1,
        )
        print(f"{name:<14}{t_ours * 1e3:>11.2f}{t_pure * 1e3:>11.2f}{t_ours / t_pure:>8.2f}")
        ratios.append((name, t_ours / t_pure))
    return ratios


if __name__ == "__main__":
    sys.exit(main())
