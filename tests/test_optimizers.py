"""Optimizers: first steps worked out by hand, equivalences the maths promises,
a convergence table and purity. (torch comparisons: test_optimizers_torch.py;
bad arguments: test_optimizers_validation.py.)"""

from __future__ import annotations

import copy
import importlib.util
import math
import pathlib

import numpy as np
import pytest
from conftest import VARIANTS, bowl_grad, bowl_loss, skip_unless_vectors

from gdcourse import optimizers as opt

THETA0 = np.array([1.0, -2.0])
G = np.array([3.0, -4.0])


def constant_grad(theta):
    return G.copy()


def rosenbrock_grad(theta):
    x, y = theta[0::2], theta[1::2]
    grad = np.empty_like(theta)
    grad[0::2] = -2.0 * (1.0 - x) - 400.0 * x * (y - x * x)
    grad[1::2] = 200.0 * (y - x * x)
    return grad


def steps(optimizer, grad_fn, n, theta0=THETA0):
    """The parameters after each of n steps (row 0 is the start) and the final state."""
    theta, state = np.array(theta0, dtype=float), optimizer.init(theta0)
    path = [theta]
    for _ in range(n):
        theta, state = optimizer.update(theta, state, grad_fn)
        path.append(theta)
    return np.array(path), state


def sign(x):
    return np.sign(x)


# ---------------------------------------------------------------- one step by hand
# theta0 = (1, -2) and a constant gradient g = (3, -4) unless said otherwise.


def test_gd_first_step():
    path, state = steps(opt.GD(lr=0.1), constant_grad, 1)
    np.testing.assert_allclose(path[1], [0.7, -1.6], rtol=1e-15)  # 1 - 0.3, -2 + 0.4
    assert state.t == 1


def test_momentum_two_steps():
    path, state = steps(opt.Momentum(lr=0.1, gamma=0.9), constant_grad, 2)
    # u1 = 0.1 g = (0.3, -0.4);  u2 = 0.9 u1 + 0.1 g = (0.57, -0.76)
    np.testing.assert_allclose(path[1], [0.7, -1.6], rtol=1e-15)
    np.testing.assert_allclose(path[2], [0.13, -0.84], rtol=1e-14)
    np.testing.assert_allclose(state.u, [0.57, -0.76], rtol=1e-15)
    assert state.t == 2


def test_momentum_ema_first_step():
    path, state = steps(opt.Momentum(lr=0.1, gamma=0.9, ema=True), constant_grad, 1)
    # V1 = (1 - 0.9) g = (0.3, -0.4);  theta1 = theta0 - 0.1 V1
    np.testing.assert_allclose(state.u, [0.3, -0.4], rtol=1e-15)
    np.testing.assert_allclose(path[1], [0.97, -1.96], rtol=1e-15)


def test_nag_two_steps_on_a_round_bowl():
    # grad L = theta. u1 = 0.1 theta0 = (0.1, -0.2), theta1 = (0.9, -1.8);
    # look-ahead = theta1 - 0.9 u1 = (0.81, -1.62); u2 = 0.9 u1 + 0.1 (0.81, -1.62)
    #            = (0.171, -0.342); theta2 = (0.729, -1.458).
    path, state = steps(opt.NAG(lr=0.1, gamma=0.9), lambda th: th.copy(), 2)
    np.testing.assert_allclose(path[1], [0.9, -1.8], rtol=1e-15)
    np.testing.assert_allclose(path[2], [0.729, -1.458], rtol=1e-14)
    np.testing.assert_allclose(state.u, [0.171, -0.342], rtol=1e-14)


def test_nag_calls_the_gradient_once_at_the_look_ahead_point():
    seen = []

    def grad_fn(theta):
        seen.append(theta.copy())
        return theta.copy()

    steps(opt.NAG(lr=0.1, gamma=0.9), grad_fn, 2)
    np.testing.assert_allclose(seen, [[1.0, -2.0], [0.81, -1.62]], rtol=1e-15)


def test_adagrad_first_step():
    path, state = steps(opt.AdaGrad(lr=0.1), constant_grad, 1)
    np.testing.assert_array_equal(state.v, [9.0, 16.0])  # g^2
    # 0.1 g / sqrt(g^2) = 0.1 sign(g); eps = 1e-10 moves it by ~1e-12
    np.testing.assert_allclose(path[1], [0.9, -1.9], rtol=1e-11)


