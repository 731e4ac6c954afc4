"""Problems: losses with analytic gradients (toy neuron, 2-D surfaces, data sets)."""

from ._base import Problem
from .data import LogisticRegression, make_points, sparse_data
from .surfaces import (
    QuadraticBowl,
    Surface,
    beale,
    narrow_valley,
    quadratic_bowl,
    rosenbrock,
    saddle,
)
from .toy import SigmoidNeuron, sigmoid, sigmoid_neuron

__all__ = [
    "Problem",
    "SigmoidNeuron",
    "sigmoid",
    "sigmoid_neuron",
    "Surface",
    "QuadraticBowl",
    "quadratic_bowl",
    "narrow_valley",
    "rosenbrock",
    "beale",
    "saddle",
    "LogisticRegression",
    "sparse_data",
    "make_points",
]
