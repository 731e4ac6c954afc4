"""The optimizers of today (issue 17) against torch.optim, the papers and hand-worked steps.

``tests/data/torch_reference.npz`` holds torch 2.13 paths (float64, 25 steps) recorded by
``tools/make_torch_reference.py`` under the names of ``META["modern_cases"]``; the
matrix problems' constants are stored there too (``_lsq_X`` ...), so both sides see the
same numbers. Lion and schedule-free have no torch.optim counterpart: they are checked
against loops written here from the papers' pseudo-code.
"""

from __future__ import annotations

import copy
import json
import math
import pathlib

import numpy as np
import pytest

from gdcourse import optimizers as opt
from gdcourse.optimizers import (
    ASGD,
    LBFGS,
    Adafactor,
    AdamW,
    Lion,
    Muon,
    RAdam,
    ScheduleFreeAdamW,
    ScheduleFreeSGD,
)
from gdcourse.optimizers.lbfgs import cubic_interpolate
from gdcourse.optimizers.muon import newton_schulz

DATA = pathlib.Path(__file__).parent / "data" / "torch_reference.npz"
REFERENCE = np.load(DATA)
META = json.loads(str(REFERENCE["_meta"]))
THETA0 = np.array(META["theta0"])
STEPS = META["steps"]
RTOL = 1e-12
M = {
    name[1:]: REFERENCE[name]
    for name in REFERENCE.files
    if name.startswith("_") and name != "_meta"
}
LSQ_SHAPES = [(6, 3), (3,)]


# --- the problems, with the same hand-written gradients as the torch script -------------
def rosenbrock_grad(theta):
    x, y = theta[0::2], theta[1::2]
    grad = np.empty_like(theta)
    grad[0::2] = -2.0 * (1.0 - x) - 400.0 * x * (y - x * x)
    grad[1::2] = 200.0 * (y - x * x)
    return grad