def test_rmsprop_first_step():
    path, state = steps(opt.RMSProp(lr=0.01), constant_grad, 1)
    np.testing.assert_allclose(state.v, [0.09, 0.16], rtol=1e-15)  # 0.01 g^2
    # 0.01 g / sqrt(0.01 g^2) = 0.1 sign(g)
    np.testing.assert_allclose(path[1], [0.9, -1.9], rtol=1e-8)


def test_adadelta_first_step():
    path, state = steps(opt.Adadelta(), constant_grad, 1)
    v = 0.1 * G**2  # (0.9, 1.6)
    change = math.sqrt(1e-6) / np.sqrt(v + 1e-6) * G  # ~ 1e-3 g / (0.316 |g|) = 3.16e-3 sign(g)
    np.testing.assert_allclose(state.v, [0.9, 1.6], rtol=1e-15)
    np.testing.assert_allclose(state.delta, 0.1 * change**2, rtol=1e-15)
    np.testing.assert_allclose(path[1], THETA0 - change, rtol=1e-15)
    np.testing.assert_allclose(path[1], [1 - 0.0031623, -2 + 0.0031623], rtol=1e-6)


def test_adam_first_step_is_lr_times_sign():
    path, state = steps(opt.Adam(), constant_grad, 1)
    # m_hat = g, v_hat = g^2: the first step is lr * g / |g|, whatever the size of g.
    np.testing.assert_allclose(state.m, [0.3, -0.4], rtol=1e-15)
    np.testing.assert_allclose(state.v, [0.009, 0.016], rtol=1e-15)
    np.testing.assert_allclose(path[1], [0.999, -1.999], rtol=1e-11)


def test_adam_without_bias_correction_first_step():
    path, _ = steps(opt.Adam(bias_correction=False), constant_grad, 1)
    # m = 0.1 g, v = 0.001 g^2: step = 0.001 * 0.1 / sqrt(0.001) sign(g) = 0.00316 sign(g)
    np.testing.assert_allclose(
        path[1], THETA0 - 0.001 * 0.1 / math.sqrt(0.001) * sign(G), rtol=1e-9
    )


def test_amsgrad_first_steps_and_running_max():
    path, state = steps(opt.AMSGrad(), constant_grad, 1)
    np.testing.assert_allclose(path[1], [0.999, -1.999], rtol=1e-11)
    np.testing.assert_array_equal(state.v_max, state.v)
    # a smaller gradient next: v shrinks, v_max keeps the old value
    theta, state = opt.AMSGrad(beta2=0.5).update(
        path[1], state._replace(v=np.array([1.0, 1.0]), v_max=np.array([1.0, 1.0])), constant_grad
    )
    np.testing.assert_allclose(state.v, 0.5 * 1.0 + 0.5 * G**2)
    np.testing.assert_allclose(state.v_max, np.maximum(1.0, 0.5 + 0.5 * G**2))


def test_adamax_first_step():
    path, state = steps(opt.AdaMax(), constant_grad, 1)
    np.testing.assert_allclose(state.u, np.abs(G) + 1e-8, rtol=1e-15)
    # (0.002 / 0.1) * 0.1 g / |g| = 0.002 sign(g)
    np.testing.assert_allclose(path[1], [0.998, -1.998], rtol=1e-11)


def test_nadam_first_step():
    path, state = steps(opt.NAdam(), constant_grad, 1)
    mu1 = 0.9 * (1 - 0.5 * 0.96**0.004)  # 0.45007...
    mu2 = 0.9 * (1 - 0.5 * 0.96**0.008)
    # gradient term: lr (1 - mu1) / (1 - mu1) g/|g| = lr sign(g)
    # momentum term: lr mu2 / (1 - mu1 mu2) * 0.1 g / |g|
    expected = THETA0 - 0.002 * (1 + 0.1 * mu2 / (1 - mu1 * mu2)) * sign(G)
    np.testing.assert_allclose(path[1], expected, rtol=1e-11)
    assert mu1 == pytest.approx(0.450073, abs=1e-6)
    assert state.mu_product == mu1


def test_rprop_grows_shrinks_and_rests():
    grads = iter([G, G, -G, -G])
    path, state = steps(opt.Rprop(), lambda th: next(grads), 4)
    s = sign(G)
    np.testing.assert_allclose(path[1], THETA0 - 0.01 * s, rtol=1e-15)  # first step: lr
    np.testing.assert_allclose(path[2], path[1] - 0.012 * s, rtol=1e-15)  # same sign: x 1.2
    np.testing.assert_array_equal(path[3], path[2])  # sign flip: rest, step x 0.5
    np.testing.assert_allclose(path[4], path[3] + 0.006 * s, rtol=1e-15)  # then 0.006 again
    np.testing.assert_allclose(state.step_size, [0.006, 0.006], rtol=1e-15)


