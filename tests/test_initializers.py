"""Initializers: the right spread on large draws, and loud failures on bad input."""

import functools
import math

import numpy as np
import pytest

from gdcourse import initializers as init

SHAPE = (300, 500)  # 150 000 draws: sample moments are accurate to well under 2%
FAN_IN, FAN_OUT = SHAPE


def rng():
    return np.random.default_rng(12345)


# name, function, expected standard deviation, half-width of the support (None: normal)
SPREADS = [
    ("normal", functools.partial(init.normal, scale=0.3), 0.3, None),
    ("uniform", functools.partial(init.uniform, scale=0.3), 0.3 / math.sqrt(3), 0.3),
    (
        "uniform_fan_in",
        init.uniform_fan_in,
        1 / math.sqrt(FAN_IN) / math.sqrt(3),
        1 / math.sqrt(FAN_IN),
    ),
    ("xavier_normal", init.xavier_normal, math.sqrt(2 / (FAN_IN + FAN_OUT)), None),
    (
        "xavier_uniform",
        init.xavier_uniform,
        math.sqrt(2 / (FAN_IN + FAN_OUT)),
        math.sqrt(6 / (FAN_IN + FAN_OUT)),
    ),
    ("he_normal", init.he_normal, math.sqrt(2 / FAN_IN), None),
    ("he_uniform", init.he_uniform, math.sqrt(2 / FAN_IN), math.sqrt(6 / FAN_IN)),
]


@pytest.mark.parametrize("name, fn, std, bound", SPREADS, ids=[s[0] for s in SPREADS])
def test_mean_and_spread_of_large_draws(name, fn, std, bound):
    weights = fn(SHAPE, rng=rng())
    assert weights.shape == SHAPE
    n = weights.size
    # The sample mean has standard error std / sqrt(n); allow 5 of them.
    assert abs(weights.mean()) < 5 * std / math.sqrt(n)
    assert weights.std() == pytest.approx(std, rel=0.02)
    if bound is not None:
        assert np.all(np.abs(weights) <= bound)
        assert np.abs(weights).max() > 0.99 * bound  # the support is really used


def test_uniform_fan_in_matches_the_lecture_range():
    weights = init.uniform_fan_in((4, 3), rng=rng())
    assert np.all(np.abs(weights) <= 0.5)  # 1 / sqrt(4)


def test_xavier_and_he_have_the_same_variance_in_both_forms():
    shape = (50, 70)
    assert init.xavier_uniform(shape, rng()).std() == pytest.approx(
        init.xavier_normal(shape, rng()).std(), rel=0.1
    )
    assert init.he_uniform(shape, rng()).std() == pytest.approx(
        init.he_normal(shape, rng()).std(), rel=0.1
    )


def test_same_seed_same_weights():
    assert np.array_equal(init.he_normal((3, 4), rng()), init.he_normal((3, 4), rng()))


def test_zeros_and_constant():
    assert np.array_equal(init.zeros((2, 3)), np.zeros((2, 3)))
    assert np.array_equal(init.constant((2, 2), 0.5, rng=rng()), np.full((2, 2), 0.5))
    assert init.zeros(4).shape == (4,)


def test_every_initializer_accepts_the_common_call():
    for fn in [*init.INITIALIZERS.values(), functools.partial(init.constant, value=1.0)]:
        assert fn((3, 2), rng=rng()).shape == (3, 2)


def test_get():
    assert init.get("he_normal") is init.he_normal
    custom = functools.partial(init.normal, scale=0.01)
    assert init.get(custom) is custom
    with pytest.raises(ValueError, match="init"):
        init.get("glorot")


BAD_SHAPES = [(0, 3), (3, -1), (), "3", (3.0, 2), (True, 2), None, [2, "a"]]


@pytest.mark.parametrize("shape", BAD_SHAPES, ids=repr)
@pytest.mark.parametrize("fn", [init.zeros, functools.partial(init.normal, scale=1.0)])
def test_bad_shapes_raise(fn, shape):
    with pytest.raises(ValueError, match="shape"):
        fn(shape, rng=rng())


@pytest.mark.parametrize("shape", [(3,), (2, 3, 4), 5])
@pytest.mark.parametrize("fn", [init.uniform_fan_in, init.xavier_normal, init.he_uniform])
def test_fan_initializers_need_two_dimensions(fn, shape):
    with pytest.raises(ValueError, match=r"shape must be \(fan_in, fan_out\)"):
        fn(shape, rng())


@pytest.mark.parametrize("scale", [-0.1, float("nan"), float("inf"), "big", None])
@pytest.mark.parametrize("fn", [init.normal, init.uniform])
def test_bad_scales_raise(fn, scale):
    with pytest.raises(ValueError, match="scale"):
        fn((2, 2), rng(), scale)


@pytest.mark.parametrize("bad_rng", [None, 42, np.random.RandomState(0)], ids=repr)
def test_randomness_only_through_a_generator(bad_rng):
    with pytest.raises(ValueError, match="rng"):
        init.xavier_uniform((2, 2), bad_rng)


def test_constant_needs_a_number():
    with pytest.raises(ValueError, match="value"):
        init.constant((2, 2), "one")
