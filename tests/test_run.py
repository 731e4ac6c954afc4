"""The run loop: recording, epochs and mini-batches, reproducibility, divergence, bad inputs."""

from __future__ import annotations

import re

import numpy as np
import pytest

import gdcourse
from gdcourse import DivergenceError, Trajectory, batching, run
from gdcourse.optimizers import GD
from gdcourse.problems import make_points, quadratic_bowl, rosenbrock, sigmoid_neuron


def test_gd_on_a_bowl_by_hand():
    bowl = quadratic_bowl(10.0)
    path = run(GD(lr=0.1), bowl, [1.0, 1.0], steps=2)
    # theta -= 0.1 * (x, 10 y): (1, 1) -> (0.9, 0) -> (0.81, 0)
    np.testing.assert_allclose(path.thetas, [[1.0, 1.0], [0.9, 0.0], [0.81, 0.0]], atol=1e-15)
    np.testing.assert_allclose(path.losses, [5.5, 0.405, 0.32805], rtol=1e-14)
    assert (path.steps, path.grad_evals, path.diverged, path.message) == (2, 2, False, "")
    assert path.batch_losses is None
    np.testing.assert_array_equal(path.final, path.thetas[-1])


def test_run_does_not_change_its_inputs():
    start = np.array([-1.2, 1.0])
    run(GD(lr=1e-3), rosenbrock(), start, steps=3)
    np.testing.assert_array_equal(start, [-1.2, 1.0])


def test_bare_gradient_function_records_no_losses():
    path = run(GD(lr=0.5), lambda theta: 2 * theta, [4.0], steps=3)
    np.testing.assert_allclose(path.thetas[:, 0], [4.0, 0.0, 0.0, 0.0])
    assert path.losses is None


@pytest.mark.parametrize(
    "batch_size, steps_per_epoch",
    [(None, 1), (40, 1), (1, 40), (2, 20), (32, 2), (7, 6)],
)
def test_epochs_have_ceil_n_over_b_steps(batch_size, steps_per_epoch):
    problem = make_points(np.random.default_rng(0), n=40)
    path = run(
        GD(lr=0.5), problem, problem.start, epochs=3, batch_size=batch_size,
        rng=np.random.default_rng(1),
    )  # fmt: skip
    assert path.steps == 3 * steps_per_epoch == path.grad_evals
    assert len(path.thetas) == len(path.losses) == 3 * steps_per_epoch + 1
    if batch_size is not None and batch_size < 40:
        assert path.batch_losses.shape == (3 * steps_per_epoch,)
        assert batching.steps_per_epoch(40, batch_size) == steps_per_epoch


def test_minibatch_runs_are_reproducible_with_a_seed():
    problem = make_points(np.random.default_rng(0), n=30)

    def sgd(seed):
        return run(
            GD(lr=1.0), problem, problem.start, epochs=2, batch_size=4,
            rng=np.random.default_rng(seed),
        )  # fmt: skip

    a, b, c = sgd(11), sgd(11), sgd(12)
    np.testing.assert_array_equal(a.thetas, b.thetas)
    np.testing.assert_array_equal(a.batch_losses, b.batch_losses)
    assert not np.allclose(a.thetas, c.thetas)


def test_minibatch_run_equals_a_hand_loop_over_minibatches():
    problem = make_points(np.random.default_rng(0), n=10)
    path = run(
        GD(lr=0.7), problem, problem.start, epochs=3, batch_size=3,
        rng=np.random.default_rng(5),
    )  # fmt: skip
    rng = np.random.default_rng(5)
    theta, k = problem.start.copy(), 0
    for _ in range(3):
        for batch in batching.minibatches(10, 3, rng):
            assert path.batch_losses[k] == problem.loss(theta, batch=batch)
            theta = theta - 0.7 * problem.grad(theta, batch=batch)
            k += 1
            np.testing.assert_array_equal(path.thetas[k], theta)
    assert k == path.steps == 12


def test_without_shuffle_batches_come_in_data_order_and_need_no_rng():
    toy = sigmoid_neuron()
    path = run(GD(lr=1.0), toy, toy.start, epochs=2, batch_size=1, shuffle=False)
    theta = toy.start.copy()
    for _ in range(2):
        for i in (0, 1):
            theta = theta - toy.grad(theta, batch=np.array([i]))
    np.testing.assert_array_equal(path.final, theta)


def test_batch_size_n_is_plain_gradient_descent():
    problem = make_points(np.random.default_rng(0), n=12)
    full = run(GD(lr=0.5), problem, problem.start, steps=5)
    same = run(GD(lr=0.5), problem, problem.start, steps=5, batch_size=12)
    np.testing.assert_array_equal(full.thetas, same.thetas)


def test_running_loss_of_a_minibatch_run():
    problem = make_points(np.random.default_rng(0), n=50)
    path = run(
        GD(lr=1.0), problem, problem.start, epochs=4, batch_size=1, rng=np.random.default_rng(2)
    )
    q = batching.running_loss(path.batch_losses, lam=0.02, initial=path.losses[0])
    assert q.shape == (200,)
    # Smoother than the raw one-point losses, and it has come down with the full loss.
    assert np.std(np.diff(q)) < 0.1 * np.std(np.diff(path.batch_losses))
    assert q[-1] < q[0] * 0.8


def test_minibatches_cover_every_point_once_per_epoch():
    batches = list(batching.minibatches(10, 4, np.random.default_rng(0)))
    assert [len(b) for b in batches] == [4, 4, 2]
    np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(10))
    in_order = list(batching.minibatches(5, 2, shuffle=False))
    assert [b.tolist() for b in in_order] == [[0, 1], [2, 3], [4]]


