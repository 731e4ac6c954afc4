"""Problems: losses with analytic gradients (toy neuron, 2-D surfaces, data sets)."""

from ._base import Problem
from .toy import SigmoidNeuron, sigmoid, sigmoid_neuron

__all__ = ["Problem", "SigmoidNeuron", "sigmoid", "sigmoid_neuron"]
