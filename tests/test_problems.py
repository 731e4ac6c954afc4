"""Problems: analytic gradients against finite differences, grids, known minima, data sets."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import gdcourse
from gdcourse.gradient_free import gradient_check
from gdcourse.optimizers import GD
from gdcourse.problems import (
    LogisticRegression,
    SigmoidNeuron,
    beale,
    make_points,
    narrow_valley,
    quadratic_bowl,
    rosenbrock,
    saddle,
    sigmoid_neuron,
    sparse_data,
)

TOLERANCE = 1e-6  # relative error of a correct gradient is ~1e-9; a wrong one is ~1
# Wide grids reach flat corners (a saturated sigmoid) where gradients are ~1e-5 and the
# finite differences' own round-off (~1e-10 absolute) shows up as ~1e-6 relative error.
GRID_TOLERANCE = 1e-5


def _x3(rng):
    """A 3-feature data set, to check the general (d > 1) code path."""
    X = rng.normal(size=(12, 3))
    return LogisticRegression(X, (X[:, 0] > 0).astype(float), loss="bce")


PROBLEMS = {
    "bowl": lambda rng: quadratic_bowl(),
    "bowl_rotated": lambda rng: quadratic_bowl(25.0, angle=0.7),
    "narrow_valley": lambda rng: narrow_valley(),
    "rosenbrock": lambda rng: rosenbrock(),
    "rosenbrock_a2": lambda rng: rosenbrock(a=2.0, b=50.0),
    "beale": lambda rng: beale(),
    "saddle": lambda rng: saddle(),
    "saddle_quartic": lambda rng: saddle(quartic=0.25),
    "toy": lambda rng: sigmoid_neuron(),
    "logistic_bce": lambda rng: make_points(rng, n=15, loss="bce"),
    "logistic_mse": lambda rng: make_points(rng, n=15, loss="mse"),
    "sparse": lambda rng: sparse_data(rng),
    "three_features": _x3,
}
TWO_PARAMETER = [name for name in PROBLEMS if name != "three_features"]


def _points(problem, rng, count=5):
    """Random points inside the plotting window (or a standard box)."""
    box = np.array(problem.bounds if problem.bounds is not None else [(-3.0, 3.0)] * 4)
    n_params = len(problem.names)
    box = box[:n_params] if len(box) >= n_params else np.tile(box[:1], (n_params, 1))
    return rng.uniform(box[:, 0], box[:, 1], size=(count, n_params))


@pytest.mark.parametrize("name", PROBLEMS)
def test_gradient_matches_finite_differences_at_random_points(name):
    rng = np.random.default_rng(1)
    problem = PROBLEMS[name](rng)
    for theta in _points(problem, rng):
        assert gradient_check(problem, theta) < TOLERANCE, theta


@pytest.mark.parametrize("name", TWO_PARAMETER)
def test_gradient_matches_finite_differences_on_a_grid(name):
    rng = np.random.default_rng(2)
    problem = PROBLEMS[name](rng)
    (x0, x1), (y0, y1) = problem.bounds
    # Offsets keep the grid off exact zeros of the gradient components.
    X, Y = np.meshgrid(np.linspace(x0, x1, 6) + 0.013, np.linspace(y0, y1, 5) - 0.017)
    assert gradient_check(problem, [X, Y]) < GRID_TOLERANCE


@pytest.mark.parametrize("name", TWO_PARAMETER)
def test_grid_evaluation_equals_point_by_point(name):
    rng = np.random.default_rng(3)
    problem = PROBLEMS[name](rng)
    X, Y = np.meshgrid(np.linspace(-1.5, 1.0, 4), np.linspace(-0.5, 2.0, 3))
    losses = problem.loss([X, Y])
    grads = problem.grad([X, Y])
    assert losses.shape == X.shape
    assert grads.shape == (2, *X.shape)
    for i, j in np.ndindex(X.shape):
        point = np.array([X[i, j], Y[i, j]])
        np.testing.assert_allclose(losses[i, j], problem.loss(point), rtol=1e-13)
        np.testing.assert_allclose(grads[:, i, j], problem.grad(point), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", TWO_PARAMETER)
def test_start_point_and_minimum_lie_in_the_plotting_window(name):
    problem = PROBLEMS[name](np.random.default_rng(4))
    assert problem.names in (("x", "y"), ("w", "b"))
    for point in (getattr(problem, "start", None), problem.minimum):
        if point is not None:
            for value, (lo, hi) in zip(point, problem.bounds, strict=True):
                assert lo <= value <= hi


@pytest.mark.parametrize(
    "problem, value",
    [
        (quadratic_bowl(), 0.0),
        (quadratic_bowl(7.0, angle=1.1), 0.0),
        (narrow_valley(), 0.0),
        (rosenbrock(), 0.0),
        (rosenbrock(a=2.0, b=50.0), 0.0),
        (beale(), 0.0),
        (saddle(quartic=0.25), -1.0),  # y = sqrt(2): -2 + 0.25 * 4
        (sigmoid_neuron(), 0.0),
    ],
    ids=repr,
)
def test_known_minimum_has_zero_gradient(problem, value):
    assert problem.loss(problem.minimum) == pytest.approx(value, abs=1e-15)
    np.testing.assert_allclose(problem.grad(problem.minimum), 0.0, atol=1e-12)


def test_saddle_has_no_minimum_and_a_flat_point_at_the_origin():
    surface = saddle()
    assert surface.minimum is None
    np.testing.assert_array_equal(surface.grad([0.0, 0.0]), [0.0, 0.0])
    assert surface.loss([0.0, 1.0]) < surface.loss([0.0, 0.0]) < surface.loss([1.0, 0.0])


def test_quadratic_bowl_hessian_has_the_requested_eigenvalues():
    bowl = quadratic_bowl(condition_number=20.0, angle=math.pi / 6)
    np.testing.assert_allclose(np.linalg.eigvalsh(bowl.hessian), [1.0, 20.0], rtol=1e-14)
    np.testing.assert_allclose(bowl.hessian, bowl.hessian.T)
    # The flat direction (eigenvalue 1) is the x axis turned by the angle.
    flat = np.array([math.cos(math.pi / 6), math.sin(math.pi / 6)])
    np.testing.assert_allclose(bowl.hessian @ flat, flat, atol=1e-14)
    theta = np.array([0.3, -1.7])
    np.testing.assert_allclose(bowl.grad(theta), bowl.hessian @ theta, rtol=1e-14)
    assert bowl.loss(theta) == pytest.approx(0.5 * theta @ bowl.hessian @ theta, rel=1e-14)
    assert bowl.condition_number == 20.0


def test_quadratic_bowl_without_rotation_is_diagonal():
    np.testing.assert_array_equal(quadratic_bowl(10.0).hessian, [[1.0, 0.0], [0.0, 10.0]])
    assert quadratic_bowl(10.0).loss([1.0, 1.0]) == 5.5


def test_rosenbrock_and_beale_by_hand():
    assert rosenbrock().loss([0.0, 0.0]) == 1.0
    np.testing.assert_allclose(rosenbrock().grad([0.0, 0.0]), [-2.0, 0.0])
    assert rosenbrock().loss([-1.0, 1.0]) == 4.0  # (1 - -1)^2 + 100 * 0
    # Beale at (0, 0): 1.5^2 + 2.25^2 + 2.625^2
    assert beale().loss([0.0, 0.0]) == pytest.approx(2.25 + 5.0625 + 6.890625)


def _heavy_ball(problem, eta, gamma, steps):
    """The lecture's momentum, written out: u = gamma u + eta grad; theta -= u."""
    theta, u = problem.start.copy(), np.zeros(2)
    for _ in range(steps):
        u = gamma * u + eta * problem.grad(theta)
        theta = theta - u
    return theta


