"""What a problem is.

A problem knows its loss and its gradient and nothing about optimizers.

* ``loss(theta)`` and ``grad(theta)`` take parameters ``theta``. For the 2-parameter
  problems, ``theta[0]`` and ``theta[1]`` may themselves be arrays of any (common)
  shape: ``loss`` then returns a grid of losses, which is how the plotters draw a
  whole surface in one vectorized call.
* ``names`` are the axis symbols a student reads on the slides, e.g. ``("w", "b")``.
* ``bounds`` is the default plotting window ``((lo0, hi0), (lo1, hi1))``.
* ``minimum`` is a known minimizer or ``None``.

Data problems also have ``n_samples`` and accept ``batch=indices`` in ``loss`` and
``grad`` so that :func:`gdcourse.run` can take mini-batch steps.
"""

from __future__ import annotations

import numpy as np


class Problem:
    """Base class with the attributes every problem carries."""

    name: str = "problem"
    names: tuple[str, ...] = ("x", "y")
    bounds: tuple[tuple[float, float], ...] | None = None
    minimum: np.ndarray | None = None
    n_samples: int | None = None  # None: not a data problem (no mini-batches)

    def loss(self, theta, batch=None):
        raise NotImplementedError

    def grad(self, theta, batch=None):
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"
