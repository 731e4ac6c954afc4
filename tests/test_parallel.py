"""Data-parallel SGD: equal to large-batch SGD, stale gradients, gradient noise, bad inputs."""

from __future__ import annotations

import numpy as np
import pytest

from gdcourse import run
from gdcourse.datasets import load_iris, standardize
from gdcourse.nn import MLP, NetworkProblem
from gdcourse.optimizers import GD, Adam, Momentum
from gdcourse.parallel import Workers, data_parallel, gradient_noise
from gdcourse.problems import quadratic_bowl


def iris_problem():
    data = load_iris()
    return NetworkProblem(MLP([4, 6, 3], output="softmax"), standardize(data.X).X, data.y)


def start(problem, seed=0):
    return problem.mlp.init_params(np.random.default_rng(seed))


@pytest.mark.parametrize("optimizer", [GD(lr=0.3), Momentum(lr=0.1, gamma=0.9), Adam(lr=0.01)])
@pytest.mark.parametrize("workers, batch_size", [(1, 32), (4, 8), (3, 10), (8, 4)])
def test_k_workers_of_b_points_are_large_batch_sgd_with_kb(optimizer, workers, batch_size):
    problem = iris_problem()
    theta0 = start(problem)
    parallel = data_parallel(
        optimizer, problem, theta0, workers=workers, batch_size=batch_size, epochs=3,
        rng=np.random.default_rng(7),
    )  # fmt: skip
    large = run(
        optimizer, problem, theta0, epochs=3, batch_size=workers * batch_size,
        rng=np.random.default_rng(7),
    )  # fmt: skip
    assert parallel.steps == large.steps
    np.testing.assert_allclose(parallel.thetas, large.thetas, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(parallel.losses, large.losses, rtol=1e-12)


def test_the_all_reduce_weights_unequal_shards_by_size():
    problem = iris_problem()
    theta, batch = start(problem), np.arange(10)  # shards of 4, 3, 3
    np.testing.assert_allclose(
        Workers(problem, 3).grad(theta, batch), problem.grad(theta, batch=batch), rtol=1e-12
    )


def test_a_delay_of_tau_uses_the_parameters_of_tau_steps_ago():
    bowl = quadratic_bowl(10.0)

    class Points:  # a data problem whose gradient ignores the data: the bowl's
        n_samples, n_params, names = 4, 2, ("x", "y")

        def loss(self, theta, batch=None):
            return bowl.loss(theta)

        def grad(self, theta, batch=None):
            return bowl.grad(theta)

    tau, lr = 2, 0.05
    path = data_parallel(GD(lr=lr), Points(), [1.0, 1.0], workers=1, batch_size=4, steps=10,
                         delay=tau)  # fmt: skip
    expected = [np.array([1.0, 1.0])]
    for t in range(10):
        expected.append(expected[t] - lr * bowl.grad(expected[max(0, t - tau)]))
    np.testing.assert_allclose(path.thetas, expected, rtol=1e-14)


def test_stale_gradients_slow_down_and_finally_break_a_run():
    problem = iris_problem()
    theta0 = start(problem)
    finals = {}
    for tau in (0, 4, 16):
        path = data_parallel(
            GD(lr=1.0), problem, theta0, workers=4, batch_size=8, epochs=10,
            rng=np.random.default_rng(0), delay=tau, on_divergence="stop",
        )  # fmt: skip
        finals[tau] = np.inf if path.diverged else path.losses[-1]
    assert finals[0] < finals[4] < finals[16]


def test_gradient_noise_falls_like_one_over_b():
    problem = iris_problem()
    theta, rng = start(problem), np.random.default_rng(0)
    n = problem.n_samples
    noise = {b: gradient_noise(problem, theta, b, 400, rng) for b in (1, 4, 16)}
    sigma2 = noise[1]
    for b in (4, 16):
        predicted = sigma2 / b * (n - b) / (n - 1)
        assert noise[b] == pytest.approx(predicted, rel=0.15)
    assert gradient_noise(problem, theta, n, 5, rng) == 0.0


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"workers": 0}, "workers"),
        ({"workers": -2}, "workers"),
        ({"workers": 1.5}, "workers"),
        ({"batch_size": 0}, "batch_size"),
        ({"delay": -1}, "delay"),
        ({"delay": 0.5}, "delay"),
        ({"workers": 20, "batch_size": 10}, "workers \\* batch_size"),
    ],
)
def test_bad_inputs_name_the_argument(kwargs, match):
    arguments = {"workers": 2, "batch_size": 4, "steps": 3, "rng": np.random.default_rng(0)}
    problem = iris_problem()
    with pytest.raises(ValueError, match=match):
        data_parallel(GD(lr=0.1), problem, start(problem), **{**arguments, **kwargs})


def test_a_problem_without_data_is_refused():
    with pytest.raises(TypeError, match="data problem"):
        data_parallel(GD(lr=0.1), quadratic_bowl(), [1.0, 1.0], workers=2, batch_size=1, steps=2)
    with pytest.raises(TypeError, match="data problem"):
        gradient_noise(quadratic_bowl(), [1.0, 1.0], 1, 2, np.random.default_rng(0))


@pytest.mark.parametrize(
    "args, match",
    [((0, 5), "batch_size"), ((500, 5), "batch_size"), ((4, 0), "draws")],
)
def test_gradient_noise_bad_inputs(args, match):
    problem = iris_problem()
    with pytest.raises(ValueError, match=match):
        gradient_noise(problem, start(problem), *args, np.random.default_rng(0))
