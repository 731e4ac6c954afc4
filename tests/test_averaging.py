"""Averages of the iterates: hand values, ASGD's theta_bar, the EMA, bad inputs."""

from __future__ import annotations

import numpy as np
import pytest

from gdcourse import run
from gdcourse.averaging import ema_average, polyak_average
from gdcourse.optimizers import ASGD, GD
from gdcourse.problems import quadratic_bowl


def test_polyak_average_by_hand():
    thetas = np.array([[0.0, 1.0], [2.0, 1.0], [4.0, 4.0]])
    np.testing.assert_allclose(polyak_average(thetas), [[0, 1], [1, 1], [2, 2]])
    np.testing.assert_allclose(polyak_average(thetas, start=2), thetas)


def test_polyak_average_is_asgds_theta_bar():
    # ASGD with lambd=0 steps like GD; its average starts at iterate t0 + 2 (torch's count).
    bowl, theta0, t0 = quadratic_bowl(10.0), np.array([1.0, 1.0]), 3
    asgd = ASGD(lr=0.05, lambd=0.0, t0=t0)
    theta, state, bars = theta0, asgd.init(theta0), []
    for _ in range(12):
        theta, state = asgd.update(theta, state, bowl.grad)
        bars.append(state.theta_bar)
    path = run(GD(lr=0.05), bowl, theta0, steps=12)
    averaged = polyak_average(path, start=t0 + 2)
    np.testing.assert_allclose(averaged[t0 + 2 :], np.array(bars)[t0 + 1 :], rtol=1e-12)


def test_ema_by_hand_and_its_limits():
    thetas = np.array([[0.0], [1.0], [1.0], [1.0]])
    np.testing.assert_allclose(ema_average(thetas, 0.5).ravel(), [0, 0.5, 0.75, 0.875])
    np.testing.assert_array_equal(ema_average(thetas, 0.0), thetas)


def test_averaging_reduces_the_noise_of_constant_rate_sgd():
    rng = np.random.default_rng(0)
    noisy = rng.normal(0.0, 1.0, size=(2001, 3)) + 5.0  # iterates bouncing around 5
    assert np.linalg.norm(polyak_average(noisy, 1000)[-1] - 5.0) < 0.15
    assert np.linalg.norm(ema_average(noisy, 0.99)[-1] - 5.0) < 0.5
    assert np.linalg.norm(noisy[-1] - 5.0) > 0.5


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: polyak_average([[0.0], [1.0]], start=-1), "start"),
        (lambda: polyak_average([[0.0], [1.0]], start=2), "start"),
        (lambda: polyak_average([[0.0], [1.0]], start=0.5), "start"),
        (lambda: polyak_average([], start=0), "path"),
        (lambda: polyak_average([[np.nan]]), "finite"),
        (lambda: ema_average([[0.0], [1.0]], 1.0), "beta"),
        (lambda: ema_average([[0.0], [1.0]], -0.1), "beta"),
        (lambda: ema_average("abc", 0.5), "path"),
    ],
)
def test_bad_inputs(call, match):
    with pytest.raises(ValueError, match=match):
        call()