def rosenbrock_loss(theta):
    x, y = theta[0::2], theta[1::2]
    return float(((1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2).sum())


def matrix_grad(prefix):
    X, Y = M[f"{prefix}_X"], M[f"{prefix}_Y"]
    return lambda W: X.T @ (X @ W - Y)


def lsq_blocks_grad(theta):
    """0.5 ||X W + b - Y||^2 on the flat vector (W (6, 3), then b (3,))."""
    W, b = theta[:18].reshape(6, 3), theta[18:]
    R = M["lsq_X"] @ W + b - M["lsq_Y"]
    return np.concatenate([(M["lsq_X"].T @ R).ravel(), R.sum(0)])


PROBLEMS = {
    "rosenbrock": (THETA0, rosenbrock_grad),
    "rosenbrock2": (THETA0[:2], rosenbrock_grad),  # L-BFGS: see the torch script
    "lsq_W": (M["lsq_W0"], matrix_grad("lsq")),
    "wide": (M["wide_W0"], matrix_grad("wide")),
    "lsq": (np.concatenate([M["lsq_W0"].ravel(), M["lsq_b0"]]), lsq_blocks_grad),
}


def l2(grad_fn, weight_decay):
    """torch's ``weight_decay`` on SGD and Adam: the gradient plus ``weight_decay * theta``."""
    return lambda theta: grad_fn(theta) + weight_decay * theta


# name -> (problem, optimizer factory, gradient wrapper). The weight_decay cases pass
# torch's paths at rtol 1e-12 with the library's weight_decay option; the atol 1e-13 of
# test_matches_torch is needed by momentum_weight_decay, one of whose coordinates passes
# close to 0, where a relative tolerance alone would ask for more than round-off gives.
OURS = {
    "sgd_weight_decay": ("rosenbrock", lambda: opt.GD(lr=1e-3, weight_decay=0.5), None),
    "momentum_weight_decay": (
        "rosenbrock",
        lambda: opt.Momentum(lr=1e-3, gamma=0.9, weight_decay=0.1),
        None,
    ),
    "adam_weight_decay": ("rosenbrock", lambda: opt.Adam(lr=0.05, weight_decay=0.1), None),
    "adamw": ("rosenbrock", lambda: AdamW(), None),
    "adamw_custom": (
        "rosenbrock",
        lambda: AdamW(lr=0.05, beta1=0.8, beta2=0.99, eps=1e-6, weight_decay=0.1),
        None,
    ),
    "adamw_amsgrad": (
        "rosenbrock",
        lambda: AdamW(lr=0.05, beta1=0.5, beta2=0.9, weight_decay=0.05, amsgrad=True),
        None,
    ),
    "radam": ("rosenbrock", lambda: RAdam(), None),
    "radam_custom": (
        "rosenbrock",
        lambda: RAdam(lr=1e-3, beta1=0.8, beta2=0.9, eps=1e-6, weight_decay=0.1),
        None,
    ),
    "radam_decoupled": (
        "rosenbrock",
        lambda: RAdam(lr=1e-3, beta1=0.8, beta2=0.9, weight_decay=0.1, decoupled_weight_decay=True),
        None,
    ),
    "asgd": ("rosenbrock", lambda: ASGD(lr=1e-3, t0=5), None),
    "asgd_custom": (
        "rosenbrock",
        lambda: ASGD(lr=2e-3, lambd=0.01, alpha=0.5, t0=3, weight_decay=0.01),
        None,
    ),
    "adafactor": ("rosenbrock", lambda: Adafactor(), None),
    "adafactor_custom": (
        "rosenbrock",
        lambda: Adafactor(
            lr=0.05, beta2_decay=-0.5, eps1=1e-10, eps2=1e-2, d=1.5, weight_decay=0.1
        ),
        None,
    ),
    "adafactor_matrix": ("lsq_W", lambda: Adafactor(lr=0.05), None),
    "adafactor_blocks": (
        "lsq",
        lambda: Adafactor(lr=0.05, weight_decay=0.01, eps1=1e-12, shapes=LSQ_SHAPES),
        None,
    ),
    "lbfgs": ("rosenbrock2", lambda: LBFGS(rosenbrock_loss, lr=0.1, max_iter=2), None),
    "lbfgs_history": (
        "rosenbrock2",
        lambda: LBFGS(rosenbrock_loss, lr=0.2, max_iter=3, history_size=2),
        None,
    ),
    "lbfgs_wolfe": (
        "rosenbrock2",
        lambda: LBFGS(rosenbrock_loss, max_iter=2, line_search_fn="strong_wolfe"),
        None,
    ),
    "lbfgs_wolfe_default": (
        "rosenbrock2",
        lambda: LBFGS(rosenbrock_loss, line_search_fn="strong_wolfe"),
        None,
    ),
    "muon": ("lsq_W", lambda: Muon(lr=0.02), None),
    "muon_wide": (
        "wide",
        lambda: Muon(
            lr=0.02, momentum=0.9, nesterov=False, weight_decay=0.01, adjust_lr_fn="match_rms_adamw"
        ),
        None,
    ),
    "muon_blocks": ("lsq", lambda: Muon(lr=0.02, shapes=LSQ_SHAPES), None),
}


def path_of(optimizer, problem, wrap=None, steps=STEPS):
    """Flattened parameters after every step, and the states along the way."""
    theta0, grad_fn = PROBLEMS[problem]
    grad_fn = wrap(grad_fn) if wrap else grad_fn
    theta, state = theta0.copy(), optimizer.init(theta0)
    thetas, states = [theta.ravel()], [state]
    for _ in range(steps):
        theta, state = optimizer.update(theta, state, grad_fn)
        thetas.append(theta.ravel())
        states.append(state)
    return np.array(thetas), states


def relative_difference(ours, expected):
    return float((np.abs(ours - expected) / np.maximum(np.abs(expected), 1e-13)).max())


def test_every_modern_case_is_checked_and_old_cases_untouched():
    assert set(META["modern_cases"]) == set(OURS) | {"muon_bfloat16"}
    assert not set(META["modern_cases"]) & set(META["cases"])
    assert META["torch"].startswith("2.13.0")


@pytest.mark.parametrize("name", sorted(OURS))
def test_matches_torch(name):
    problem, make, wrap = OURS[name]
    expected = REFERENCE[name]
    ours, _ = path_of(make(), problem, wrap)
    assert ours.shape == expected.shape
    assert np.abs(expected[-1] - expected[0]).max() > 1e-2  # the case really moves
    np.testing.assert_allclose(ours, expected, rtol=RTOL, atol=1e-13)


@pytest.mark.parametrize("name", ["asgd", "asgd_custom"])
def test_asgd_average_matches_torch_ax(name):
    problem, make, _ = OURS[name]
    _, states = path_of(make(), problem)
    theta_bar = np.array([s.theta_bar for s in states[1:]])
    np.testing.assert_allclose(theta_bar, REFERENCE[f"{name}__ax"], rtol=RTOL, atol=1e-13)
    # averaging has started: the average is no longer the last iterate
    assert np.abs(theta_bar[-1] - REFERENCE[name][-1]).max() > 1e-3


def test_muon_in_float64_is_close_to_torchs_bfloat16_muon():
    # torch orthogonalizes in bfloat16; the paths agree to ~3 digits, not to 1e-12.
    ours, _ = path_of(Muon(lr=0.02), "lsq_W")
    difference = np.abs(ours - REFERENCE["muon_bfloat16"]).max()
    assert 1e-6 < difference < 1e-2


def test_lbfgs_cases_use_their_machinery():
    _, states = path_of(OURS["lbfgs_history"][1](), "rosenbrock2")
    assert max(len(s.s) for s in states) == 2  # the history was full and dropped pairs
    # max_eval = max_iter * 5 // 4 = 3 evaluations: the third iteration never runs (torch's rule)
    assert states[-1].n_iter == 2 * STEPS and states[-1].func_evals == 3 * STEPS
    _, states = path_of(OURS["lbfgs_wolfe_default"][1](), "rosenbrock2")
    assert states[1].func_evals > 2  # the line search evaluated several points
    thetas, _ = path_of(OURS["lbfgs_wolfe_default"][1](), "rosenbrock2")
    np.testing.assert_allclose(thetas[-1], 1.0, atol=1e-4)  # the valley's floor, (1, 1)


# --- agreements the maths demands -----------------------------------------------------
# name -> (optimizer without weight_decay, its weight_decay): the option is the L2 gradient.
L2_CASES = {
    "sgd_weight_decay": (lambda: opt.GD(lr=1e-3), 0.5),
    "momentum_weight_decay": (lambda: opt.Momentum(lr=1e-3, gamma=0.9), 0.1),
    "adam_weight_decay": (lambda: opt.Adam(lr=0.05), 0.1),
}


@pytest.mark.parametrize("name", sorted(L2_CASES))
def test_weight_decay_is_the_l2_term_added_to_the_gradient(name):
    make, weight_decay = L2_CASES[name]
    by_hand, _ = path_of(make(), "rosenbrock", lambda g: l2(g, weight_decay))
    option, _ = path_of(OURS[name][1](), "rosenbrock")
    np.testing.assert_array_equal(option, by_hand)


def test_weight_decay_on_nag_and_amsgrad_is_the_l2_term_too():
    for plain, decayed in [
        (opt.NAG(lr=1e-3), opt.NAG(lr=1e-3, weight_decay=0.2)),
        (opt.AMSGrad(lr=0.05), opt.AMSGrad(lr=0.05, weight_decay=0.2)),
    ]:
        by_hand, _ = path_of(plain, "rosenbrock", lambda g: l2(g, 0.2))
        option, _ = path_of(decayed, "rosenbrock")
        np.testing.assert_array_equal(option, by_hand)
        assert np.abs(option[-1] - path_of(plain, "rosenbrock")[0][-1]).max() > 1e-4


def test_adamw_without_decay_is_adam():
    ours, _ = path_of(AdamW(lr=0.05, weight_decay=0.0), "rosenbrock")
    adam, _ = path_of(opt.Adam(lr=0.05), "rosenbrock")
    np.testing.assert_allclose(ours, adam, rtol=1e-13)
    amsgrad, _ = path_of(
        AdamW(lr=0.05, beta1=0.5, beta2=0.9, weight_decay=0, amsgrad=True), "rosenbrock"
    )
    reference, _ = path_of(opt.AMSGrad(lr=0.05, beta1=0.5, beta2=0.9), "rosenbrock")
    np.testing.assert_allclose(amsgrad, reference, rtol=1e-13)


def test_decoupled_decay_differs_from_l2_for_adam_but_not_for_gd():
    # GD: decoupled decay and the L2 gradient term are the same step.
    theta = THETA0.copy()
    decoupled = theta * (1 - 1e-3 * 0.5) - 1e-3 * rosenbrock_grad(theta)
    l2_step = theta - 1e-3 * (rosenbrock_grad(theta) + 0.5 * theta)
    np.testing.assert_allclose(decoupled, l2_step, rtol=1e-15)
    # Adam: they part, since the L2 term is divided by sqrt(v).
    assert np.abs(REFERENCE["adamw_custom"][-1] - REFERENCE["adam_weight_decay"][-1]).max() > 1e-2


def test_muon_on_a_matrix_block_equals_muon_on_the_matrix():
    # With shapes, the matrix block of the flat vector follows exactly the 2-D Muon path
    # when the bias is frozen (AdamW with lr 0 on it).
    flat, _ = path_of(Muon(lr=0.02, shapes=LSQ_SHAPES, adamw_lr=0.0), "lsq", steps=5)
    b0 = M["lsq_b0"]
    Y_shift = M["lsq_Y"] - b0
    grad = lambda W: M["lsq_X"].T @ (M["lsq_X"] @ W - Y_shift)  # noqa: E731
    W, state = M["lsq_W0"].copy(), Muon(lr=0.02).init(M["lsq_W0"])
    for _ in range(5):
        W, state = Muon(lr=0.02).update(W, state, grad)
    np.testing.assert_allclose(flat[-1][:18], W.ravel(), rtol=1e-13)
    np.testing.assert_allclose(flat[-1][18:], b0 * (1 - 0.0), rtol=1e-15)


def test_newton_schulz_orthogonalizes():
    G = M["lsq_X"][:3, :5]  # wide
    U, _, Vt = np.linalg.svd(G, full_matrices=False)
    O = newton_schulz(G)
    singular = np.linalg.svd(O, compute_uv=False)
    assert np.all((singular > 0.6) & (singular < 1.3))  # near 1, not exactly (by design)
    # many classic cubic steps (a, b, c) = (1.5, -0.5, 0) converge to U V^T itself
    np.testing.assert_allclose(newton_schulz(G, 60, (1.5, -0.5, 0.0)), U @ Vt, atol=1e-10)
    np.testing.assert_allclose(newton_schulz(G.T), O.T, rtol=1e-12)  # tall: transposed
    assert np.all(newton_schulz(np.zeros((2, 3))) == 0)  # eps guards the zero matrix


def test_adafactor_unfactored_on_a_matrix_matches_torch_semantics_of_a_vector():
    # factored=False on a matrix treats it like a vector of its entries.
    flat_start = M["lsq_W0"].ravel()
    grad = matrix_grad("lsq")
    flat_grad = lambda v: grad(v.reshape(6, 3)).ravel()  # noqa: E731
    a, b = Adafactor(factored=False), Adafactor()
    W, sa = M["lsq_W0"], a.init(M["lsq_W0"])
    v, sb = flat_start, b.init(flat_start)
    for _ in range(5):
        W, sa = a.update(W, sa, grad)
        v, sb = b.update(v, sb, flat_grad)
    np.testing.assert_allclose(W.ravel(), v, rtol=1e-13)
    assert sa.R == (None,) and sa.V[0].shape == (6, 3)


def test_adafactor_state_memory():
    state = Adafactor(shapes=LSQ_SHAPES).init(PROBLEMS["lsq"][0])
    stored = sum(a.size for part in (state.R, state.C, state.V) for a in part if a is not None)
    assert stored == 6 + 3 + 3  # rows + columns of W, and b's full V: not 18 + 3


# --- Lion and schedule-free against loops written from the papers ----------------------
def lion_paper(theta, grad_fn, steps, lr, beta1, beta2, wd):
    """Chen et al. (2023), Program 1: update = sign(interp(g, m, beta1));
    m = interp(g, m, beta2)."""
    m = np.zeros_like(theta)
    path = [theta]
    for _ in range(steps):
        g = grad_fn(theta)
        update = np.sign(beta1 * m + (1 - beta1) * g)
        update = update + wd * theta
        theta = theta - lr * update
        m = beta2 * m + (1 - beta2) * g
        path.append(theta)
    return np.array(path)


@pytest.mark.parametrize(
    "kwargs", [{}, {"lr": 0.01}, {"lr": 0.02, "beta1": 0.5, "beta2": 0.9, "weight_decay": 0.1}]
)
def test_lion_matches_the_paper(kwargs):
    ours, _ = path_of(Lion(**kwargs), "rosenbrock")
    full = {"lr": 1e-4, "beta1": 0.9, "beta2": 0.99, "weight_decay": 0.0} | kwargs
    paper = lion_paper(
        THETA0,
        rosenbrock_grad,
        STEPS,
        full["lr"],
        full["beta1"],
        full["beta2"],
        full["weight_decay"],
    )
    np.testing.assert_allclose(ours, paper, rtol=RTOL)


def schedule_free_y_form(theta, grad_fn, steps, lr, beta, warmup, r, power, wd, adam=None):
    """The authors' formulation (facebookresearch/schedule_free): the model holds y, not x.
    y <- (1-c) y + c z + lr (beta (1-c) - 1) u and z <- z - lr u, with u the (normalized)
    gradient at y plus lr-free decay; x is recovered as (y - (1-beta) z) / beta."""
    y, z, v = theta.copy(), theta.copy(), np.zeros_like(theta)
    weight_sum, lr_max, xs = 0.0, 0.0, [theta]
    for k in range(steps):
        lr_k = lr * (min(1.0, (k + 1) / warmup) if warmup else 1.0)
        lr_max = max(lr_max, lr_k)
        weight = (k + 1) ** r * lr_max**power
        weight_sum += weight
        c = weight / weight_sum
        g = grad_fn(y)
        if adam is not None:
            beta2, eps = adam
            v = beta2 * v + (1 - beta2) * g * g
            g = g / (np.sqrt(v / (1 - beta2 ** (k + 1))) + eps)
        u = g + wd * y
        y = (1 - c) * y + c * z + lr_k * (beta * (1 - c) - 1) * u
        z = z - lr_k * u
        xs.append((y - (1 - beta) * z) / beta)
    return np.array(xs)


SF_CASES = [
    {},
    {"lr": 2e-3, "warmup_steps": 5},
    {"lr": 1e-3, "beta": 0.5, "weight_decay": 0.1, "r": 1.0, "weight_lr_power": 1.0},
]


@pytest.mark.parametrize("kwargs", SF_CASES)
def test_schedule_free_sgd_matches_the_authors_y_form(kwargs):
    full = {"lr": 1e-3, "beta": 0.9, "weight_decay": 0.0, "warmup_steps": 0, "r": 0.0}
    full |= {"weight_lr_power": 2.0} | kwargs
    ours, _ = path_of(ScheduleFreeSGD(**full), "rosenbrock")
    theirs = schedule_free_y_form(
        THETA0, rosenbrock_grad, STEPS, full["lr"], full["beta"], full["warmup_steps"],
        full["r"], full["weight_lr_power"], full["weight_decay"],
    )  # fmt: skip
    assert np.abs(ours[-1] - ours[0]).max() > 1e-2
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("kwargs", [{}, {"lr": 0.05, "warmup_steps": 5, "weight_decay": 0.1}])
def test_schedule_free_adamw_matches_the_authors_y_form(kwargs):
    full = {"lr": 0.0025, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0}
    full |= {"warmup_steps": 0, "r": 0.0, "weight_lr_power": 2.0} | kwargs
    ours, _ = path_of(ScheduleFreeAdamW(**full), "rosenbrock")
    theirs = schedule_free_y_form(
        THETA0, rosenbrock_grad, STEPS, full["lr"], full["beta1"], full["warmup_steps"],
        full["r"], full["weight_lr_power"], full["weight_decay"], adam=(full["beta2"], full["eps"]),
    )  # fmt: skip
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_schedule_free_average_is_the_mean_of_z():
    # Constant lr, r = 0: x_t is the plain mean of z_1 .. z_t (the paper's primal average).
    thetas, states = path_of(ScheduleFreeSGD(lr=1e-3), "rosenbrock")
    zs = np.array([s.z for s in states[1:]])
    np.testing.assert_allclose(thetas[-1], zs.mean(0), rtol=1e-12)
    # and the gradient point y lies between z and x: y = (1 - beta) z + beta x
    np.testing.assert_allclose(states[3].y, 0.1 * states[2].z + 0.9 * thetas[2], rtol=1e-15)


# --- first steps worked out by hand ------------------------------------------------------
def one_step(optimizer, theta, grad_fn):
    return optimizer.update(theta, optimizer.init(theta), grad_fn)


CONSTANT = np.array([0.5, -2.0])
GRAD = lambda theta: np.array([2.0, -1.0])  # noqa: E731


def test_first_steps_by_hand():
    theta = CONSTANT
    # AdamW: m_hat = g, v_hat = g^2, step = lr * g/(|g| + eps) ~ lr * sign(g); decay first.
    new, _ = one_step(AdamW(lr=0.1, weight_decay=0.5, eps=1e-300), theta, GRAD)
    np.testing.assert_allclose(new, theta * 0.95 - 0.1 * np.array([1.0, -1.0]), rtol=1e-14)
    # RAdam: rho_1 = 1 <= 5, so a plain momentum step lr * m_hat = lr * g.
    new, _ = one_step(RAdam(lr=0.1), theta, GRAD)
    np.testing.assert_allclose(new, theta - 0.1 * np.array([2.0, -1.0]), rtol=1e-14)
    # Lion: sign((1-b1) g) = sign(g).
    new, _ = one_step(Lion(lr=0.1, weight_decay=1.0), theta, GRAD)
    np.testing.assert_allclose(new, theta - 0.1 * (np.array([1.0, -1.0]) + theta), rtol=1e-14)
    # ASGD: theta (1 - lambd lr) - lr g; eta_1 = lr / (1 + lambd lr)^alpha.
    new, state = one_step(ASGD(lr=0.1, lambd=0.5, alpha=1.0), theta, GRAD)
    np.testing.assert_allclose(new, theta * 0.95 - 0.1 * np.array([2.0, -1.0]), rtol=1e-14)
    assert state.eta == pytest.approx(0.1 / 1.05, rel=1e-15) and state.mu == 1.0
    # Adafactor on a vector: V_1 = g^2, U = sign(g), RMS(U) = 1; alpha = max(eps2, RMS(theta)) rho.
    new, _ = one_step(Adafactor(lr=0.1), theta, GRAD)
    rms = math.sqrt((0.25 + 4.0) / 2)
    np.testing.assert_allclose(new, theta - rms * 0.1 * np.array([1.0, -1.0]), rtol=1e-14)
    # Schedule-free SGD: y = x = z at the start, c = 1, so x_1 = z_1 = theta - lr g.
    new, state = one_step(ScheduleFreeSGD(lr=0.1), theta, GRAD)
    np.testing.assert_allclose(new, theta - 0.1 * np.array([2.0, -1.0]), rtol=1e-15)
    np.testing.assert_allclose(state.z, new, rtol=1e-15)
    # Schedule-free AdamW: the normalized gradient is g / (|g| + eps) = sign(g).
    new, _ = one_step(ScheduleFreeAdamW(lr=0.1, eps=1e-300), theta, GRAD)
    np.testing.assert_allclose(new, theta - 0.1 * np.array([1.0, -1.0]), rtol=1e-14)
    # L-BFGS on a quadratic: first step -min(1, 1/|g|_1) lr g.
    quad_loss = lambda th: 0.5 * float(th @ th)  # noqa: E731
    new, _ = one_step(LBFGS(quad_loss, max_iter=1), np.array([3.0, -1.0]), lambda th: th)
    np.testing.assert_allclose(new, np.array([3.0, -1.0]) * (1 - 1 / 4), rtol=1e-15)


def test_first_steps_by_hand_on_matrices():
    # Adafactor on a matrix: R = row means of G^2, C = column means; R C / mean(R).
    G = np.array([[1.0, 2.0], [3.0, 4.0]])
    W = np.zeros((2, 2))
    new, state = one_step(Adafactor(lr=0.1), W, lambda _: G)
    R = np.array([[2.5], [12.5]])
    C = np.array([[5.0, 10.0]])
    np.testing.assert_allclose(state.R[0], R, rtol=1e-15)
    np.testing.assert_allclose(state.C[0], C, rtol=1e-15)
    U = G / np.sqrt(R @ C / R.mean())
    U_rms = np.linalg.norm(U) / 2
    np.testing.assert_allclose(new, -1e-3 * 0.1 * U / max(1, U_rms), rtol=1e-14)
    # Muon on a rank-1 gradient: NS(G) is G / ||G|| pushed towards U V^T of the rank-1 matrix.
    G = np.array([[3.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    new, state = one_step(Muon(lr=0.1, weight_decay=0.0), np.zeros((2, 3)), lambda _: G)
    np.testing.assert_allclose(state.B[0], 0.05 * G, rtol=1e-15)
    # Nesterov: 0.95 * 0.05 G + 0.05 G, then NS: scale-free, singular value s_5 of 1 step each.
    s = 1.0
    for _ in range(5):
        s = 3.4445 * s - 4.7750 * s**3 + 2.0315 * s**5
    np.testing.assert_allclose(new, -0.1 * s * np.array([[1.0, 0, 0], [0, 0, 0]]), rtol=1e-13)


def test_cubic_interpolation_finds_a_cubics_minimum():
    # f(x) = (x - 1)^2 is its own cubic: from x = 0 and x = 3 the minimum is 1.
    assert cubic_interpolate(0.0, 1.0, -2.0, 3.0, 4.0, 4.0) == pytest.approx(1.0, abs=1e-15)
    assert cubic_interpolate(3.0, 4.0, 4.0, 0.0, 1.0, -2.0) == pytest.approx(1.0, abs=1e-15)
    # bounds clamp it
    assert cubic_interpolate(0.0, 1.0, -2.0, 3.0, 4.0, 4.0, bounds=(2.0, 5.0)) == 2.0


# --- convergence on a bowl ----------------------------------------------------------------
BOWL_SCALES = np.array([1.0, 10.0])
BOWL = lambda theta: BOWL_SCALES * theta  # noqa: E731  (0.5 * (x^2 + 10 y^2))
BOWL_LOSS = lambda theta: 0.5 * float(BOWL_SCALES @ theta**2)  # noqa: E731
CONVERGENCE = [
    (AdamW(lr=0.05, weight_decay=0.01), 400),
    (RAdam(lr=0.05), 400),
    (Adafactor(lr=0.1, eps2=1e-2), 600),
    (ASGD(lr=0.05), 200),
    (LBFGS(BOWL_LOSS), 2),
    (LBFGS(BOWL_LOSS, line_search_fn="strong_wolfe"), 2),
    (Lion(lr=0.01, beta1=0.9, beta2=0.99), 400),
    (Muon(lr=0.05, weight_decay=0.0), 300),
    (ScheduleFreeSGD(lr=0.05), 400),
    (ScheduleFreeAdamW(lr=0.05), 600),
]


@pytest.mark.parametrize(("optimizer", "steps"), CONVERGENCE, ids=lambda o: type(o).__name__)
def test_converges_on_a_bowl(optimizer, steps):
    if isinstance(optimizer, Muon):  # a matrix bowl: 0.5 ||S * W||^2
        S = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        theta, grad_fn = np.array([[1.0, -1.0, 0.5], [0.3, 0.8, -0.6]]), lambda W: S * W
    else:
        theta, grad_fn = np.array([1.0, -1.0]), BOWL
    state = optimizer.init(theta)
    for _ in range(steps):
        theta, state = optimizer.update(theta, state, grad_fn)
    assert np.abs(theta).max() < 0.05, theta


# --- purity ---------------------------------------------------------------------------
ALL = [
    AdamW(amsgrad=True),
    RAdam(weight_decay=0.1),
    Adafactor(shapes=LSQ_SHAPES),
    ASGD(t0=0),
    LBFGS(lambda theta: float(lsq_blocks_grad(theta) @ theta), line_search_fn="strong_wolfe"),
    Lion(),
    Muon(shapes=LSQ_SHAPES),
    ScheduleFreeSGD(),
    ScheduleFreeAdamW(),
]


def _copy(value):
    if isinstance(value, tuple):  # per-block or history state
        return tuple(_copy(item) for item in value)
    return value.copy() if isinstance(value, np.ndarray) else value


def _copies(state):
    return [_copy(field) for field in state]


@pytest.mark.parametrize("optimizer", ALL, ids=lambda o: type(o).__name__)
def test_update_does_not_mutate_its_inputs(optimizer):
    theta = PROBLEMS["lsq"][0].copy()
    state = optimizer.init(theta)
    for _ in range(3):  # a later step too, where the state is not zeros
        saved_theta, saved_state = theta.copy(), _copies(state)
        new_theta, new_state = optimizer.update(theta, state, lsq_blocks_grad)
        np.testing.assert_array_equal(theta, saved_theta)
        for before, after in zip(saved_state, state, strict=True):
            if isinstance(before, tuple):
                for b, a in zip(before, after, strict=True):
                    assert (b is None and a is None) or np.array_equal(b, a)
            else:
                np.testing.assert_array_equal(before, after)
        assert new_theta is not theta
        theta, state = new_theta, new_state


# --- bad input ------------------------------------------------------------------------
BAD = [
    (lambda: AdamW(weight_decay=-0.1), "weight_decay"),
    (lambda: AdamW(amsgrad=1), "amsgrad"),
    (lambda: RAdam(weight_decay=-1), "weight_decay"),
    (lambda: RAdam(beta2=1.0), "beta2"),
    (lambda: Lion(weight_decay=-1e-3), "weight_decay"),
    (lambda: Lion(lr=-1), "lr"),
    (lambda: ASGD(lambd=-1), "lambd"),
    (lambda: ASGD(weight_decay=-1), "weight_decay"),
    (lambda: Adafactor(beta2_decay=0.5), "beta2_decay"),
    (lambda: Adafactor(d=0.5), "d"),
    (lambda: Adafactor(weight_decay=-1), "weight_decay"),
    (lambda: Adafactor(factored="yes"), "factored"),
    (lambda: Adafactor(factored=True).init(np.ones(3)), "factored"),
    (lambda: Adafactor(factored=True, shapes=LSQ_SHAPES), "factored"),
    (lambda: Adafactor(shapes=[(2, 0)]), "shapes"),
    (lambda: Adafactor(shapes=LSQ_SHAPES).init(np.ones(20)), "shapes"),
    (lambda: Adafactor(shapes=[(2, 2, 2)]), "shapes"),
    (lambda: Adafactor().init(np.ones((2, 2, 2))), "shapes"),
    (lambda: Muon().init(np.ones(4)), "theta"),
    (lambda: Muon(shapes=[(2, 2, 2)]), "shapes"),
    (lambda: Muon(weight_decay=-1), "weight_decay"),
    (lambda: Muon(ns_steps=0), "ns_steps"),
    (lambda: Muon(ns_coefficients=(1.5, -0.5)), "ns_coefficients"),
    (lambda: Muon(adjust_lr_fn="spectral"), "adjust_lr_fn"),
    (lambda: Muon(momentum=1.0), "momentum"),
    (lambda: LBFGS(rosenbrock_loss, history_size=0), "history_size"),
    (lambda: LBFGS(rosenbrock_loss, max_iter=0), "max_iter"),
    (lambda: LBFGS(rosenbrock_loss, line_search_fn="armijo"), "line_search_fn"),
    (lambda: LBFGS("loss"), "loss_fn"),
    (lambda: ScheduleFreeSGD(warmup_steps=-1), "warmup_steps"),
    (lambda: ScheduleFreeAdamW(warmup_steps=2.5), "warmup_steps"),
    (lambda: ScheduleFreeSGD(weight_decay=-1), "weight_decay"),
    (lambda: ScheduleFreeAdamW(beta1=1.0), "beta1"),
]


@pytest.mark.parametrize(("make", "argument"), BAD, ids=[argument for _, argument in BAD])
def test_bad_input_names_the_argument(make, argument):
    with pytest.raises(ValueError, match=argument):
        make()


def test_lbfgs_refuses_mini_batches_in_run():
    from gdcourse import run
    from gdcourse.problems import make_points

    problem = make_points(np.random.default_rng(0), n=12)
    lbfgs = LBFGS(problem.loss, max_iter=2)
    with pytest.raises(ValueError, match=r"LBFGS needs full batches, got batch_size=4"):
        run(lbfgs, problem, problem.start, steps=3, batch_size=4, rng=np.random.default_rng(1))
    full = run(lbfgs, problem, problem.start, steps=3)  # full batches (or batch_size=N) run
    same = run(lbfgs, problem, problem.start, steps=3, batch_size=12)
    np.testing.assert_array_equal(full.thetas, same.thetas)
    assert full.losses[-1] < full.losses[0]


# --- Muon on matrices: the registry-wide checks written for vectors, on a matrix ---------
W0 = np.array([[1.0, -2.0, 0.5], [0.3, 0.8, -0.6]])
S = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


def matrix_bowl(W):
    return S * W


@pytest.mark.parametrize("nesterov", [True, False])
def test_muon_update_is_pure_and_replayable_on_a_matrix(nesterov):
    muon = Muon(lr=0.05, nesterov=nesterov)
    theta, state = W0, muon.init(W0)
    assert not any(np.shares_memory(a, W0) for a in state if isinstance(a, np.ndarray))
    for _ in range(3):
        theta, state = muon.update(theta, state, matrix_bowl)
    saved_theta, saved_state = theta.copy(), copy.deepcopy(state)
    returned = []

    def grad_fn(W):
        returned.append(matrix_bowl(W))
        return returned[-1]

    new_theta, new_state = muon.update(theta, state, grad_fn)
    np.testing.assert_array_equal(theta, saved_theta)
    for before, after in zip(saved_state, state, strict=True):
        np.testing.assert_array_equal(before, after)
    kept = [a for field in (new_state.B, new_state.m, new_state.v) for a in field]
    for out in [new_theta, *(a for a in kept if a is not None)]:
        assert not np.shares_memory(out, theta) and not np.shares_memory(out, returned[-1])
    replay_theta, _ = muon.update(saved_theta, saved_state, matrix_bowl)
    np.testing.assert_array_equal(replay_theta, new_theta)
    listed, _ = muon.update(W0.tolist(), muon.init(W0), matrix_bowl)  # a list of rows too
    assert listed.shape == W0.shape and listed.dtype == np.float64


def test_muon_lr_schedule_is_called_with_the_0_based_step():
    calls = []

    def schedule(t):
        calls.append(t)
        return 0.0123

    def path(muon):
        theta, state = W0, muon.init(W0)
        for _ in range(4):
            theta, state = muon.update(theta, state, matrix_bowl)
        return theta

    np.testing.assert_array_equal(path(Muon(lr=schedule)), path(Muon(lr=0.0123)))
    assert calls == [0, 1, 2, 3]


MUON_BAD_UPDATES = [
    # (case, (theta, state, grad_fn) from a fresh Muon, error type, the name it must say)
    ("a vector", lambda o: (np.ones(6), o.init(W0), matrix_bowl), ValueError, "theta"),
    ("0-d theta", lambda o: (np.array(1.0), o.init(W0), matrix_bowl), ValueError, "theta"),
    ("complex theta", lambda o: (W0 + 1j, o.init(W0), matrix_bowl), ValueError, "theta"),
    ("array as grad_fn", lambda o: (W0, o.init(W0), np.ones((2, 3))), TypeError, "grad_fn"),
    ("gradient shape", lambda o: (W0, o.init(W0), lambda W: np.ones(6)), ValueError, "shape"),
    ("nan gradient", lambda o: (W0, o.init(W0), lambda W: W * np.nan), ValueError, "t=0"),
    ("state of another matrix", lambda o: (W0, o.init(W0.T), matrix_bowl), ValueError, "state"),
    ("Adam's state", lambda o: (W0, opt.Adam().init(W0), matrix_bowl), ValueError, "state"),
    ("negative t", lambda o: (W0, o.init(W0)._replace(t=-1), matrix_bowl), ValueError, "state.t"),
]


@pytest.mark.parametrize(
    ("case", "given", "error", "named"), MUON_BAD_UPDATES, ids=[c[0] for c in MUON_BAD_UPDATES]
)
def test_muon_bad_update_is_refused(case, given, error, named):
    muon = Muon()
    theta, state, grad_fn = given(muon)
    with pytest.raises(error, match=named):
        muon.update(theta, state, grad_fn)


def test_adafactor_refuses_a_state_of_other_blocks_by_field():
    state = Adafactor().init(np.zeros((3, 2)))  # R (3, 1), C (1, 2)
    with pytest.raises(ValueError, match=r"state\.R\[0\] has shape \(3, 1\)"):
        Adafactor().update(np.zeros((2, 3)), state, lambda W: W + 1.0)
    blocks = Adafactor(shapes=LSQ_SHAPES)
    with pytest.raises(ValueError, match="state has 1 parameter blocks"):
        blocks.update(PROBLEMS["lsq"][0], Adafactor().init(np.ones(21)), lsq_blocks_grad)


# --- state memory per parameter, measured on the state objects ----------------------------
def state_bytes(state):
    """Bytes of float64 arrays a state holds (per-block tuples and histories included)."""
    total = 0
    for value in state:
        items = value if isinstance(value, tuple) else (value,)
        total += sum(item.nbytes for item in items if isinstance(item, np.ndarray))
    return total


def test_state_memory_per_parameter():
    matrix = np.zeros((256, 256))
    expected = {  # bytes per parameter on a 256 x 256 matrix
        opt.GD(): 0,
        opt.Momentum(): 8,
        opt.Adam(): 16,
        opt.AMSGrad(): 24,
        AdamW(): 16,
        AdamW(amsgrad=True): 24,
        RAdam(): 16,
        Lion(): 8,
        Adafactor(): (256 + 256) * 8 / 256**2,  # a row and a column, no first moment
        Muon(): 8,  # B on the matrix only (m, v exist for vector blocks only)
        ScheduleFreeSGD(): 16,
        ScheduleFreeAdamW(): 24,
        ASGD(): 8,
    }
    for optimizer, per_parameter in expected.items():
        got = state_bytes(optimizer.init(matrix)) / matrix.size
        assert got == pytest.approx(per_parameter), type(optimizer).__name__
    # on a vector Adafactor keeps the full second moment, as Adam does
    assert state_bytes(Adafactor().init(np.zeros(256))) / 256 == 8
    # Muon on blocks: B for the (6, 3) matrix only, AdamW's m and v for the (3,) vector only
    state = Muon(shapes=LSQ_SHAPES).init(np.zeros(21))
    assert [None if b is None else b.shape for b in state.B] == [(6, 3), None]
    assert [None if m is None else m.shape for m in state.m] == [None, (3,)]
    assert state_bytes(state) == (18 + 2 * 3) * 8
