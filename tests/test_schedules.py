"""Schedules: hand-computed values, torch.optim.lr_scheduler formulas, arrays, bad inputs.

The torch numbers below are worked out by hand from the formulas in the torch
documentation (StepLR, ExponentialLR, LinearLR, CosineAnnealingLR,
CosineAnnealingWarmRestarts, OneCycleLR), not produced by running torch.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import gdcourse
from gdcourse import schedules
from gdcourse.optimizers import GD
from gdcourse.problems import quadratic_bowl


def values(schedule, steps):
    return [schedule(t) for t in steps]


def test_constant():
    assert values(schedules.constant(0.3), [0, 1, 10**6]) == [0.3, 0.3, 0.3]


def test_step_decay_halves_every_five_epochs():
    # The lecture: halve the rate every 5 epochs. StepLR(step_size=5, gamma=0.5).
    schedule = schedules.step_decay(0.1, drop=0.5, every=5, steps_per_epoch=10)
    assert values(schedule, [0, 49, 50, 99, 100, 150]) == [0.1, 0.1, 0.05, 0.05, 0.025, 0.0125]


def test_exponential_decay_is_0_95_to_the_epoch():
    schedule = schedules.exponential_decay(2.0)
    assert values(schedule, [0, 1, 2]) == pytest.approx([2.0, 1.9, 1.805], rel=1e-15)
    per_epoch = schedules.exponential_decay(1.0, rate=0.5, steps_per_epoch=3)
    assert values(per_epoch, [0, 2, 3, 5, 6]) == [1.0, 1.0, 0.5, 0.5, 0.25]


def test_inverse_time_decay():
    schedule = schedules.inverse_time_decay(1.0, decay=0.5)
    assert values(schedule, [0, 1, 2, 6]) == [1.0, 1.0 / 1.5, 0.5, 0.25]
    per_epoch = schedules.inverse_time_decay(0.3, decay=1.0, steps_per_epoch=100)
    assert values(per_epoch, [0, 99, 100, 250]) == pytest.approx([0.3, 0.3, 0.15, 0.1])


def test_inverse_sqrt_decay_counts_epochs_from_one():
    schedule = schedules.inverse_sqrt_decay(0.3)
    assert values(schedule, [0, 3, 8]) == pytest.approx([0.3, 0.15, 0.1], rel=1e-15)


def test_sutskever_momentum_by_hand():
    schedule = schedules.sutskever_momentum(gamma_max=0.995)
    # 1 - 1 / (2 (floor(t/250) + 1)): 1/2, 3/4, 5/6, 7/8, ..., capped at gamma_max.
    got = values(schedule, [0, 249, 250, 499, 500, 750, 1000, 10**6])
    expected = [0.5, 0.5, 0.75, 0.75, 5.0 / 6.0, 0.875, 0.9, 0.995]
    assert got == pytest.approx(expected, rel=1e-15)


def test_sutskever_momentum_matches_the_lecture_formula():
    schedule = schedules.sutskever_momentum(gamma_max=0.99, every=250)
    for t in range(0, 40_000, 137):
        lecture = min(1 - 2 ** (-1 - math.log2(math.floor(t / 250) + 1)), 0.99)
        assert schedule(t) == pytest.approx(lecture, rel=1e-15)


def test_linear_warmup_like_torch_linear_lr():
    assert values(schedules.linear_warmup(1.0, 4), range(6)) == [0.0, 0.25, 0.5, 0.75, 1.0, 1.0]
    # LinearLR's default start_factor is 1/3: 1/3, 1/2, 2/3, 5/6, 1, 1, ...
    torch_default = schedules.linear_warmup(0.6, 4, start_factor=1.0 / 3.0)
    expected = [0.2, 0.3, 0.4, 0.5, 0.6, 0.6]
    assert values(torch_default, range(6)) == pytest.approx(expected, rel=1e-14)


def test_cosine_annealing_like_torch():
    schedule = schedules.cosine_annealing(0.1, total_steps=10)
    assert schedule(0) == 0.1
    assert schedule(5) == pytest.approx(0.05, rel=1e-15)
    assert schedule(2) == pytest.approx(0.0904508497187474, rel=1e-14)  # 0.05 (1 + cos 0.2 pi)
    assert schedule(10) == pytest.approx(0.0, abs=1e-17)
    assert schedule(25) == schedule(10)  # held at the minimum after the end
    with_floor = schedules.cosine_annealing(1.0, total_steps=4, lr_min=0.2)
    assert values(with_floor, [0, 2, 4]) == pytest.approx([1.0, 0.6, 0.2], rel=1e-15)


def test_cosine_with_restarts_like_torch_warm_restarts():
    # T_0 = 2, T_mult = 2: cycles [0, 2), [2, 6), [6, 14), [14, 30).
    schedule = schedules.cosine_with_restarts(1.0, period=2, mult=2)
    half = 0.5 * (1 + math.cos(math.pi / 4))  # 0.853553...
    expected = [1.0, 0.5, 1.0, half, 0.5, 1 - half, 1.0, 0.5 * (1 + math.cos(math.pi / 8))]
    assert values(schedule, range(8)) == pytest.approx(expected, rel=1e-14)
    assert schedule(14) == 1.0 and schedule(30) == 1.0
    assert schedule(22) == pytest.approx(0.5, rel=1e-14)  # halfway through a 16-step cycle
    constant_period = schedules.cosine_with_restarts(0.4, period=3, lr_min=0.1)
    assert values(constant_period, [0, 3, 6, 7]) == pytest.approx(
        [0.4, 0.4, 0.4, 0.1 + 0.15 * (1 + math.cos(math.pi / 3))], rel=1e-14
    )


def test_one_cycle_like_torch():
    # max_lr = 1, total_steps = 10, pct_start = 0.3: initial 1/25 = 0.04, final 4e-6,
    # peak at step 0.3 * 10 - 1 = 2, cool-down over steps 2..9.
    schedule = schedules.one_cycle(1.0, total_steps=10)
    assert schedule(0) == pytest.approx(0.04, rel=1e-14)
    assert schedule(1) == pytest.approx(0.52, rel=1e-14)  # halfway up: (0.04 + 1) / 2
    assert schedule(2) == 1.0
    cool = 4e-6 + (1.0 - 4e-6) / 2 * (1 + math.cos(math.pi * 1 / 7))
    assert schedule(3) == pytest.approx(cool, rel=1e-14)
    assert schedule(9) == pytest.approx(4e-6, rel=1e-12)
    assert schedule(50) == schedule(9)


def test_one_cycle_peak_need_not_be_a_whole_step():
    # total 100, pct 0.25: peak at step 0.25 * 100 - 1 = 24; initial 0.05, final 5e-6.
    schedule = schedules.one_cycle(0.5, total_steps=100, pct_start=0.25, div_factor=10)
    assert schedule(24) == 0.5
    assert schedule(12) == pytest.approx(0.05 + 0.45 / 2, rel=1e-14)  # halfway up
    # Halfway down: step 24 + (99 - 24) / 2 = 61.5, between steps 61 and 62.
    assert schedule(61) > (0.5 + 5e-6) / 2 > schedule(62)


def test_warmup_then_cosine():
    schedule = schedules.warmup_then(schedules.cosine_annealing(1.0, total_steps=4), 2)
    assert values(schedule, range(8)) == pytest.approx(
        [
            0.0,
            0.5,
            1.0,
            0.5 * (1 + math.cos(math.pi / 4)),
            0.5,
            0.5 * (1 - math.cos(math.pi / 4)),
            0.0,
            0.0,
        ],
        abs=1e-15,
    )


def test_sequential_restarts_each_schedule_at_its_milestone():
    schedule = schedules.sequential(
        [schedules.constant(1.0), schedules.exponential_decay(0.5, rate=0.5), lambda t: 7.0],
        milestones=[3, 5],
    )
    assert values(schedule, range(7)) == [1.0, 1.0, 1.0, 0.5, 0.25, 7.0, 7.0]


ALL = [
    schedules.constant(0.1),
    schedules.step_decay(0.1, every=3),
    schedules.exponential_decay(0.1, steps_per_epoch=2),
    schedules.inverse_time_decay(0.1, 0.3),
    schedules.inverse_sqrt_decay(0.1),
    schedules.sutskever_momentum(every=4),
    schedules.linear_warmup(0.1, 5),
    schedules.cosine_annealing(0.1, 12),
    schedules.cosine_with_restarts(0.1, 3, mult=2),
    schedules.one_cycle(0.1, 20),
    schedules.warmup_then(schedules.step_decay(0.1, every=2), 3),
]


@pytest.mark.parametrize("schedule", ALL, ids=repr)
def test_arrays_give_the_same_values_as_single_steps(schedule):
    steps = np.arange(40)
    np.testing.assert_array_equal(schedule(steps), [schedule(int(t)) for t in steps])
    assert isinstance(schedule(np.int64(3)), float)


def test_a_schedule_drives_gd_through_run():
    bowl = quadratic_bowl()
    lr = schedules.step_decay(0.1, drop=0.5, every=2)
    path = gdcourse.run(GD(lr=lr), bowl, bowl.start, steps=5)
    theta = bowl.start.copy()
    for t in range(5):
        theta = theta - lr(t) * bowl.grad(theta)
        np.testing.assert_allclose(path.thetas[t + 1], theta, rtol=1e-15)


BAD_INPUTS = [
    (lambda: schedules.constant(-0.1), "lr"),
    (lambda: schedules.step_decay(0.1, drop=0.0), "drop"),
    (lambda: schedules.step_decay(0.1, drop=1.5), "drop"),
    (lambda: schedules.step_decay(0.1, every=0), "every"),
    (lambda: schedules.exponential_decay(np.nan), "lr0"),
    (lambda: schedules.exponential_decay(0.1, rate=1.01), "rate"),
    (lambda: schedules.exponential_decay(0.1, steps_per_epoch=2.5), "steps_per_epoch"),
    (lambda: schedules.inverse_time_decay(0.1, decay=-1.0), "decay"),
    (lambda: schedules.inverse_sqrt_decay(-1.0), "k"),
    (lambda: schedules.sutskever_momentum(gamma_max=1.0), "gamma_max"),
    (lambda: schedules.sutskever_momentum(every=0), "every"),
    (lambda: schedules.linear_warmup(0.1, 0), "warmup_steps"),
    (lambda: schedules.linear_warmup(0.1, 5, start_factor=2.0), "start_factor"),
    (lambda: schedules.cosine_annealing(0.1, 0), "total_steps"),
    (lambda: schedules.cosine_annealing(0.1, 10, lr_min=0.5), "lr_min"),
    (lambda: schedules.cosine_with_restarts(0.1, period=0), "period"),
    (lambda: schedules.cosine_with_restarts(0.1, period=5, mult=1.5), "mult"),
    (lambda: schedules.one_cycle(0.1, 100, pct_start=1.0), "pct_start"),
    (lambda: schedules.one_cycle(0.1, 3, pct_start=0.3), "pct_start"),
    (lambda: schedules.one_cycle(0.1, 100, div_factor=0.0), "div_factor"),
    (lambda: schedules.one_cycle(0.1, 100, final_div_factor=-1.0), "final_div_factor"),
    (lambda: schedules.sequential([schedules.constant(1.0)], [3]), "schedules"),
    (lambda: schedules.sequential([schedules.constant(1.0)] * 3, [4, 2]), "milestones"),
    (lambda: schedules.warmup_then(0.1, 5), "schedule"),
    (lambda: schedules.constant(0.1)(-1), "t"),
    (lambda: schedules.constant(0.1)(2.5), "t"),
    (lambda: schedules.constant(0.1)(True), "t"),
]


@pytest.mark.parametrize("make, argument", BAD_INPUTS)
def test_bad_inputs_raise_value_error_naming_the_argument(make, argument):
    with pytest.raises(ValueError) as info:
        make()
    assert re.search(rf"\b{argument}\b", str(info.value)), str(info.value)
