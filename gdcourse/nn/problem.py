"""A network and its data as a problem that :func:`gdcourse.run` can train."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._checks import ArgumentTypeError, as_batch
from ..problems._base import Problem
from .mlp import MLP

__all__ = ["NetworkProblem"]


class NetworkProblem(Problem):
    """The average loss of ``mlp`` on the examples ``X`` with targets ``y``.

    ``loss(theta, batch=indices)`` and ``grad(theta, batch=indices)`` use only the rows
    in ``batch``, which is how :func:`gdcourse.run` takes mini-batch steps::

        problem = NetworkProblem(mlp, X, y)
        theta0 = mlp.init_params(rng)
        trajectory = run(Adam(0.01), problem, theta0, epochs=20, batch_size=16, rng=rng)

    ``theta`` is one flat vector of ``mlp.n_params`` numbers (no grids: a network has
    too many parameters for a contour plot); :meth:`parameter_blocks` says how it is
    cut into weight matrices and biases.

    Parameters
    ----------
    mlp : MLP
        The network.
    X : array_like, shape (n_samples, n_in)
        Inputs, one example per row.
    y : array_like
        Targets: numbers for one output, class labels or one-hot rows for several
        (see :meth:`MLP.targets`).
    name : str
        Shown in plot titles and in the repr.

    Examples
    --------
    >>> import numpy as np
    >>> from gdcourse.nn import MLP
    >>> problem = NetworkProblem(MLP([2, 3, 1]), np.zeros((4, 2)), [0, 1, 1, 0])
    >>> problem.n_params, problem.n_samples, problem.parameter_blocks()[0]
    (13, 4, ('W1', (2, 3)))
    """

    names = ()  # too many parameters to name one axis each
    bounds = None
    minimum = None
    accepts_grids = False

    def __init__(self, mlp: MLP, X: Any, y: Any, name: str = "network"):
        if not isinstance(mlp, MLP):
            raise ArgumentTypeError(f"mlp must be a gdcourse.nn.MLP, got mlp={mlp!r}")
        self.mlp = mlp
        # Checked and converted once, so each mini-batch step only slices rows.
        self.X = mlp.check_inputs(X)
        self.Y = mlp.targets(y, self.X.shape[0])
        self.n_samples = self.X.shape[0]
        self.name = name

    @property
    def n_params(self) -> int:
        """Number of weights and biases of the network."""
        return self.mlp.n_params

    def parameter_blocks(self) -> list[tuple[str, tuple[int, ...]]]:
        """The network's weight matrices and biases: see :meth:`MLP.parameter_blocks`."""
        return self.mlp.parameter_blocks()

    def check_theta(self, theta: Any) -> np.ndarray:
        """A flat vector of ``n_params`` numbers, or a ``ValueError``."""
        return self.mlp.check_theta(theta)

    def _rows(self, batch: Any) -> tuple[np.ndarray, np.ndarray]:
        if batch is None:
            return self.X, self.Y
        index = as_batch(batch, len(self.X))
        return self.X[index], self.Y[index]

    def loss(self, theta: Any, batch: Any = None) -> float:
        """The average loss on the batch (all examples by default)."""
        X, Y = self._rows(batch)
        return self.mlp.backprop(self.check_theta(theta), X, Y, want_grad=False)[0]

    def grad(self, theta: Any, batch: Any = None) -> np.ndarray:
        """The gradient of the average loss on the batch, a flat vector like ``theta``."""
        X, Y = self._rows(batch)
        grad = self.mlp.backprop(self.check_theta(theta), X, Y)[1]
        assert grad is not None  # want_grad defaults to True
        return grad

    def accuracy(self, theta: Any) -> float:
        """Fraction of the problem's examples classified correctly."""
        return self.mlp.accuracy(theta, self.X, self.Y)