def test_momentum_clearly_beats_gd_in_the_narrow_valley():
    valley = narrow_valley()
    gd = gdcourse.run(GD(lr=0.45), valley, valley.start, steps=100)
    momentum_end = _heavy_ball(valley, eta=0.45, gamma=0.9, steps=100)
    assert gd.losses[-1] > 0.1  # still crawling along the floor, near x = -4
    assert gd.final[0] < -3.5
    assert valley.loss(momentum_end) < 1e-3
    assert np.linalg.norm(momentum_end) < 0.1


def test_surfaces_refuse_a_batch():
    with pytest.raises(ValueError, match="batch"):
        rosenbrock().loss([0.0, 0.0], batch=[0])


# ---- data sets ---------------------------------------------------------------


def test_mse_logistic_regression_is_the_toy_neuron_divided_by_n():
    toy = sigmoid_neuron()
    averaged = LogisticRegression(toy.x, toy.y, loss="mse")
    for theta in ([0.5, 0.0], [-2.0, -2.0], [1.78, -2.27]):
        assert averaged.loss(theta) == pytest.approx(toy.loss(np.array(theta)) / 2, rel=1e-14)
        np.testing.assert_allclose(averaged.grad(theta), toy.grad(np.array(theta)) / 2, rtol=1e-13)