def test_rprop_clamps_the_step_size():
    _, state = steps(opt.Rprop(lr=1.0, step_max=1.5), constant_grad, 5)
    np.testing.assert_array_equal(state.step_size, [1.5, 1.5])
    flips = iter([G, -G, G, -G])
    _, state = steps(opt.Rprop(lr=1.0, step_min=0.4), lambda th: next(flips), 4)
    # 1 -> 0.5 at the flip (rest) -> 0.5 (no information) -> 0.25 at the next flip, clamped
    np.testing.assert_array_equal(state.step_size, [0.4, 0.4])


def test_yogi_first_step():
    path, state = steps(opt.Yogi(), constant_grad, 1)
    # v1 = 1e-6 - 0.001 sign(1e-6 - g^2) g^2 = 1e-6 + 0.001 g^2; v_hat = 1e-3 + g^2, m_hat = g
    np.testing.assert_allclose(state.v, 1e-6 + 0.001 * G**2, rtol=1e-15)
    expected = THETA0 - 0.01 * G / (np.sqrt(1e-3 + G**2) + 1e-3)
    np.testing.assert_allclose(path[1], expected, rtol=1e-14)
    np.testing.assert_allclose(path[1], [1 - 0.0099961, -2 + 0.0099971], rtol=1e-6)


def test_yogi_paper_form_first_step_equals_adams():
    paper = opt.Yogi(lr=0.01, initial_v=0.0, bias_correction=False)
    adam = opt.Adam(lr=0.01, eps=1e-3, bias_correction=False)
    np.testing.assert_allclose(
        steps(paper, constant_grad, 1)[0], steps(adam, constant_grad, 1)[0], rtol=1e-15
    )


def test_yogi_against_a_plain_loop():
    """An independent, coordinate-by-coordinate transcription of the paper's update."""
    lr, b1, b2, eps, v0 = 0.02, 0.9, 0.99, 1e-3, 1e-6
    theta0 = np.array([-1.2, 1.0, 0.3, -0.4])
    ours, _ = steps(
        opt.Yogi(lr=lr, beta1=b1, beta2=b2, eps=eps, initial_v=v0), rosenbrock_grad, 30, theta0
    )
    theta, m, v = list(theta0), [0.0] * 4, [v0] * 4
    shrank = grew = False
    for t in range(1, 31):
        g = [float(x) for x in rosenbrock_grad(np.array(theta))]
        for i in range(4):
            m[i] = b1 * m[i] + (1 - b1) * g[i]
            s = (v[i] > g[i] ** 2) - (v[i] < g[i] ** 2)
            shrank, grew = shrank or s > 0, grew or s < 0
            v[i] = v[i] - (1 - b2) * s * g[i] ** 2
            m_hat = m[i] / (1 - b1**t)
            v_hat = v[i] / (1 - b2**t)
            theta[i] = theta[i] - lr * m_hat / (math.sqrt(v_hat) + eps)
        np.testing.assert_allclose(ours[t], theta, rtol=1e-12)
    assert shrank and grew  # both branches of the sign were exercised


def test_line_search_first_steps():
    # Candidates from (1, -2): lr 0.1 -> (0.9, 0) with loss 0.405; larger rates overshoot in y.
    # From (0.9, 0): lr 1 lands on the minimum.
    path, state = steps(opt.LineSearchGD(bowl_loss), bowl_grad, 2)
    np.testing.assert_allclose(path[1], [0.9, 0.0], atol=1e-15)
    np.testing.assert_array_equal(path[2], [0.0, 0.0])
    assert state == opt.LineSearchState(t=2, loss_evals=10, eta=1.0)


def test_line_search_ignores_non_finite_losses_and_breaks_ties_by_order():
    def loss(theta):
        return math.nan if theta[0] < 0 else 1.0

    optimizer = opt.LineSearchGD(loss, lrs=(10.0, 0.5, 0.1))
    theta, state = optimizer.update(np.array([1.0]), optimizer.init([1.0]), lambda th: th.copy())
    assert state.eta == 0.5  # 10 gives nan; 0.5 and 0.1 tie at 1.0, the first wins
    np.testing.assert_array_equal(theta, [0.5])


# ---------------------------------------------------------------- equivalences

ROSEN0 = np.array([-1.2, 1.0, 0.3, -0.4])


