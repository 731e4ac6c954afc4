"""Tuning: the range test, grid and random search, their tables and their bad inputs."""

from __future__ import annotations

import numpy as np
import pytest

from gdcourse import run
from gdcourse.optimizers import GD, Momentum
from gdcourse.problems import quadratic_bowl
from gdcourse.tuning import Range, exponential_lrs, grid_search, lr_range_test, random_search


def bowl_objective(lr, width=0.0):
    # Only lr matters: the loss after 20 GD steps on a bowl of curvature 1 and 10.
    path = run(GD(lr=lr), quadratic_bowl(10.0), [1.0, 1.0], steps=20, on_divergence="stop")
    return path.losses[-1] if not path.diverged else np.inf


SPACE = {"lr": Range(1e-3, 1.0, log=True), "width": Range(0.0, 1.0)}


def test_range_grid_and_samples():
    assert Range(0.0, 1.0).grid(3).tolist() == [0.0, 0.5, 1.0]
    assert Range(1.0, 100.0, log=True).grid(3).tolist() == pytest.approx([1.0, 10.0, 100.0])
    draws = Range(1e-4, 1.0, log=True).sample(2000, np.random.default_rng(0))
    assert draws.min() >= 1e-4 and draws.max() <= 1.0
    # log-uniform: a quarter of the draws in each decade
    assert np.mean(draws < 1e-3) == pytest.approx(0.25, abs=0.03)
    assert Range(1.0, 100.0, log=True).position(10.0) == pytest.approx(0.5)


def test_grid_uses_n_to_the_d_trials_within_budget():
    result = grid_search(bowl_objective, SPACE, budget=9)
    assert result.trials == 9 and result.method == "grid"
    assert result.distinct("lr") == 3 and result.distinct("width") == 3
    assert grid_search(bowl_objective, SPACE, budget=15).trials == 9  # 3**2 <= 15 < 4**2
    assert grid_search(bowl_objective, {"lr": SPACE["lr"]}, budget=7).trials == 7


def test_random_search_tries_a_new_value_every_trial_and_is_reproducible():
    a = random_search(bowl_objective, SPACE, 9, np.random.default_rng(1))
    b = random_search(bowl_objective, SPACE, 9, np.random.default_rng(1))
    assert a.distinct("lr") == 9 and a.distinct("width") == 9
    np.testing.assert_array_equal(a.scores, b.scores)
    grid = grid_search(bowl_objective, SPACE, budget=9)
    assert a.distinct("lr") == 3 * grid.distinct("lr")


def test_best_table_and_border_check():
    result = grid_search(bowl_objective, {"lr": Range(1e-3, 0.1, log=True)}, budget=5)
    assert result.best["lr"] == pytest.approx(0.1)
    assert result.on_border() == {"lr": "high"}  # the best lr is the largest tried: widen
    wide = grid_search(bowl_objective, {"lr": Range(1e-3, 10.0, log=True)}, budget=9)
    assert wide.on_border() == {}
    assert wide.scores.max() > 1e6  # the large rates blew up
    failing = grid_search(lambda lr: np.inf if lr > 0.05 else lr, {"lr": Range(0.0, 1.0)}, 5)
    assert failing.best == {"lr": 0.0} and np.isinf(failing.scores).sum() == 4
    lines = wide.table(top=3).splitlines()
    assert len(lines) == 4 and lines[0].split() == ["rank", "lr", "score"]