def test_bce_by_hand_at_zero():
    # theta = 0: f = 1/2 for every point, loss = log 2, dL/dz = f - y.
    x, y = np.array([1.0, -2.0, 3.0]), np.array([1.0, 0.0, 1.0])
    problem = LogisticRegression(x, y)
    assert problem.loss([0.0, 0.0]) == pytest.approx(math.log(2.0), rel=1e-15)
    delta = 0.5 - y
    np.testing.assert_allclose(problem.grad([0.0, 0.0]), [np.mean(delta * x), np.mean(delta)])


def test_bce_is_finite_for_confident_wrong_predictions():
    problem = LogisticRegression([1.0], [0.0])
    assert problem.loss([800.0, 0.0]) == pytest.approx(800.0)  # log(1 + e^800) ~ 800
    np.testing.assert_allclose(problem.grad([800.0, 0.0]), [1.0, 1.0])


def test_batch_loss_is_the_mean_over_the_batch():
    rng = np.random.default_rng(5)
    problem = make_points(rng, n=20, loss="bce")
    batch = np.array([3, 7, 11])
    alone = LogisticRegression(problem.X[batch], problem.y[batch], loss="bce")
    theta = np.array([0.4, -0.9])
    assert problem.loss(theta, batch=batch) == pytest.approx(alone.loss(theta), rel=1e-15)
    np.testing.assert_allclose(problem.grad(theta, batch=batch), alone.grad(theta), rtol=1e-14)
    # The full gradient is the average of the one-point gradients.
    singles = [problem.grad(theta, batch=[i]) for i in range(20)]
    np.testing.assert_allclose(np.mean(singles, axis=0), problem.grad(theta), rtol=1e-12)


def test_several_features_use_theta_w_then_b():
    X = np.array([[1.0, 2.0], [0.0, -1.0]])
    problem = LogisticRegression(X, [1.0, 0.0], loss="mse")
    assert problem.names == ("w1", "w2", "b")
    theta = np.array([0.5, -0.25, 0.1])
    z = X @ theta[:2] + theta[2]
    f = 1.0 / (1.0 + np.exp(-z))
    assert problem.loss(theta) == pytest.approx(np.mean(0.5 * (np.array([1.0, 0.0]) - f) ** 2))
    assert problem.grad(theta).shape == (3,)


def test_sparse_data_matches_the_lecture_recipe():
    problem = sparse_data(np.random.default_rng(0))
    assert problem.n_samples == 100
    assert problem.names == ("w", "b")
    assert np.sum(problem.X[:, 0] == 0.0) == 80
    np.testing.assert_array_equal(problem.start, [-4.0, 2.0])


def test_sparse_data_w_gets_few_gradient_updates_while_b_gets_many():
    problem = sparse_data(np.random.default_rng(0))
    theta = problem.start
    one_point = np.array([problem.grad(theta, batch=[i]) for i in range(problem.n_samples)])
    assert np.count_nonzero(one_point[:, 0]) == 20  # only the points with x != 0
    assert np.count_nonzero(one_point[:, 1]) == 100
    # So full-batch GD moves mostly along b at first.
    path = gdcourse.run(GD(lr=1.0), problem, theta, steps=100)
    moved = np.abs(path.final - theta)
    assert moved[1] > 10 * moved[0]


@pytest.mark.parametrize("factory", [sparse_data, make_points])
def test_data_sets_are_reproducible_with_a_seed(factory):
    a = factory(np.random.default_rng(7))
    b = factory(np.random.default_rng(7))
    c = factory(np.random.default_rng(8))
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.y, c.y)


def test_make_points_comes_from_the_stated_sigmoid():
    problem = make_points(np.random.default_rng(9), n=200, w=2.0, b=-3.0, noise=0.0)
    np.testing.assert_array_equal(problem.true_theta, [2.0, -3.0])
    assert problem.loss(problem.true_theta) == pytest.approx(0.0, abs=1e-30)
    assert np.all((problem.X >= 0.0) & (problem.X <= 3.0))
    noisy = make_points(np.random.default_rng(9), n=200)
    assert np.all((noisy.y >= 0.0) & (noisy.y <= 1.0))
    assert noisy.loss(noisy.true_theta) < 0.01 < noisy.loss(noisy.start)


def test_toy_neuron_keeps_its_behaviour_and_gains_start_and_minimum():
    toy = sigmoid_neuron()
    assert isinstance(toy, SigmoidNeuron)
    np.testing.assert_array_equal(toy.start, [-2.0, -2.0])
    np.testing.assert_allclose(toy.minimum, [1.7917595, -2.2821741], atol=1e-7)


