"""Gradient-free tools: finite differences, gradient checks, random search, ARS."""

from __future__ import annotations

import re

import numpy as np
import pytest

from gdcourse import DivergenceError
from gdcourse.gradient_free import (
    augmented_random_search,
    finite_difference_gradient,
    gradient_check,
    random_search,
)
from gdcourse.problems import Problem, quadratic_bowl, rosenbrock, sigmoid_neuron


class CountingLoss:
    """Wraps a loss and counts its calls."""

    def __init__(self, loss_fn):
        self.loss_fn = loss_fn
        self.calls = 0

    def __call__(self, theta):
        self.calls += 1
        return self.loss_fn(theta)


def test_finite_differences_of_a_cubic_by_hand():
    # L = x^3 + 2 x y: dL/dx = 3x^2 + 2y, dL/dy = 2x. Central differences are exact for
    # quadratics and off by h^2 for the cubic term.
    loss = CountingLoss(lambda p: p[0] ** 3 + 2 * p[0] * p[1])
    grad = finite_difference_gradient(loss, [1.0, -2.0], h=1e-4)
    np.testing.assert_allclose(grad, [3.0 - 4.0, 2.0], atol=1e-7)
    assert loss.calls == 4  # 2n evaluations


def test_finite_differences_on_a_grid_use_one_call_per_probe():
    surface = rosenbrock()
    X, Y = np.meshgrid(np.linspace(-1, 1, 4), np.linspace(0, 2, 3))
    loss = CountingLoss(surface.loss)
    numeric = finite_difference_gradient(loss, [X, Y])
    assert loss.calls == 4
    np.testing.assert_allclose(numeric, surface.grad([X, Y]), rtol=1e-6, atol=1e-6)


def test_finite_differences_of_a_matrix_parameter():
    W = np.arange(6.0).reshape(3, 2) / 10
    # For a 2-D theta the grid convention applies: theta[k] is one parameter's grid.
    numeric = finite_difference_gradient(lambda w: np.sum(w**2, axis=0), W.T)
    np.testing.assert_allclose(numeric, 2 * W.T, atol=1e-9)


class WrongGradient(Problem):
    """The toy neuron with dL/db off by 1 %: the kind of slip a gradient check catches."""

    def __init__(self):
        self.toy = sigmoid_neuron()

    def loss(self, theta, batch=None):
        return self.toy.loss(theta)

    def grad(self, theta, batch=None):
        return self.toy.grad(theta) * np.array([1.0, 1.01])


def test_gradient_check_passes_right_and_fails_wrong_gradients():
    theta = [0.3, -0.7]
    assert gradient_check(sigmoid_neuron(), theta) < 1e-8
    assert gradient_check(WrongGradient(), theta) == pytest.approx(0.01 / 1.01, rel=1e-4)


def test_gradient_check_on_a_mini_batch():
    toy = sigmoid_neuron()
    assert gradient_check(toy, [0.3, -0.7], batch=[1]) < 1e-8


def test_random_search_keeps_the_best_point():
    toy = sigmoid_neuron()
    result = random_search(toy.loss, toy.bounds, 400, np.random.default_rng(0))
    assert result.thetas.shape == (400, 2)
    assert np.all((result.thetas >= -6.0) & (result.thetas <= 6.0))
    assert result.loss == result.losses.min() == result.best_losses[-1]
    np.testing.assert_array_equal(result.theta, result.thetas[np.argmin(result.losses)])
    assert np.all(np.diff(result.best_losses) <= 0)
    assert result.loss_evals == 400
    assert result.loss < 0.02  # brute force does find the valley of the toy


def test_random_search_is_reproducible():
    toy = sigmoid_neuron()
    a = random_search(toy.loss, toy.bounds, 50, np.random.default_rng(3))
    b = random_search(toy.loss, toy.bounds, 50, np.random.default_rng(3))
    c = random_search(toy.loss, toy.bounds, 50, np.random.default_rng(4))
    np.testing.assert_array_equal(a.thetas, b.thetas)
    assert not np.array_equal(a.thetas, c.thetas)


def test_random_search_never_picks_nan():
    result = random_search(
        lambda p: np.nan if p[0] < 0 else p[0], [(-1.0, 1.0)], 30, np.random.default_rng(1)
    )
    assert result.theta[0] >= 0 and np.isfinite(result.loss)


def test_one_ars_step_by_hand():
    # One direction: theta += alpha * (G+ - G-) * delta with G = -L.
    bowl = quadratic_bowl(4.0)
    theta0 = np.array([1.0, 1.0])
    result = augmented_random_search(
        bowl.loss, theta0, step_size=0.1, noise=0.01, n_directions=1, steps=1,
        rng=np.random.default_rng(5),
    )  # fmt: skip
    delta = np.random.default_rng(5).standard_normal((1, 2))[0]
    gain_plus, gain_minus = -bowl.loss(theta0 + 0.01 * delta), -bowl.loss(theta0 - 0.01 * delta)
    np.testing.assert_allclose(result.theta, theta0 + 0.1 * (gain_plus - gain_minus) * delta)
    assert result.loss_evals == 2


def test_ars_on_average_steps_like_gd_with_eta_two_alpha_nu():
    # For a linear loss c.theta the probes differ by exactly 2 nu c.delta, and
    # E[delta delta^T] = I, so the mean step is -2 alpha nu c.
    c = np.array([3.0, -1.0])
    result = augmented_random_search(
        lambda p: c @ p, [0.0, 0.0], step_size=0.5, noise=0.1, n_directions=20_000,
        steps=1, rng=np.random.default_rng(6),
    )  # fmt: skip
    np.testing.assert_allclose(result.theta, -2 * 0.5 * 0.1 * c, rtol=0.03, atol=0.02)


