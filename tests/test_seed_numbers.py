"""Numbers from the lecture notes (seeds 000, 003, 004), recomputed from their formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdcourse import batching, run, schedules
from gdcourse.optimizers import GD
from gdcourse.problems import quadratic_bowl, sigmoid_neuron, sparse_data

# Seed 004's guess-work table: (w, b) -> L(w, b), L = 1/2 sum (y - f(x))^2 on the two
# points (0.5, 0.2) and (2.5, 0.9). The slides print slightly different roundings
# (0.0730, 0.0214, 0.0028); these are the formula's values to 4 decimals.
GUESS_WORK = [
    ((0.50, 0.00), 0.0731),
    ((-0.10, 0.00), 0.1481),
    ((0.94, -0.94), 0.0217),
    ((1.42, -1.73), 0.0029),
    ((1.65, -2.08), 0.0003),
    ((1.78, -2.27), 0.0000),
]


@pytest.mark.parametrize("theta, loss", GUESS_WORK)
def test_guess_work_table(theta, loss):
    assert round(float(sigmoid_neuron().loss(np.array(theta))), 4) == loss


def test_guess_work_losses_keep_decreasing():
    losses = [sigmoid_neuron().loss(np.array(theta)) for theta, _ in GUESS_WORK[1:]]
    assert all(a > b for a, b in zip(losses, losses[1:], strict=False))


def test_gd_from_minus_two_minus_two_for_1000_epochs():
    # The lecture's code: w, b, eta, max_epochs = -2, -2, 1.0, 1000 (full batch).
    toy = sigmoid_neuron()
    path = run(GD(lr=1.0), toy, [-2.0, -2.0], epochs=1000)
    assert path.steps == 1000  # one step per epoch for batch GD
    w, b = path.final
    assert round(w, 2) == 1.79 and round(b, 2) == -2.28
    assert path.losses[-1] < 1e-8
    np.testing.assert_allclose(path.final, toy.minimum, atol=1e-4)


def test_the_lecture_loop_by_hand_agrees_with_run():
    # Seed 004's do_gradient_descent: accumulate dw, db over both points, then step.
    def f(w, b, x):
        return 1.0 / (1.0 + math.exp(-(w * x + b)))

    w, b = -2.0, -2.0
    for _ in range(50):
        dw = db = 0.0
        for x, y in ((0.5, 0.2), (2.5, 0.9)):
            fx = f(w, b, x)
            dw += (fx - y) * fx * (1 - fx) * x
            db += (fx - y) * fx * (1 - fx)
        w, b = w - 1.0 * dw, b - 1.0 * db
    path = run(GD(lr=1.0), sigmoid_neuron(), [-2.0, -2.0], epochs=50)
    np.testing.assert_allclose(path.final, [w, b], rtol=1e-12)


def test_stochastic_gd_is_the_lecture_loop_point_by_point():
    # Seed 004's do_stochastic_gradient_descent: update after every point, in order.
    toy = sigmoid_neuron()
    path = run(GD(lr=1.0), toy, [-2.0, -2.0], epochs=10, batch_size=1, shuffle=False)
    assert path.steps == 20  # N = 2 steps per epoch
    theta = np.array([-2.0, -2.0])
    for _ in range(10):
        for i in range(2):
            theta = theta - toy.grad(theta, batch=[i])
    np.testing.assert_allclose(path.final, theta, rtol=1e-13)


@pytest.mark.parametrize(
    "n, batch_size, steps",
    [
        (2, 2, 1),  # the toy, batch GD: 1 step per epoch
        (2, 1, 2),  # the toy, stochastic GD: N steps per epoch
        (100, 100, 1),
        (100, 1, 100),
        (100, 2, 50),  # the lecture's k = 2 mini-batches
        (100, 32, 4),  # ceil(100 / 32)
        (1000, 128, 8),  # seed 000's batches of 128
    ],
)
def test_steps_per_epoch_table(n, batch_size, steps):
    assert batching.steps_per_epoch(n, batch_size) == steps


def test_mini_batches_of_two_on_the_sparse_data():
    problem = sparse_data(np.random.default_rng(0))
    path = run(
        GD(lr=0.5), problem, problem.start, epochs=2, batch_size=2,
        rng=np.random.default_rng(1),
    )  # fmt: skip
    assert path.steps == 100


def test_sparse_data_is_100_points_80_percent_zero():
    problem = sparse_data(np.random.default_rng(123))
    assert problem.n_samples == 100 and np.count_nonzero(problem.X) == 20


def test_gd_with_eta_10_does_not_diverge_on_the_toy_but_does_on_a_bowl():
    # The toy's gradient is bounded (sigmoids saturate), so eta = 10 still converges;
    # a quadratic has no such brake and eta = 10 > 2 / 10 blows up.
    toy = sigmoid_neuron()
    path = run(GD(lr=10.0), toy, [-2.0, -2.0], steps=1000)
    assert not path.diverged and path.losses[-1] < 1e-20
    assert run(
        GD(lr=10.0), quadratic_bowl(10.0), [-2.5, 1.5], steps=100, on_divergence="stop"
    ).diverged


def test_seed_000_decay_formulas():
    lr0 = 0.2
    assert schedules.inverse_time_decay(lr0, decay=1.0)(3) == pytest.approx(lr0 / 4)
    assert schedules.exponential_decay(lr0)(2) == pytest.approx(0.95**2 * lr0)
    assert schedules.inverse_sqrt_decay(0.5 * lr0)(3) == pytest.approx(0.5 * lr0 / 2)


def test_seed_004_sutskever_momentum_values():
    gamma = schedules.sutskever_momentum(gamma_max=0.999)
    assert [gamma(250 * k) for k in range(4)] == pytest.approx([0.5, 0.75, 5 / 6, 0.875])


def test_seed_003_running_loss():
    # Q := lambda L_i + (1 - lambda) Q, starting from the full loss Q = 0.4.
    q = batching.running_loss([0.2, 0.6], lam=0.25, initial=0.4)
    np.testing.assert_allclose(q, [0.35, 0.4125])
