"""Every optimizer with a torch.optim counterpart against torch's own trajectories.

``tests/data/torch_reference.npz`` holds paths recorded by ``tools/make_torch_reference.py``
(torch 2.13, float64, two side-by-side Rosenbrock functions). Torch is not needed here.
"""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest

from gdcourse import optimizers as opt

DATA = pathlib.Path(__file__).parent / "data" / "torch_reference.npz"
REFERENCE = np.load(DATA)
META = json.loads(str(REFERENCE["_meta"]))
THETA0 = np.array(META["theta0"])
STEPS = META["steps"]
RTOL = 1e-12  # float64 round-off, grown over STEPS steps of a curved valley


def rosenbrock_grad(theta):
    """Same expression as the torch script, so both sides see identical gradients."""
    x, y = theta[0::2], theta[1::2]
    grad = np.empty_like(theta)
    grad[0::2] = -2.0 * (1.0 - x) - 400.0 * x * (y - x * x)
    grad[1::2] = 200.0 * (y - x * x)
    return grad


def harmonic(base):
    return lambda t: base * (1.0 / (1.0 + 0.1 * t))  # torch LambdaLR: base * factor(t)


def exponential(base):
    return lambda t: base * (0.9**t)


# The same names as in the torch script; each builds the matching gdcourse optimizer.
OURS = {
    "sgd": lambda: opt.GD(lr=1e-3),
    "sgd_harmonic": lambda: opt.GD(lr=harmonic(1e-3)),
    "momentum": lambda: opt.Momentum(lr=1e-3, gamma=0.9),
    "momentum_05": lambda: opt.Momentum(lr=5e-4, gamma=0.5),
    "adagrad": lambda: opt.AdaGrad(),
    "adagrad_custom": lambda: opt.AdaGrad(lr=0.1, eps=1e-6),
    # torch's lr_decay=k is the schedule eta / (1 + t k) with our 0-based t
    "adagrad_lr_decay": lambda: opt.AdaGrad(lr=lambda t: 0.1 / (1 + t * 0.05)),
    "rmsprop": lambda: opt.RMSProp(),
    "rmsprop_custom": lambda: opt.RMSProp(lr=1e-3, beta=0.9, eps=1e-6),
    "adadelta": lambda: opt.Adadelta(),
    "adadelta_custom": lambda: opt.Adadelta(0.5, rho=0.95, eps=1e-5),  # lr first, as in torch
    "adam": lambda: opt.Adam(),
    "adam_custom": lambda: opt.Adam(lr=0.05, beta1=0.8, beta2=0.99, eps=1e-6),
    "adam_exponential": lambda: opt.Adam(lr=exponential(0.05)),
    "amsgrad": lambda: opt.AMSGrad(),
    "amsgrad_custom": lambda: opt.AMSGrad(lr=0.05, beta1=0.5, beta2=0.9),
    "adamax": lambda: opt.AdaMax(),
    "adamax_custom": lambda: opt.AdaMax(lr=0.05, beta1=0.8, beta2=0.99, eps=1e-4),
    "nadam": lambda: opt.NAdam(),
    "nadam_custom": lambda: opt.NAdam(lr=0.05, beta1=0.8, beta2=0.99, momentum_decay=0.01),
    "rprop": lambda: opt.Rprop(),
    "rprop_custom": lambda: opt.Rprop(
        lr=0.05, eta_minus=0.3, eta_plus=1.5, step_min=1e-3, step_max=0.2
    ),
}


def path_of(optimizer, steps=STEPS):
    """The parameters after every step, and the states along the way."""
    theta, state = THETA0.copy(), optimizer.init(THETA0)
    thetas, states = [theta], [state]
    for _ in range(steps):
        theta, state = optimizer.update(theta, state, rosenbrock_grad)
        thetas.append(theta)
        states.append(state)
    return np.array(thetas), states


#: Registered optimizers that torch.optim does not have. Lion and the schedule-free pair
#: are checked against loops written from their papers in test_modern_optimizers.py.
TORCH_HAS_NONE = {"Yogi", "LineSearchGD", "Lion", "ScheduleFreeSGD", "ScheduleFreeAdamW"}