def test_running_loss_by_hand():
    # Q := lam L + (1 - lam) Q with lam = 1/2 from Q = 1: 1.5, 2.25, 1.125
    np.testing.assert_allclose(
        batching.running_loss([2.0, 3.0, 0.0], 0.5, initial=1.0), [1.5, 2.25, 1.125]
    )
    np.testing.assert_allclose(batching.running_loss([2.0, 4.0], 0.5), [2.0, 3.0])
    np.testing.assert_allclose(batching.running_loss([2.0, 4.0], 1.0), [2.0, 4.0])


# ---- divergence ---------------------------------------------------------------------


def test_gd_with_eta_10_diverges_on_the_bowl():
    # Along y (curvature 10) each step multiplies by 1 - 10 * 10 = -99; the loss
    # 0.5 * 10 * (1.5 * 99^t)^2 passes the float64 maximum (1.8e308) at t = 77.
    bowl = quadratic_bowl(10.0)
    with pytest.raises(DivergenceError) as info:
        run(GD(lr=10.0), bowl, bowl.start, steps=1000)
    message = str(info.value)
    assert "GD diverged at step 77" in message
    assert "smaller learning rate" in message


def test_on_divergence_stop_returns_the_finite_part():
    bowl = quadratic_bowl(10.0)
    path = run(GD(lr=10.0), bowl, bowl.start, steps=1000, on_divergence="stop")
    assert path.diverged and path.steps == 76
    assert "step 77" in path.message and "loss" in path.message
    assert path.thetas.shape == (77, 2) and path.losses.shape == (77,)
    assert np.all(np.isfinite(path.thetas)) and np.all(np.isfinite(path.losses))


def test_divergence_of_the_parameters_is_named():
    path = run(GD(lr=1e200), lambda theta: theta * 1e200, [1.0], steps=5, on_divergence="stop")
    assert path.diverged and "parameters" in path.message


def test_divergence_raises_no_numpy_warnings():
    bowl = quadratic_bowl(10.0)
    with np.errstate(all="raise"):  # a warning would surface as FloatingPointError here
        path = run(GD(lr=10.0), bowl, bowl.start, steps=200, on_divergence="stop")
    assert path.diverged


def test_trajectory_fields_have_defaults_for_old_callers():
    path = Trajectory(thetas=np.zeros((1, 2)), losses=None, steps=0, grad_evals=0)
    assert (path.diverged, path.message, path.batch_losses) == (False, "", None)
    assert issubclass(DivergenceError, FloatingPointError)
    assert gdcourse.run is run


# ---- bad inputs ---------------------------------------------------------------------

BOWL = quadratic_bowl()
DATA = make_points(np.random.default_rng(0), n=10)


def _run(problem=DATA, theta0=(0.0, 0.0), **kwargs):
    optimizer = kwargs.pop("optimizer", GD(lr=0.1))
    kwargs.setdefault("steps", None if "epochs" in kwargs else 3)
    return run(optimizer, problem, theta0, **kwargs)


BAD_INPUTS = [
    (lambda: _run(theta0=(np.nan, 0.0)), "theta0"),
    (lambda: _run(theta0=(np.inf, 0.0)), "theta0"),
    (lambda: _run(theta0=()), "theta0"),
    (lambda: _run(theta0="start"), "theta0"),
    (lambda: _run(steps=3, epochs=2), "steps"),
    (lambda: _run(steps=None), "steps"),
    (lambda: _run(steps=0), "steps"),
    (lambda: _run(steps=2.5), "steps"),
    (lambda: _run(epochs=0), "epochs"),
    (lambda: _run(epochs=True), "epochs"),
    (lambda: _run(epochs=1, batch_size=0, rng=np.random.default_rng(0)), "batch_size"),
    (lambda: _run(epochs=1, batch_size=11, rng=np.random.default_rng(0)), "batch_size"),
    (lambda: _run(epochs=1, batch_size=2.0, rng=np.random.default_rng(0)), "batch_size"),
    (lambda: _run(epochs=1, batch_size=2), "rng"),
    (lambda: _run(epochs=1, batch_size=2, rng=42), "rng"),
    (lambda: _run(epochs=1, batch_size=2, rng=np.random.RandomState(0)), "rng"),
    (lambda: _run(problem=BOWL, batch_size=2), "batch_size"),
    (lambda: _run(problem=BOWL, epochs=5), "epochs"),
    (lambda: _run(on_divergence="ignore"), "on_divergence"),
    (lambda: _run(optimizer=None), "optimizer"),
    (lambda: _run(optimizer=0.1), "optimizer"),
    (lambda: _run(problem=42), "problem"),
    (lambda: _run(problem=BOWL, theta0=(800.0, 1e160)), "theta0"),  # loss overflows at the start
    (lambda: batching.steps_per_epoch(0, 1), "n_samples"),
    (lambda: batching.steps_per_epoch(10, 11), "batch_size"),
    (lambda: batching.minibatches(10, 0, np.random.default_rng(0)), "batch_size"),
    (lambda: batching.minibatches(10, 2, rng=None), "rng"),
    (lambda: batching.running_loss([1.0, 2.0], lam=0.0), "lam"),
    (lambda: batching.running_loss([1.0, 2.0], lam=1.5), "lam"),
    (lambda: batching.running_loss([], lam=0.5), "losses"),
    (lambda: batching.running_loss([1.0], lam=0.5, initial=np.nan), "initial"),
]


@pytest.mark.parametrize("make, argument", BAD_INPUTS)
def test_bad_inputs_raise_value_error_naming_the_argument(make, argument):
    with pytest.raises(ValueError) as info:
        make()
    assert re.search(rf"\b{argument}\b", str(info.value)), str(info.value)
