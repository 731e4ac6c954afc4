"""Misuse of the optimizers, as a student making ordinary mistakes would try it.

Each case asserts the error's type and that its message names the argument (and, for
constructor arguments, shows ``name=value``). No case may pass silently. The first
table is written out from the spec (every hyperparameter of every registered optimizer
gets the classic wrong values); the second and third are written by hand.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from conftest import build, skip_unless_vectors, sum_of_squares

from gdcourse import optimizers as opt
from gdcourse.optimizers import REGISTRY


def wrong_values(spec):
    """Values a student might pass for ``spec`` that must be refused."""
    if spec.kind == "flag":
        return [1, 0, "yes", "False", None, 1.0]
    if spec.kind == "function":
        return [None, 0.1, "loss", np.zeros(2)]
    if spec.kind == "choice":
        values = ["no such choice", 1, 0, 0.5, [spec.default]]
        return values + ([] if None in spec.choices else [None])
    if spec.kind == "numbers":
        values = [(), 5, "0.1", (0.1, math.nan), [True, 0.5]]
        if spec.size is not None:
            return values + [spec.default[:-1], (*spec.default, 1.0)]  # too short, too long
        return values + [(0.1, -1.0)]
    values = [True, "0.1", math.nan, math.inf, -math.inf, [0.1], np.array([0.1, 0.2])]
    if not spec.optional:
        values.append(None)
    if spec.kind == "whole":
        values += [2.5, 3.0]  # counts are whole numbers, not floats
    if spec.low is not None:
        values.append(spec.low - 1.0 if not spec.low_open else spec.low)
    if spec.high is not None:
        values.append(spec.high + 1.0 if not spec.high_open else spec.high)
    if not spec.schedulable:
        values.append(lambda t: 0.1)
    return values


CONSTRUCTOR_CASES = [
    pytest.param(cls, spec.name, value, id=f"{name}-{spec.name}={value!r:.20}")
    for name, cls in REGISTRY.items()
    for spec in cls.hyperparameters()
    for value in wrong_values(spec)
]


@pytest.mark.parametrize(("cls", "name", "value"), CONSTRUCTOR_CASES)
def test_wrong_hyperparameter_is_refused_by_name(cls, name, value):
    with pytest.raises(ValueError, match=rf"\b{name}\b") as error:
        build(cls, **{name: value})
    message = str(error.value)
    assert f"{name}=" in message
    assert "pass" in message  # ... and says what to do


# (optimizer, theta given to init, error type)
THETA = np.array([1.0, -2.0])
BAD_STARTS = [
    ([1.0, math.nan], ValueError),
    ([math.inf, 0.0], ValueError),
    ([], ValueError),
    ("x", ValueError),
    ("1.0", ValueError),
    (np.array([1 + 2j, 0]), ValueError),
    (np.array([True, False]), ValueError),
    ([True, 1.0], ValueError),  # numpy would read True as 1.0
    (None, ValueError),
    (np.zeros((2, 0)), ValueError),
    ([[1.0], [1.0, 2.0]], ValueError),  # ragged
]


@pytest.mark.parametrize(("theta", "error"), BAD_STARTS, ids=[repr(s)[:20] for s, _ in BAD_STARTS])
def test_bad_start_is_refused(optimizer, theta, error):
    with pytest.raises(error, match=r"\btheta\b"):
        optimizer.init(theta)


def gradient(value):
    return lambda theta: value


# (what update is given: theta, a state factory, grad_fn; error type; the name it must say)
def state_of(cls, theta=THETA):
    return build(cls).init(theta)


BAD_UPDATES = [
    # parameters
    ("complex theta", lambda o: (THETA + 1j, o.init(THETA), sum_of_squares), ValueError, "theta"),
    ("boolean theta", lambda o: (THETA > 0, o.init(THETA), sum_of_squares), ValueError, "theta"),
    ("string theta", lambda o: ("theta", o.init(THETA), sum_of_squares), ValueError, "theta"),
    ("empty theta", lambda o: (np.array([]), o.init(THETA), sum_of_squares), ValueError, "theta"),
    ("nan theta", lambda o: ([math.nan, 0.0], o.init(THETA), lambda th: th), ValueError, "theta"),
    # the gradient function
    ("array as grad_fn", lambda o: (THETA, o.init(THETA), np.ones(2)), TypeError, "grad_fn"),
    ("None as grad_fn", lambda o: (THETA, o.init(THETA), None), TypeError, "grad_fn"),
    ("number as grad_fn", lambda o: (THETA, o.init(THETA), 0.5), TypeError, "grad_fn"),
    # what it returns
    ("wrong shape", lambda o: (THETA, o.init(THETA), gradient(np.ones(3))), ValueError, "shape"),
    ("scalar", lambda o: (THETA, o.init(THETA), gradient(1.0)), ValueError, "grad_fn"),
    ("complex", lambda o: (THETA, o.init(THETA), gradient(THETA * 1j)), ValueError, "grad_fn"),
    ("boolean", lambda o: (THETA, o.init(THETA), gradient(THETA > 0)), ValueError, "grad_fn"),
    ("strings", lambda o: (THETA, o.init(THETA), gradient(["a", "b"])), ValueError, "grad_fn"),
    ("None", lambda o: (THETA, o.init(THETA), gradient(None)), ValueError, "grad_fn"),
    ("nan", lambda o: (THETA, o.init(THETA), gradient([math.nan, 3.0])), ValueError, "t=0"),
    ("inf", lambda o: (THETA, o.init(THETA), gradient([1.0, -math.inf])), ValueError, "t=0"),
    # the state
    ("no state", lambda o: (THETA, None, sum_of_squares), ValueError, "state"),
    ("a tuple", lambda o: (THETA, (np.zeros(2), 0), sum_of_squares), ValueError, "state"),
    (
        "state of a 3-vector",
        lambda o: (THETA, o.init(np.zeros(3)), sum_of_squares),
        ValueError,
        "state",
    ),  # fmt: skip
    ("the optimizer itself", lambda o: (THETA, o, sum_of_squares), ValueError, "state"),
    (
        "negative t",
        lambda o: (THETA, o.init(THETA)._replace(t=-1), sum_of_squares),
        ValueError,
        "state.t",
    ),  # fmt: skip
    (
        "float t",
        lambda o: (THETA, o.init(THETA)._replace(t=1.5), sum_of_squares),
        ValueError,
        "state.t",
    ),  # fmt: skip
]


@pytest.mark.parametrize(
    ("case", "given", "error", "named"), BAD_UPDATES, ids=[c[0] for c in BAD_UPDATES]
)
def test_bad_update_is_refused(optimizer, case, given, error, named):
    skip_unless_vectors(optimizer)
    theta, state, grad_fn = given(optimizer)
    if case == "state of a 3-vector" and not any(_arrays(x) for x in state):
        # GD, line search and a fresh L-BFGS keep no arrays: their state fits any shape
        assert optimizer.update(theta, state, lambda th: 2.0 * th)[0].shape == (2,)
        return
    with pytest.raises(error, match=re.escape(named)):
        optimizer.update(theta, state, grad_fn)


def _arrays(value):
    """Whether a state field holds arrays (directly, or per block in a tuple)."""
    if isinstance(value, tuple):
        return any(_arrays(item) for item in value)
    return isinstance(value, np.ndarray)


def test_another_optimizers_state_is_refused(optimizer_class):
    ours = build(optimizer_class)
    for other in REGISTRY.values():
        if other is optimizer_class:
            continue
        start = THETA.reshape(1, 2) if other.needs_matrix else THETA  # Muon: a matrix
        expected = rf"state must come from {optimizer_class.__name__}\.init"
        with pytest.raises(ValueError, match=expected):
            ours.update(THETA, build(other).init(start), lambda th: 2.0 * th)


def test_state_array_of_the_wrong_shape_is_refused_by_field():
    state = opt.Adam().init(THETA)._replace(v=np.zeros(3))
    with pytest.raises(ValueError, match=r"state\.v has shape \(3,\)"):
        opt.Adam().update(THETA, state, lambda th: th)


def test_non_finite_gradient_names_the_step_and_the_values():
    optimizer = opt.GD(lr=0.1)
    theta, state = THETA, optimizer.init(THETA)
    for _ in range(12):
        theta, state = optimizer.update(theta, state, lambda th: th)
    with pytest.raises(opt.NonFiniteGradientError) as error:
        optimizer.update(theta, state, lambda th: np.array([math.nan, 3.0]))
    message = str(error.value)
    assert "non-finite gradient at step t=12" in message
    assert "[nan, 3.0]" in message and "lower lr" in message
    assert isinstance(error.value, ValueError) and isinstance(error.value, FloatingPointError)


HAND_WRITTEN = [
    # (what is built, the argument the message must name)
    (lambda: opt.Momentum(0.1, 1.0), "gamma"),  # positional: lr first, then gamma
    (lambda: opt.Adadelta(0.9, 1.0), "rho"),  # lr first in Adadelta too
    (lambda: opt.RMSProp(0.01, 1.0), "beta"),
    (lambda: opt.Rprop(lr=lambda t: 0.1), "lr"),  # Rprop's lr is only the first step size
    (lambda: opt.Rprop(step_min=1.0, step_max=0.5), "step_min"),
    (lambda: opt.Adam(beta1=lambda t: 0.9), "beta1"),  # the bias correction needs a constant
    (lambda: opt.Adam(lr=opt.Adam), "lr"),  # a class is not a schedule
    (lambda: opt.Momentum(gamma=np.float64(math.nan)), "gamma"),
    (lambda: opt.AdaGrad(eps=np.bool_(True)), "eps"),
    (lambda: opt.LineSearchGD(sum_of_squares, lrs="0.1, 1"), "lrs"),
]


@pytest.mark.parametrize(("build_it", "name"), HAND_WRITTEN)
def test_hand_written_constructor_misuse(build_it, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        build_it()


@pytest.mark.parametrize(
    ("family", "name"), [(opt.Momentum, "gamma"), (opt.NAG, "gamma"), (opt.Adam, "lr")]
)
def test_schedule_leaving_its_range_is_refused_at_that_step(family, name):
    bad = {"gamma": lambda t: 0.5 if t < 1 else 1.0, "lr": lambda t: 0.1 if t < 1 else -0.1}
    optimizer = family(**{name: bad[name]})
    theta, state = optimizer.update(THETA, optimizer.init(THETA), lambda th: th.copy())
    with pytest.raises(ValueError, match=re.escape(f"{name}(1)=")):
        optimizer.update(theta, state, lambda th: th.copy())
    with pytest.raises(ValueError, match=re.escape(f"{name}(1)=")):
        family(**{name: lambda t: "fast"}).update(theta, state, lambda th: th.copy())


def test_line_search_refuses_a_loss_that_is_not_one_number():
    optimizer = opt.LineSearchGD(lambda theta: theta**2)  # a vector, not a number
    with pytest.raises(ValueError, match="loss_fn must return one number"):
        optimizer.update(THETA, optimizer.init(THETA), lambda th: th)


def test_unbound_update_fails_in_python_not_in_numpy():
    with pytest.raises(TypeError, match="missing 1 required positional argument"):
        opt.Adam.update(THETA, opt.Adam().init(THETA), lambda th: th)


def test_the_table_is_long_enough():
    n_cases = len(CONSTRUCTOR_CASES) + len(HAND_WRITTEN)
    n_cases += (len(BAD_STARTS) + len(BAD_UPDATES)) * len(REGISTRY)
    assert len(BAD_UPDATES) + len(BAD_STARTS) + len(HAND_WRITTEN) >= 40
    assert n_cases >= 80, n_cases
