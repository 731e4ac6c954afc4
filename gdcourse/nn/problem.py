"""A network and its data as a problem that :func:`gdcourse.run` can train."""

from __future__ import annotations

import numpy as np

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
    """

    names = ()  # too many parameters to name one axis each
    bounds = None
    minimum = None

    def __init__(self, mlp: MLP, X, y, name: str = "network"):
        if not isinstance(mlp, MLP):
            raise ValueError(f"mlp must be a gdcourse.nn.MLP, got mlp={mlp!r}")
        self.mlp = mlp
        # Checked and converted once, so each mini-batch step only slices rows.
        self.X = mlp._check_inputs(X)
        self.Y = mlp.targets(y, self.X.shape[0])
        self.n_samples = self.X.shape[0]
        self.name = name

    def _rows(self, batch):
        if batch is None:
            return self.X, self.Y
        return self.X[batch], self.Y[batch]

    def loss(self, theta, batch=None) -> float:
        X, Y = self._rows(batch)
        return self.mlp._loss_and_grad(self.mlp._check_theta(theta), X, Y, want_grad=False)[0]

    def grad(self, theta, batch=None) -> np.ndarray:
        X, Y = self._rows(batch)
        return self.mlp._loss_and_grad(self.mlp._check_theta(theta), X, Y)[1]

    def accuracy(self, theta) -> float:
        """Fraction of the problem's examples classified correctly."""
        return self.mlp.accuracy(theta, self.X, self.Y)
