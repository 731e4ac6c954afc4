"""gdcourse: gradient-descent optimizers, problems and pictures for a course.

The data flow is one-way::

    problems -> optimizers -> run() -> Trajectory -> plotting / widgets
"""

from . import (
    averaging,
    batching,
    gradient_free,
    landscape,
    optimizers,
    parallel,
    problems,
    schedules,
    tuning,
)
from .run import DivergenceError, Trajectory, run

__version__ = "0.1.0"
__all__ = [
    "optimizers",
    "problems",
    "schedules",
    "batching",
    "gradient_free",
    "tuning",
    "averaging",
    "parallel",
    "landscape",
    "run",
    "Trajectory",
    "DivergenceError",
    "__version__",
]
