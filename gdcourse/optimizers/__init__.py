"""Optimizers: each a small object with pure ``init`` and ``update`` methods."""

from ._base import Optimizer, learning_rate
from .gd import GD, GDState

__all__ = ["Optimizer", "learning_rate", "GD", "GDState"]