def test_a_search_where_every_trial_fails_says_so():
    result = random_search(lambda lr: np.nan, {"lr": Range(1.0, 2.0)}, 3, np.random.default_rng(0))
    with pytest.raises(ValueError, match="no trial"):
        result.best  # noqa: B018


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: Range(1.0, 1.0), "low < high"),
        (lambda: Range(2.0, 1.0), "swap"),
        (lambda: Range(0.0, 1.0, log=True), "low > 0"),
        (lambda: Range(np.nan, 1.0), "low"),
        (lambda: grid_search(bowl_objective, SPACE, budget=0), "budget"),
        (lambda: grid_search(bowl_objective, SPACE, budget=3), "budget must be >= 2"),
        (lambda: random_search(bowl_objective, SPACE, 0, np.random.default_rng(0)), "budget"),
        (lambda: random_search(bowl_objective, SPACE, 2.5, np.random.default_rng(0)), "budget"),
        (lambda: random_search(bowl_objective, SPACE, 3, 0), "rng"),
        (lambda: random_search(bowl_objective, {}, 3, np.random.default_rng(0)), "space"),
        (lambda: grid_search(bowl_objective, {"lr": (1e-3, 1.0)}, 4), "Range"),
        (lambda: grid_search("f", SPACE, 4), "objective"),
        (lambda: grid_search(lambda lr: "x", {"lr": Range(0.1, 1.0)}, 2), "one number"),
        (lambda: exponential_lrs(1.0, 0.1, 10), "lr_min must be < lr_max"),
        (lambda: exponential_lrs(0.0, 0.1, 10), "lr_min"),
        (lambda: exponential_lrs(0.1, 1.0, 1), "steps"),
    ],
)
def test_bad_inputs_name_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_exponential_schedule_grows_by_one_factor_per_step():
    lrs = exponential_lrs(1e-4, 1.0, 5)(np.arange(6))
    np.testing.assert_allclose(lrs, [1e-4, 1e-3, 1e-2, 1e-1, 1.0, 1.0])


def test_range_test_finds_the_stable_region_of_a_bowl():
    # GD on curvature 10 is stable for lr < 0.2; the loss turns up past it.
    result = lr_range_test(
        lambda lr: GD(lr=lr), quadratic_bowl(10.0), [1.0, 1.0], 1e-3, 100.0, steps=50
    )
    assert 0 < result.stopped_at < 50 and "stopped at step" in result.message
    assert result.lrs.size == result.losses.size == result.smoothed.size == result.stopped_at
    assert np.all(np.diff(result.lrs) > 0)
    assert 0.01 < result.suggestion < 0.2 and result.lr_steepest < 0.2
    assert result.loss0 == pytest.approx(quadratic_bowl(10.0).loss(np.array([1.0, 1.0])))


def test_range_test_that_never_blows_up_runs_all_its_steps():
    result = lr_range_test(
        lambda lr: Momentum(lr=lr, gamma=0.5), quadratic_bowl(10.0), [1.0, 1.0], 1e-4, 1e-2, 30
    )
    assert result.stopped_at == 30 and result.message == ""


def test_range_test_that_blows_up_at_once_is_refused():
    with pytest.raises(ValueError, match="lr_min"):
        lr_range_test(lambda lr: GD(lr=lr), quadratic_bowl(10.0), [1.0, 1.0], 50.0, 100.0, 10)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"stop_factor": 1.0}, "stop_factor"),
        ({"smoothing": 1.0}, "smoothing"),
        ({"lr_min": 1.0, "lr_max": 1e-3}, "lr_min must be < lr_max"),
        ({"steps": 0}, "steps"),
    ],
)
def test_range_test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        lr_range_test(lambda lr: GD(lr=lr), quadratic_bowl(10.0), [1.0, 1.0], **kwargs)


def test_range_test_needs_a_problem_with_a_loss():
    with pytest.raises(TypeError, match="problem"):
        lr_range_test(lambda lr: GD(lr=lr), lambda theta: 2 * theta, [1.0])


def test_range_test_that_overflows_says_where_it_stopped():
    # With no stop on the rise, the loss overflows: run() stops and the result says so.
    result = lr_range_test(
        lambda lr: GD(lr=lr), quadratic_bowl(10.0), [1.0, 1.0], 1e-3, 1e12, 80, stop_factor=1e300
    )
    assert result.stopped_at < 80 and "blew up" in result.message
    assert np.all(np.isfinite(result.losses))
