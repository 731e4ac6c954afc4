"""1-D interpolation and sharpness: hand values, the parametrization caveat, bad inputs."""

from __future__ import annotations

import numpy as np
import pytest

from gdcourse.landscape import interpolate, sharpness
from gdcourse.problems import quadratic_bowl


def test_interpolation_on_a_bowl_is_a_parabola():
    bowl = quadratic_bowl(10.0)
    line = interpolate(bowl, [-1.0, 0.0], [1.0, 0.0], alphas=[0.0, 0.25, 0.5, 1.0])
    np.testing.assert_allclose(line.losses, [0.5, 0.125, 0.0, 0.5])
    default = interpolate(bowl, [0.0, 0.0], [1.0, 1.0])
    assert default.alphas[0] == -0.5 and default.alphas[-1] == 1.5 and default.alphas.size == 41


def test_sharpness_of_a_bowl_is_its_mean_curvature():
    bowl = quadratic_bowl(10.0)  # Hessian diag(1, 10): r^2 tr(H) / (2 n) = r^2 * 11 / 4
    s = sharpness(bowl, [0.0, 0.0], 0.1, np.random.default_rng(0), directions=4000)
    assert s == pytest.approx(0.01 * 11 / 4, rel=0.05)


def test_sharpness_depends_on_the_parametrization():
    # L(a, b) = (a b - 1)^2: (a, b) and (c a, b / c) are the same function value.
    def loss(theta):
        return float((theta[0] * theta[1] - 1.0) ** 2)

    flat = sharpness(loss, [1.0, 1.0], 0.05, np.random.default_rng(0), 200)
    sharp = sharpness(loss, [10.0, 0.1], 0.05, np.random.default_rng(0), 200)
    assert loss(np.array([10.0, 0.1])) == pytest.approx(0.0)
    assert sharp > 10 * flat


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: interpolate(quadratic_bowl(), [0.0, 0.0], [1.0]), "one shape"),
        (lambda: interpolate(quadratic_bowl(), [0.0, 0.0], [1.0, 1.0], []), "alphas"),
        (lambda: interpolate(quadratic_bowl(), [0.0, np.inf], [1.0, 1.0]), "theta_a"),
        (lambda: interpolate(3.0, [0.0], [1.0]), "problem"),
        (lambda: sharpness(quadratic_bowl(), [0.0, 0.0], 0.0, np.random.default_rng(0)), "radius"),
        (lambda: sharpness(quadratic_bowl(), [0.0, 0.0], 0.1, 0), "rng"),
        (
            lambda: sharpness(quadratic_bowl(), [0.0, 0.0], 0.1, np.random.default_rng(0), 0),
            "directions",
        ),
    ],
)
def test_bad_inputs(call, match):
    with pytest.raises(ValueError, match=match):
        call()
