"""Shared fixtures: the optimizers from the registry and a quadratic bowl.

Every list of optimizers comes from :data:`gdcourse.optimizers.REGISTRY`, so a newly
registered optimizer is tested without editing the tests. Tables built when a module
is collected (``parametrize``) import the plain helpers (``from conftest import ...``).
"""

from __future__ import annotations

import numpy as np
import pytest

from gdcourse.optimizers import REGISTRY


def bowl_loss(theta):
    """0.5 (x^2 + 10 y^2): curvature 1 along x, 10 along y; minimum at the origin."""
    return 0.5 * (theta[0] ** 2 + 10.0 * theta[1] ** 2)


def bowl_grad(theta):
    """The gradient of :func:`bowl_loss`."""
    return np.array([theta[0], 10.0 * theta[1]])


def sum_of_squares(theta):
    """0.5 |theta|^2 for parameters of any shape (0-d included)."""
    return 0.5 * float(np.sum(np.square(theta)))


def skip_unless_vectors(optimizer):
    """Skip a test written for vector parameters when the optimizer takes only matrices
    (Muon without ``shapes``); test_modern_optimizers.py runs its checks on matrices."""
    cls = optimizer if isinstance(optimizer, type) else type(optimizer)
    if cls.needs_matrix:
        pytest.skip(f"{cls.__name__} takes matrices only (checked in test_modern_optimizers.py)")


def build(cls, **values):
    """An optimizer of class ``cls`` with its defaults; L-BFGS and line search get a loss
    of any shape."""
    names = {spec.name for spec in cls.hyperparameters()}
    if "loss_fn" in names and "loss_fn" not in values:
        values["loss_fn"] = sum_of_squares
    return cls(**values)


def variants() -> dict[str, object]:
    """Every registered optimizer with its defaults, and once more per switch flipped."""
    found = {}
    for name, cls in REGISTRY.items():
        found[name] = build(cls)
        for spec in cls.hyperparameters():
            if spec.kind == "flag":
                found[f"{name}-{spec.name}={not spec.default}"] = build(
                    cls, **{spec.name: not spec.default}
                )
    return found


VARIANTS = variants()


@pytest.fixture(params=list(REGISTRY))
def optimizer_class(request):
    """Each registered optimizer class in turn."""
    return REGISTRY[request.param]


@pytest.fixture
def optimizer(optimizer_class):
    """Each registered optimizer in turn, with its default hyperparameters."""
    return build(optimizer_class)


@pytest.fixture(params=list(VARIANTS))
def variant(request):
    """Each registered optimizer with its defaults and with each True/False switch flipped."""
    return VARIANTS[request.param]


@pytest.fixture
def bowl():
    """The quadratic bowl as ``(loss, grad)``."""
    return bowl_loss, bowl_grad


@pytest.fixture(scope="session")
def all_frames():
    """Scrubbers draw every position, as when the notebooks are executed for the book."""
    from gdcourse.plotting import scrubber

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(scrubber.FRAMES_ENV, "all")
        yield
