"""A steep 2-D bowl shared by the widget and scrubber tests."""

import numpy as np


class Steep:
    """L = 50 (x^2 + y^2): GD with eta > 0.02 overshoots and blows up."""

    name = "steep bowl"
    names = ("x", "y")
    bounds = ((-2.0, 2.0), (-2.0, 2.0))
    minimum = np.array([0.0, 0.0])
    start = np.array([1.0, 1.0])

    def loss(self, theta, batch=None):
        return 50.0 * (theta[0] ** 2 + theta[1] ** 2)

    def grad(self, theta, batch=None):
        return 100.0 * np.asarray(theta, dtype=np.float64)
