"""What a problem is: the interface every problem of the course declares.

A problem knows its loss and its gradient and nothing about optimizers.

* ``loss(theta)`` and ``grad(theta)`` take parameters ``theta`` with ``n_params``
  entries. For problems with few parameters, ``theta[0]``, ``theta[1]``, ... may
  themselves be arrays of one (common) shape: ``loss`` then returns a grid of losses,
  which is how the plotters draw a whole surface in one vectorized call.
* ``names`` are the axis symbols a student reads on the slides, e.g. ``("w", "b")``.
* ``bounds`` is the default plotting window ``((lo0, hi0), (lo1, hi1))`` or None.
* ``start`` is a start point that makes a good demo, ``minimum`` a known minimizer;
  either may be None.
* Data problems also have ``n_samples`` and accept ``batch=indices`` in ``loss`` and
  ``grad``, so that :func:`gdcourse.run` can take mini-batch steps.
* :meth:`Problem.parameter_blocks` says how the flat vector is cut into named arrays
  (one block ``theta`` by default; a network lists its weight matrices and biases), for
  optimizers that treat a matrix as a matrix.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import numpy as np

from .._checks import as_parameters

__all__ = ["Problem", "Bounds"]

#: A plotting window: one ``(lo, hi)`` pair per parameter.
Bounds = tuple[tuple[float, float], ...]


class Problem(ABC):
    """Base class: a loss, its gradient and what a student needs to read them.

    Subclasses implement :meth:`loss` and :meth:`grad` and set ``names`` (or override
    :attr:`n_params`). Both methods should start with :meth:`check_theta`, so a
    parameter vector of the wrong length is refused instead of silently cut.

    Examples
    --------
    >>> import numpy as np
    >>> class Parabola(Problem):
    ...     names = ("x",)
    ...     def loss(self, theta, batch=None):
    ...         return self.check_theta(theta)[0] ** 2
    ...     def grad(self, theta, batch=None):
    ...         return 2.0 * self.check_theta(theta)
    >>> Parabola().loss([3.0]), Parabola().n_params
    (np.float64(9.0), 1)
    """

    name: str = "problem"
    names: tuple[str, ...] = ("x", "y")
    bounds: Bounds | None = None
    start: np.ndarray | None = None
    minimum: np.ndarray | None = None
    n_samples: int | None = None  # None: not a data problem (no mini-batches)
    #: Whether ``theta[k]`` may be a grid of values (contour plots); networks say no.
    accepts_grids: bool = True

    @property
    def n_params(self) -> int:
        """Number of parameters, the length of a flat ``theta``."""
        return len(self.names)

    @property
    def shape(self) -> tuple[int]:
        """Shape of one parameter vector, ``(n_params,)``."""
        return (self.n_params,)

    def parameter_blocks(self) -> list[tuple[str, tuple[int, ...]]]:
        """``[(name, shape), ...]`` in the order the blocks sit in the flat ``theta``.

        The default is one block: the whole vector.
        """
        return [("theta", self.shape)]

    def check_theta(self, theta: Any) -> np.ndarray:
        """``theta`` as a float array of shape ``(n_params, ...)``, or a ``ValueError``.

        Raises
        ------
        ValueError
            Naming ``theta``, the expected count and the parameter names, when ``theta``
            has the wrong number of entries (or holds text, booleans or complex numbers).
        """
        return as_parameters("theta", theta, self.n_params, self.names, grid=self.accepts_grids)

    @abstractmethod
    def loss(self, theta: Any, batch: Any = None) -> Any:
        """The loss at ``theta`` (a number, or a grid of numbers for a grid ``theta``)."""

    @abstractmethod
    def grad(self, theta: Any, batch: Any = None) -> np.ndarray:
        """The gradient at ``theta``, shaped like ``theta``."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"