def test_every_registered_optimizer_is_compared_with_torch():
    from test_modern_optimizers import OURS as MODERN  # the torch cases of issue 17

    # NAG is compared through its look-ahead points (test_nag_look_ahead_points_...).
    compared = {type(make()).__name__ for make in OURS.values()} | {"NAG"}
    compared |= {type(make()).__name__ for _, make, _ in MODERN.values()}
    assert compared == set(opt.REGISTRY) - TORCH_HAS_NONE
    assert TORCH_HAS_NONE <= set(opt.REGISTRY)  # a rename must not hide an optimizer


def test_reference_file_is_complete():
    # Every recorded case is checked somewhere in this file.
    checked = set(OURS) | {"nesterov", "nesterov_05", "momentum_harmonic"}
    assert set(META["cases"]) == checked
    assert META["torch"].startswith("2.13.0")


@pytest.mark.parametrize("name", sorted(OURS))
def test_matches_torch(name):
    expected = REFERENCE[name]
    ours, _ = path_of(OURS[name]())
    assert ours.shape == expected.shape
    # Every case must actually move, or the comparison would prove nothing.
    assert np.abs(expected[-1] - expected[0]).max() > 1e-3
    np.testing.assert_allclose(ours, expected, rtol=RTOL, atol=1e-13)


@pytest.mark.parametrize(
    ("name", "lr", "gamma"), [("nesterov", 1e-3, 0.9), ("nesterov_05", 5e-4, 0.5)]
)
def test_nag_look_ahead_points_are_torch_nesterov_iterates(name, lr, gamma):
    # torch's nesterov=True iterate p_t is our look-ahead point theta_t - gamma * u_{t-1}.
    thetas, states = path_of(opt.NAG(lr=lr, gamma=gamma))
    u = np.array([state.u for state in states])
    look_ahead = thetas - gamma * u
    np.testing.assert_allclose(look_ahead, REFERENCE[name], rtol=RTOL, atol=1e-13)
    # ... and they are not the same points as theta_t itself.
    assert np.abs(thetas[1:] - REFERENCE[name][1:]).max() > 1e-4


def test_momentum_under_a_schedule_differs_from_torch_as_documented():
    schedule = harmonic(1e-3)
    ours, _ = path_of(opt.Momentum(lr=schedule, gamma=0.9))
    # torch rescales its whole buffer b by today's lr; we keep each step's own lr.
    assert np.abs(ours[-1] - REFERENCE["momentum_harmonic"][-1]).max() > 1e-3
    # Our path is u_t = gamma u_{t-1} + eta_t g_t, written out here by hand ...
    theta, u, mine = THETA0.copy(), np.zeros(4), [THETA0.copy()]
    for t in range(STEPS):
        u = 0.9 * u + schedule(t) * rosenbrock_grad(theta)
        theta = theta - u
        mine.append(theta)
    np.testing.assert_allclose(ours, mine, rtol=RTOL)
    # ... and torch's is b_t = gamma b_{t-1} + g_t, theta -= eta_t b_t.
    theta, b, theirs = THETA0.copy(), np.zeros(4), [THETA0.copy()]
    for t in range(STEPS):
        b = 0.9 * b + rosenbrock_grad(theta)
        theta = theta - schedule(t) * b
        theirs.append(theta)
    np.testing.assert_allclose(theirs, REFERENCE["momentum_harmonic"], rtol=RTOL)


def test_amsgrad_case_really_uses_the_running_maximum():
    # With beta2 = 0.9 v shrinks on this path, so AMSGrad must part from Adam.
    ams, states = path_of(opt.AMSGrad(lr=0.05, beta1=0.5, beta2=0.9))
    adam, _ = path_of(opt.Adam(lr=0.05, beta1=0.5, beta2=0.9))
    assert any(np.any(s.v_max > s.v) for s in states[1:])
    assert np.abs(ams[-1] - adam[-1]).max() > 1e-3


def test_rprop_cases_hit_sign_flips_and_both_clamps():
    _, states = path_of(OURS["rprop_custom"]())
    sizes = np.array([s.step_size for s in states])
    assert np.any(sizes == 0.2) and np.any(sizes == 1e-3)
    assert any(np.any(s.prev == 0) for s in states[2:])  # a flip zeroed a stored gradient