def rosen_path(optimizer, n=25):
    return steps(optimizer, rosenbrock_grad, n, ROSEN0)[0]


@pytest.mark.parametrize("make", [lambda: opt.Momentum(1e-3, 0.0), lambda: opt.NAG(1e-3, 0.0)])
def test_zero_momentum_is_gd(make):
    np.testing.assert_array_equal(rosen_path(make()), rosen_path(opt.GD(1e-3)))


@pytest.mark.parametrize("eps_inside_sqrt", [False, True])
def test_adam_without_first_moment_or_correction_is_rmsprop(eps_inside_sqrt):
    adam = opt.Adam(
        0.01, beta1=0.0, beta2=0.9, bias_correction=False, eps_inside_sqrt=eps_inside_sqrt
    )
    rmsprop = opt.RMSProp(0.01, beta=0.9, eps_inside_sqrt=eps_inside_sqrt)
    np.testing.assert_array_equal(rosen_path(adam), rosen_path(rmsprop))


def test_momentum_conventions_agree_after_rescaling():
    lr, beta = 0.01, 0.9
    default, state_default = steps(opt.Momentum(lr * (1 - beta), beta), rosenbrock_grad, 25, ROSEN0)
    ema, state_ema = steps(opt.Momentum(lr, beta, ema=True), rosenbrock_grad, 25, ROSEN0)
    np.testing.assert_allclose(default, ema, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(state_default.u, lr * state_ema.u, rtol=1e-12)  # u = eta V


def test_nag_look_ahead_iterates_are_the_torch_form_iterates():
    lr, gamma, n = 1e-3, 0.9, 25
    thetas, states = [ROSEN0], []
    optimizer = opt.NAG(lr, gamma)
    theta, state = ROSEN0, optimizer.init(ROSEN0)
    states.append(state)
    for _ in range(n):
        theta, state = optimizer.update(theta, state, rosenbrock_grad)
        thetas.append(theta)
        states.append(state)
    look_ahead = np.array([th - gamma * s.u for th, s in zip(thetas, states, strict=True)])
    # torch's nesterov=True written out: gradient at its own iterate p.
    p, b, torch_form = ROSEN0.copy(), np.zeros(4), [ROSEN0.copy()]
    for _ in range(n):
        g = rosenbrock_grad(p)
        b = gamma * b + g
        p = p - lr * (g + gamma * b)
        torch_form.append(p)
    np.testing.assert_allclose(look_ahead, torch_form, rtol=1e-12)


def test_nag_is_not_momentum():
    assert (
        np.abs(rosen_path(opt.NAG(1e-3, 0.9))[-1] - rosen_path(opt.Momentum(1e-3, 0.9))[-1]).max()
        > 1e-3
    )


ABS_G = np.abs(G)
NADAM_MU1, NADAM_MU2 = 0.9 * (1 - 0.5 * 0.96**0.004), 0.9 * (1 - 0.5 * 0.96**0.008)
NADAM_K = 1 + 0.1 * NADAM_MU2 / (1 - NADAM_MU1 * NADAM_MU2)


def test_eps_inside_sqrt_is_offered_exactly_where_there_is_a_root():
    has = {name for name, cls in opt.REGISTRY.items() if hasattr(cls, "eps_inside_sqrt")}
    assert has == {"AdaGrad", "RMSProp", "Adam", "AMSGrad", "NAdam", "Yogi"}
    has = {name for name, cls in opt.REGISTRY.items() if hasattr(cls, "bias_correction")}
    assert has == {"Adam", "AMSGrad", "AdaMax", "NAdam", "Yogi"}


# Without bias correction, first steps from theta0 with g = (3, -4): m = 0.1 g, v = 0.001 g^2.
NO_CORRECTION = [
    (opt.AMSGrad, 0.001 * 0.1 * G / (math.sqrt(0.001) * ABS_G + 1e-8)),  # Adam's: v_max = v
    (opt.AdaMax, 0.002 * 0.1 * G / (ABS_G + 1e-8)),  # u = |g| + eps, m not divided by 0.1
    (
        opt.NAdam,
        0.002 * ((1 - NADAM_MU1) * G + NADAM_MU2 * 0.1 * G) / (math.sqrt(0.001) * ABS_G + 1e-8),
    ),
]


@pytest.mark.parametrize(
    ("family", "step"), NO_CORRECTION, ids=lambda x: getattr(x, "__name__", "")
)
def test_first_step_without_bias_correction(family, step):
    path, _ = steps(family(bias_correction=False), constant_grad, 1)
    np.testing.assert_allclose(THETA0 - path[1], step, rtol=1e-12)
    corrected, _ = steps(family(), constant_grad, 1)
    assert np.all(np.abs(THETA0 - corrected[1] - step) > 1e-5)  # the switch changes the step


EPS_CASES = [
    # eps = 1. AdaGrad: v = g^2; outside 0.1 g / (|g| + 1), inside 0.1 g / sqrt(g^2 + 1)
    (
        lambda inside: opt.AdaGrad(0.1, eps=1.0, eps_inside_sqrt=inside),
        0.1 * G / (ABS_G + 1),
        0.1 * G / np.sqrt(G**2 + 1),
    ),
    # RMSProp: v = 0.01 g^2; outside 0.1 g / (0.1 |g| + 1), inside 0.1 g / sqrt(0.01 g^2 + 1)
    (
        lambda inside: opt.RMSProp(0.1, eps=1.0, eps_inside_sqrt=inside),
        0.1 * G / (0.1 * ABS_G + 1),
        0.1 * G / np.sqrt(0.01 * G**2 + 1),
    ),
    # Adam: v_hat = g^2, m_hat = g
    (
        lambda inside: opt.Adam(0.1, eps=1.0, eps_inside_sqrt=inside),
        0.1 * G / (ABS_G + 1),
        0.1 * G / np.sqrt(G**2 + 1),
    ),
    # AMSGrad: v_max = v on the first step, so Adam's numbers
    (
        lambda inside: opt.AMSGrad(0.1, eps=1.0, eps_inside_sqrt=inside),
        0.1 * G / (ABS_G + 1),
        0.1 * G / np.sqrt(G**2 + 1),
    ),
    # NAdam: v_hat = g^2; gradient term lr g, momentum term lr mu2 / (1 - mu1 mu2) 0.1 g
    (
        lambda inside: opt.NAdam(0.1, eps=1.0, eps_inside_sqrt=inside),
        0.1 * NADAM_K * G / (ABS_G + 1),
        0.1 * NADAM_K * G / np.sqrt(G**2 + 1),
    ),
    # Yogi: v1 = 1e-6 + 0.001 g^2, so v_hat = 1e-3 + g^2; m_hat = g
    (
        lambda inside: opt.Yogi(0.1, eps=1.0, eps_inside_sqrt=inside),
        0.1 * G / (np.sqrt(1e-3 + G**2) + 1),
        0.1 * G / np.sqrt(1e-3 + G**2 + 1),
    ),
]


@pytest.mark.parametrize(
    ("make", "outside", "inside"),
    EPS_CASES,
    ids=["AdaGrad", "RMSProp", "Adam", "AMSGrad", "NAdam", "Yogi"],
)
def test_eps_inside_the_root_differs_as_expected(make, outside, inside):
    out_path, _ = steps(make(False), constant_grad, 1)
    in_path, _ = steps(make(True), constant_grad, 1)
    np.testing.assert_allclose(THETA0 - out_path[1], outside, rtol=1e-14)
    np.testing.assert_allclose(THETA0 - in_path[1], inside, rtol=1e-14)
    # with eps = 1, sqrt(x^2 + 1) < |x| + 1: here the inside form takes the larger step
    assert np.all(np.abs(THETA0 - in_path[1]) > np.abs(THETA0 - out_path[1]))


def test_eps_placement_hardly_matters_for_large_gradients():
    a = rosen_path(opt.Adam(0.05))
    b = rosen_path(opt.Adam(0.05, eps_inside_sqrt=True))
    np.testing.assert_allclose(a, b, rtol=1e-6)
    assert not np.array_equal(a, b)  # ... but the switch is not ignored


def sutskever(t, gamma_max=0.9):
    return min(1 - 2 ** (-1 - math.log2(t // 250 + 1)), gamma_max)


@pytest.mark.parametrize("family", [opt.Momentum, opt.NAG])
def test_constant_gamma_schedule_equals_constant_gamma(family):
    # 0.5, not the default 0.9: a schedule that were ignored would fail here
    scheduled = rosen_path(family(1e-3, lambda t: 0.5))
    np.testing.assert_array_equal(scheduled, rosen_path(family(1e-3, 0.5)))
    assert not np.array_equal(scheduled, rosen_path(family(1e-3)))


def test_schedulable_hyperparameters_are_exactly_the_ones_the_literature_schedules():
    schedulable = {
        (name, spec.name)
        for name, cls in opt.REGISTRY.items()
        for spec in cls.hyperparameters()
        if spec.schedulable
    }
    # Rprop's and L-BFGS's lr is a first step length, ASGD computes its own decaying steps.
    fixed = ("Rprop", "LineSearchGD", "ASGD", "LBFGS")
    with_lr = {name for name in opt.REGISTRY if name not in fixed}
    assert schedulable == {(name, "lr") for name in with_lr} | {
        ("Momentum", "gamma"),
        ("NAG", "gamma"),
        ("Muon", "adamw_lr"),  # the learning rate of Muon's AdamW on vectors
    }


def test_sutskever_schedule_is_used_step_by_step():
    # gamma_t = 1 - 1 / (2 (k + 1)) with k = floor(t / 250): 1/2, 3/4, 5/6, 7/8, ... capped
    got = [sutskever(t) for t in (0, 249, 250, 500, 750, 10**6)]
    np.testing.assert_allclose(got, [0.5, 0.5, 0.75, 5 / 6, 0.875, 0.9], rtol=1e-15)
    gammas = []

    def schedule(t):
        gammas.append(t)
        return sutskever(t)

    path, state = steps(opt.Momentum(0.01, schedule), bowl_grad, 3)
    assert gammas == [0, 1, 2]
    # hand loop with the same gamma_t
    theta, u = THETA0.copy(), np.zeros(2)
    for t in range(3):
        u = sutskever(t) * u + 0.01 * bowl_grad(theta)
        theta = theta - u
    np.testing.assert_allclose(path[-1], theta, rtol=1e-15)


SCHEDULABLE = [
    cls for cls in opt.REGISTRY.values() if any(s.schedulable for s in cls.hyperparameters())
]


@pytest.mark.parametrize("family", SCHEDULABLE, ids=lambda cls: cls.__name__)
def test_lr_schedule_is_called_with_the_0_based_step(family):
    skip_unless_vectors(family)
    calls = []

    def schedule(t):
        calls.append(t)
        return 0.0123  # no optimizer's default

    scheduled = steps(family(lr=schedule), bowl_grad, 4)[0]
    np.testing.assert_array_equal(scheduled, steps(family(lr=0.0123), bowl_grad, 4)[0])
    assert not np.array_equal(scheduled, steps(family(), bowl_grad, 4)[0])
    assert calls == [0, 1, 2, 3]


# ---------------------------------------------------------------- convergence table
# Quadratic bowl 0.5 (x^2 + 10 y^2) from (3, 1); each optimizer must come within TOL of
# the minimum (0, 0) within the stated number of steps (about 1.3x what it needs).
TOL = 1e-3
CONVERGENCE = [
    ("GD(0.15)", lambda: opt.GD(0.15), 70),
    ("Momentum(0.05, 0.8)", lambda: opt.Momentum(0.05, 0.8), 90),
    ("Momentum(0.25, 0.8, ema)", lambda: opt.Momentum(0.25, 0.8, ema=True), 90),
    ("Momentum(0.05, Sutskever)", lambda: opt.Momentum(0.05, lambda t: sutskever(25 * t)), 100),
    ("NAG(0.05, 0.8)", lambda: opt.NAG(0.05, 0.8), 60),
    ("AdaGrad(1.0)", lambda: opt.AdaGrad(1.0), 40),
    ("RMSProp(0.1 * 0.97^t)", lambda: opt.RMSProp(lambda t: 0.1 * 0.97**t), 80),
    ("Adadelta(0.99^t, 0.9, 1e-2)", lambda: opt.Adadelta(lambda t: 0.99**t, 0.9, 1e-2), 60),
    ("Adam(0.1)", lambda: opt.Adam(0.1), 190),
    ("AMSGrad(0.1)", lambda: opt.AMSGrad(0.1), 190),
    ("AdaMax(0.1)", lambda: opt.AdaMax(0.1), 200),
    ("NAdam(0.1)", lambda: opt.NAdam(0.1), 150),
    ("Rprop(0.1)", lambda: opt.Rprop(0.1), 50),
    ("Yogi(0.1)", lambda: opt.Yogi(0.1), 190),
    ("LineSearchGD()", lambda: opt.LineSearchGD(bowl_loss), 10),
]


@pytest.mark.parametrize(("label", "make", "budget"), CONVERGENCE, ids=[c[0] for c in CONVERGENCE])
def test_convergence_on_the_bowl(label, make, budget):
    path, _ = steps(make(), bowl_grad, budget, theta0=[3.0, 1.0])
    distance = np.linalg.norm(path, axis=1)
    assert distance.min() < TOL, f"{label} got no closer than {distance.min():.2e}"


def test_convergence_table_lists_every_optimizer():
    from test_modern_optimizers import CONVERGENCE as MODERN  # the optimizers of issue 17

    ours = {label.split("(")[0] for label, _, _ in CONVERGENCE}
    modern = {type(optimizer).__name__ for optimizer, _ in MODERN}
    assert ours | modern == set(opt.REGISTRY)


# ---------------------------------------------------------------- purity


def arrays_of(state):
    return [value for value in state if isinstance(value, np.ndarray)]


def test_every_registered_optimizer_and_its_state_are_exported():
    for name, cls in opt.REGISTRY.items():
        assert name == cls.__name__ and name in opt.__all__ and cls.State.__name__ in opt.__all__
    exported = {n for n in opt.__all__ if isinstance(getattr(opt, n), type)}
    optimizers = {n for n in exported if issubclass(getattr(opt, n), opt.Optimizer)}
    assert optimizers - {"Optimizer"} == set(opt.REGISTRY)


def test_every_switch_is_covered_by_the_variants():
    # defaults plus one variant per True/False hyperparameter, e.g. "Adam-eps_inside_sqrt=True"
    assert "Adam-eps_inside_sqrt=True" in VARIANTS and "Momentum-ema=True" in VARIANTS
    flags = sum(s.kind == "flag" for cls in opt.REGISTRY.values() for s in cls.hyperparameters())
    assert len(VARIANTS) == len(opt.REGISTRY) + flags


def test_update_is_pure_and_replayable(variant):
    optimizer = variant
    skip_unless_vectors(optimizer)
    theta0 = np.array([1.5, -0.5])
    state0 = optimizer.init(theta0)
    for state_array in arrays_of(state0):
        assert not np.shares_memory(state_array, theta0)
    theta, state = theta0, state0
    for _ in range(3):  # get a state with non-trivial arrays
        theta, state = optimizer.update(theta, state, bowl_grad)
    saved_theta, saved_state = theta.copy(), copy.deepcopy(state)

    # grad_fn returning its own argument must not let the update write into theta
    new_theta, new_state = optimizer.update(theta, state, bowl_grad)
    np.testing.assert_array_equal(theta, saved_theta)
    for before, after in zip(saved_state, state, strict=True):
        np.testing.assert_array_equal(before, after)
    for out in [new_theta, *arrays_of(new_state)]:
        assert not np.shares_memory(out, theta)
        assert not any(np.shares_memory(out, old) for old in arrays_of(state))

    # replaying the saved state gives the very same step
    replay_theta, replay_state = optimizer.update(saved_theta, saved_state, bowl_grad)
    np.testing.assert_array_equal(replay_theta, new_theta)
    for a, b in zip(replay_state, new_state, strict=True):
        np.testing.assert_array_equal(a, b)
    assert new_state.t == state.t + 1


def test_update_never_writes_into_what_grad_fn_returned(variant):
    optimizer = variant
    skip_unless_vectors(optimizer)
    returned = []  # (the array handed to the optimizer, a private copy of it)

    def grad_fn(theta):
        grad = bowl_grad(theta)
        returned.append((grad, grad.copy()))
        return grad

    theta, state = np.array([1.5, -0.5]), optimizer.init([1.5, -0.5])
    for _ in range(3):
        theta, state = optimizer.update(theta, state, grad_fn)
        assert not any(np.shares_memory(returned[-1][0], a) for a in [theta, *arrays_of(state)])
    for grad, kept in returned:
        np.testing.assert_array_equal(grad, kept)


def test_shapes_are_kept_including_0d_and_matrices(variant):
    optimizer = variant
    starts = (np.array(1.5), np.full((2, 3), 0.5))
    for theta0 in starts[1:] if type(optimizer).needs_matrix else starts:  # Muon: matrices
        theta, state = optimizer.update(theta0, optimizer.init(theta0), lambda th: 2.0 * th)
        # numpy hands back a float64 scalar for 0-d arithmetic: same shape (), same dtype
        assert np.shape(theta) == theta0.shape and np.asarray(theta).dtype == np.float64
        for field in state._fields:
            value = getattr(state, field)
            if isinstance(value, (np.ndarray, np.floating)) and field != "mu_product":
                assert np.shape(value) == theta0.shape, field
        theta, state = optimizer.update(theta, state, lambda th: 2.0 * th)  # and it steps on
        assert np.shape(theta) == theta0.shape and state.t == 2


def test_update_accepts_a_list(variant):
    optimizer = variant
    skip_unless_vectors(optimizer)
    theta, _ = optimizer.update([1.5, -0.5], optimizer.init([1.5, -0.5]), bowl_grad)
    assert theta.dtype == np.float64 and theta.shape == (2,)


def test_repr_shows_hyperparameters():
    assert repr(opt.Adam()) == (
        "Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08, bias_correction=True, "
        "eps_inside_sqrt=False, weight_decay=0.0)"
    )
    assert repr(opt.Adadelta()) == "Adadelta(lr=1.0, rho=0.9, eps=1e-06)"


def test_lr_comes_first_and_everything_has_a_default_but_the_loss(optimizer_class):
    names = [spec.name for spec in optimizer_class.hyperparameters()]
    if optimizer_class is opt.LineSearchGD:
        assert names == ["loss_fn", "lrs"]
    elif optimizer_class is opt.LBFGS:  # the loss has no default, so it comes first
        assert names[:2] == ["loss_fn", "lr"]
    else:
        assert names[0] == "lr"
        assert optimizer_class(0.123).lr == 0.123  # lr is also the first positional argument
    for spec in optimizer_class.hyperparameters():
        assert spec.symbol and spec.meaning, spec
        if spec.name != "loss_fn":
            assert spec.check(spec.default) == spec.default  # every default is valid


def test_hyperparameter_values_and_equal_optimizers(optimizer):
    one = optimizer
    values = one.hyperparameter_values()
    assert list(values) == [spec.name for spec in type(one).hyperparameters()]
    rebuilt = type(one)(**values)  # the values rebuild the same optimizer ...
    assert rebuilt.hyperparameter_values() == values and repr(rebuilt) == repr(one)
    assert rebuilt != one and len({rebuilt: 1, one: 2}) == 2  # ... a distinct one (dict keys)
    with pytest.raises(AttributeError):
        one.lr = 5.0  # frozen: an optimizer cannot change under a running state


def test_plot_labels_come_from_the_spec():
    from gdcourse.plotting.style import label_for

    assert label_for(opt.Momentum(0.1, 0.9)) == "Momentum (η=0.1, γ=0.9)"
    assert label_for(opt.Adadelta()) == "Adadelta (η=1, ρ=0.9)"
    assert label_for(opt.RMSProp(0.01, 0.9)) == "RMSProp (η=0.01, β=0.9)"
    assert label_for(opt.NAG(lambda t: 0.1, 0.5)) == "NAG (η=η(t), γ=0.5)"
    assert label_for(opt.LineSearchGD(bowl_loss)) == "LineSearchGD"


def test_sliders_follow_the_course_ranges():
    expected = {
        "lr": (1e-4, 10.0, True),
        "adamw_lr": (1e-4, 10.0, True),  # Muon's learning rate for vectors
        "gamma": (0.0, 0.99, False),
        "beta": (0.0, 0.999, False),
        "beta1": (0.0, 0.99, False),
        "beta2": (0.9, 0.9999, False),
        "rho": (0.0, 0.999, False),
        "eps": (1e-10, 1e-1, True),
    }
    for cls in opt.REGISTRY.values():
        for spec in cls.hyperparameters():
            if spec.slider is not None:
                slider = spec.slider
                assert (slider.low, slider.high, slider.log) == expected[spec.name], spec
                assert spec.in_range(slider.low) or slider.log, spec  # lr/eps: log ends > 0
                assert spec.in_range(slider.high), spec


def test_learning_rate_helper():
    assert opt.learning_rate(0.5, 3) == 0.5
    assert opt.learning_rate(lambda t: 1 / (t + 1), 3) == 0.25
    with pytest.raises(ValueError, match=r"lr\(2\)"):
        opt.learning_rate(lambda t: -1.0, 2)


# ---------------------------------------------------------------- the registry reaches the book


def _book_extension():
    path = pathlib.Path(__file__).parents[1] / "book" / "_ext" / "gdcourse_book.py"
    spec = importlib.util.spec_from_file_location("gdcourse_book", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_notation_page_table_is_current():
    book = _book_extension()
    text = book.NOTATION.read_text(encoding="utf-8")
    assert text == book.with_current_table(text), (
        "book/notation.md is out of date: run python book/_ext/gdcourse_book.py"
    )


def test_every_registered_optimizer_is_on_the_notation_page(optimizer_class):
    text = (pathlib.Path(__file__).parents[1] / "book" / "notation.md").read_text("utf-8")
    assert f"{optimizer_class.__name__} (" in text
    for spec in optimizer_class.hyperparameters():
        assert f"`{spec.name}`" in text