def test_ars_minimizes_a_bowl_and_counts_evaluations():
    bowl = quadratic_bowl(5.0)
    loss = CountingLoss(bowl.loss)
    result = augmented_random_search(
        loss, bowl.start, step_size=0.5, noise=0.05, n_directions=4, steps=150,
        rng=np.random.default_rng(7),
    )  # fmt: skip
    assert result.loss < 1e-3 * bowl.loss(bowl.start)
    assert result.loss_evals == 2 * 4 * 150
    assert loss.calls == result.loss_evals + 150 + 1  # + the recorded path
    assert result.thetas.shape == (151, 2) and result.losses.shape == (151,)


def test_ars_with_std_scaling_ignores_the_scale_of_the_loss():
    bowl = quadratic_bowl(5.0)
    runs = [
        augmented_random_search(
            lambda p, s=scale: s * bowl.loss(p),
            bowl.start,
            step_size=0.05,
            noise=0.05,
            n_directions=6,
            steps=20,
            rng=np.random.default_rng(8),
            top_directions=3,
            scale_by_std=True,
        )  # fmt: skip
        for scale in (1.0, 1000.0)
    ]
    np.testing.assert_allclose(runs[0].thetas, runs[1].thetas, rtol=1e-9)


def test_ars_top_directions_keeps_the_best_probes():
    # With b = 1 of 3 directions, the step uses only the direction whose better probe
    # had the lowest loss.
    bowl = quadratic_bowl(2.0)
    theta0 = np.array([1.0, -0.5])
    result = augmented_random_search(
        bowl.loss, theta0, step_size=0.2, noise=0.1, n_directions=3, steps=1,
        rng=np.random.default_rng(9), top_directions=1,
    )  # fmt: skip
    deltas = np.random.default_rng(9).standard_normal((3, 2))
    plus = np.array([-bowl.loss(theta0 + 0.1 * d) for d in deltas])
    minus = np.array([-bowl.loss(theta0 - 0.1 * d) for d in deltas])
    k = np.argmax(np.maximum(plus, minus))
    np.testing.assert_allclose(result.theta, theta0 + 0.2 * (plus[k] - minus[k]) * deltas[k])


def test_ars_divergence_is_reported():
    # cosh overflows to inf past 710, and inf - inf probes give nan: a clear error.
    with pytest.raises(DivergenceError, match="step_size"):
        augmented_random_search(
            lambda p: np.sum(np.cosh(p)), [2.0, 2.0], step_size=10.0, noise=0.5,
            n_directions=2, steps=200, rng=np.random.default_rng(0),
        )  # fmt: skip


def test_ars_with_a_huge_step_stalls_at_a_huge_loss_instead():
    # On a polynomial the probes eventually round to equal losses: no inf, no move.
    bowl = quadratic_bowl(10.0)
    result = augmented_random_search(
        bowl.loss, bowl.start, step_size=1e6, noise=1.0, n_directions=2, steps=50,
        rng=np.random.default_rng(0),
    )  # fmt: skip
    assert result.loss > 1e30
    np.testing.assert_array_equal(result.thetas[-1], result.thetas[-2])


RNG = np.random.default_rng(0)
TOY = sigmoid_neuron()


def _ars(**overrides):
    kwargs = dict(
        loss_fn=TOY.loss, theta0=[0.0, 0.0], step_size=0.1, noise=0.05, n_directions=2,
        steps=3, rng=RNG,
    )  # fmt: skip
    kwargs.update(overrides)
    return augmented_random_search(**kwargs)


BAD_INPUTS = [
    (lambda: finite_difference_gradient(TOY.loss, [0.0, 0.0], h=0.0), "h"),
    (lambda: finite_difference_gradient(TOY.loss, [np.nan, 0.0]), "theta"),
    (lambda: finite_difference_gradient("loss", [0.0, 0.0]), "loss_fn"),
    (lambda: gradient_check(object(), [0.0, 0.0]), "problem"),
    (lambda: gradient_check(TOY, [0.0, 0.0], floor=0.0), "floor"),
    (lambda: gradient_check(TOY, []), "theta"),
    (lambda: random_search(TOY.loss, TOY.bounds, 0, RNG), "n_samples"),
    (lambda: random_search(TOY.loss, TOY.bounds, 10, None), "rng"),
    (lambda: random_search(TOY.loss, [(1.0, -1.0)], 10, RNG), "bounds"),
    (lambda: random_search(TOY.loss, [1.0, 2.0], 10, RNG), "bounds"),
    (lambda: random_search(TOY.loss, [(0.0, np.inf)], 10, RNG), "bounds"),
    (lambda: _ars(step_size=-0.1), "step_size"),
    (lambda: _ars(noise=0.0), "noise"),
    (lambda: _ars(n_directions=0), "n_directions"),
    (lambda: _ars(steps=0), "steps"),
    (lambda: _ars(rng=np.random.RandomState(0)), "rng"),
    (lambda: _ars(theta0=[np.inf, 0.0]), "theta0"),
    (lambda: _ars(top_directions=3), "top_directions"),
]


@pytest.mark.parametrize("make, argument", BAD_INPUTS)
def test_bad_inputs_raise_value_error_naming_the_argument(make, argument):
    with pytest.raises(ValueError) as info:
        make()
    assert re.search(rf"\b{argument}\b", str(info.value)), str(info.value)