# ---- bad inputs ----------------------------------------------------------------

RNG = np.random.default_rng(0)

BAD_INPUTS = [
    (lambda: LogisticRegression([], []), "X"),
    (lambda: LogisticRegression(np.zeros((3, 0)), [0, 0, 0]), "X"),
    (lambda: LogisticRegression([1.0, np.nan], [0.0, 1.0]), "X"),
    (lambda: LogisticRegression([1.0, 2.0, 3.0], [0.0, 1.0]), "y"),
    (lambda: LogisticRegression(np.ones((3, 2)), np.ones((3, 1))), "y"),
    (lambda: LogisticRegression([1.0, 2.0], [0.0, 2.0], loss="bce"), "y"),
    (lambda: LogisticRegression([1.0, 2.0], [0.0, np.inf], loss="mse"), "y"),
    (lambda: LogisticRegression([1.0], [1.0], loss="hinge"), "loss"),
    (lambda: LogisticRegression([1.0, 2.0], [0.0, 1.0]).loss([0.0, 0.0], batch=[]), "batch"),
    (lambda: LogisticRegression([1.0, 2.0], [0.0, 1.0]).grad([0.0, 0.0, 1.0]), "theta"),
    (lambda: sparse_data(None), "rng"),
    (lambda: sparse_data(42), "rng"),
    (lambda: sparse_data(RNG, n=0), "n"),
    (lambda: sparse_data(RNG, sparse_fraction=1.5), "sparse_fraction"),
    (lambda: make_points(RNG, n=-3), "n"),
    (lambda: make_points(RNG, noise=-0.1), "noise"),
    (lambda: make_points(RNG, w=np.nan), "w"),
    (lambda: make_points(RNG, x_range=(3.0, 1.0)), "x_range"),
    (lambda: make_points(RNG, x_range=5.0), "x_range"),
    (lambda: quadratic_bowl(0.5), "condition_number"),
    (lambda: quadratic_bowl(angle=np.nan), "angle"),
    (lambda: quadratic_bowl("ten"), "condition_number"),
    (lambda: rosenbrock(b=0.0), "b"),
    (lambda: rosenbrock(a=np.inf), "a"),
    (lambda: saddle(quartic=-1.0), "quartic"),
]


@pytest.mark.parametrize("make, argument", BAD_INPUTS)
def test_bad_inputs_raise_value_error_naming_the_argument(make, argument):
    with pytest.raises(ValueError) as info:
        make()
    assert re.search(rf"\b{argument}\b", str(info.value)), str(info.value)


# ---- the Problem interface ---------------------------------------------------------

INTERFACE_PROBLEMS = {
    "toy": sigmoid_neuron,
    "bowl": quadratic_bowl,
    "valley": narrow_valley,
    "rosenbrock": rosenbrock,
    "beale": beale,
    "saddle": saddle,
    "sparse": lambda: sparse_data(np.random.default_rng(0)),
    "points": lambda: make_points(np.random.default_rng(0)),
    "three features": lambda: LogisticRegression(np.eye(3), [0.0, 1.0, 1.0]),
}


@pytest.mark.parametrize("name", INTERFACE_PROBLEMS)
def test_every_problem_declares_the_interface(name):
    from gdcourse.problems import Problem

    problem = INTERFACE_PROBLEMS[name]()
    assert isinstance(problem, Problem)
    n = problem.n_params
    assert len(problem.names) == n and problem.shape == (n,)
    assert problem.parameter_blocks() == [("theta", (n,))]
    if problem.bounds is not None:
        assert len(problem.bounds) == n
    for point in (problem.start, problem.minimum):
        if point is not None:
            assert np.shape(point) == (n,)
    theta = np.zeros(n)
    assert np.shape(problem.grad(theta)) == (n,) and np.ndim(problem.loss(theta)) == 0
    for wrong in (np.zeros(n + 1), np.zeros(n - 1)):
        with pytest.raises(ValueError, match=rf"theta must hold {n} parameters"):
            problem.loss(wrong)
        with pytest.raises(ValueError, match=rf"theta must hold {n} parameters"):
            problem.grad(wrong)


def test_one_sigmoid_and_one_one_hot_in_the_package():
    from gdcourse import datasets, nn, problems
    from gdcourse.nn import MLP

    assert problems.sigmoid is nn.sigmoid
    mlp = MLP([2, 3], output="softmax")
    np.testing.assert_array_equal(mlp.targets([2, 0]), datasets.one_hot([2, 0], 3))
