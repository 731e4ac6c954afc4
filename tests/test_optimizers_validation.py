"""Bad arguments fail at once with a ValueError that names the argument."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from gdcourse import optimizers as opt


def loss(theta):
    return float(np.sum(theta**2))


# (what is built, the argument the message must name)
BAD_CONSTRUCTORS = [
    (lambda: opt.GD(lr=-0.1), "lr"),
    (lambda: opt.GD(lr=math.nan), "lr"),
    (lambda: opt.GD(lr="fast"), "lr"),
    (lambda: opt.Momentum(lr=-1.0), "lr"),
    (lambda: opt.Momentum(gamma=1.0), "gamma"),
    (lambda: opt.Momentum(gamma=-0.1), "gamma"),
    (lambda: opt.Momentum(ema=1), "ema"),
    (lambda: opt.NAG(gamma=1.5), "gamma"),
    (lambda: opt.NAG(lr=math.inf), "lr"),
    (lambda: opt.AdaGrad(lr=-0.01), "lr"),
    (lambda: opt.AdaGrad(eps=0.0), "eps"),
    (lambda: opt.AdaGrad(eps=-1e-8), "eps"),
    (lambda: opt.AdaGrad(eps_inside_sqrt="yes"), "eps_inside_sqrt"),
    (lambda: opt.RMSProp(beta=1.0), "beta"),
    (lambda: opt.RMSProp(beta=-0.5), "beta"),
    (lambda: opt.RMSProp(eps=0), "eps"),
    (lambda: opt.Adadelta(rho=1.0), "rho"),
    (lambda: opt.Adadelta(eps=0.0), "eps"),
    (lambda: opt.Adadelta(lr=-1.0), "lr"),
    (lambda: opt.Adam(lr=-0.001), "lr"),
    (lambda: opt.Adam(beta1=1.0), "beta1"),
    (lambda: opt.Adam(beta2=1.2), "beta2"),
    (lambda: opt.Adam(eps=0.0), "eps"),
    (lambda: opt.Adam(bias_correction=None), "bias_correction"),
    (lambda: opt.AMSGrad(beta2=-0.1), "beta2"),
    (lambda: opt.AMSGrad(eps=-1.0), "eps"),
    (lambda: opt.AdaMax(beta1=2.0), "beta1"),
    (lambda: opt.AdaMax(eps=0.0), "eps"),
    (lambda: opt.NAdam(momentum_decay=-1.0), "momentum_decay"),
    (lambda: opt.NAdam(beta2=1.0), "beta2"),
    (lambda: opt.Rprop(lr=-0.01), "lr"),
    (lambda: opt.Rprop(eta_minus=1.0), "eta_minus"),
    (lambda: opt.Rprop(eta_minus=0.0), "eta_minus"),
    (lambda: opt.Rprop(eta_plus=1.0), "eta_plus"),
    (lambda: opt.Rprop(eta_plus=0.9), "eta_plus"),
    (lambda: opt.Rprop(step_min=1.0, step_max=0.5), "step_min"),
    (lambda: opt.Rprop(step_min=-1e-6), "step_min"),
    (lambda: opt.Rprop(step_max=0.0), "step_max"),
    (lambda: opt.Yogi(eps=0.0), "eps"),
    (lambda: opt.Yogi(beta1=1.0), "beta1"),
    (lambda: opt.Yogi(initial_v=-1.0), "initial_v"),
    (lambda: opt.LineSearchGD(loss_fn=None), "loss_fn"),
    (lambda: opt.LineSearchGD(loss, lrs=()), "lrs"),
    (lambda: opt.LineSearchGD(loss, lrs=(0.1, -1.0)), "lrs"),
    (lambda: opt.LineSearchGD(loss, lrs=5), "lrs"),
]


@pytest.mark.parametrize(("build", "name"), BAD_CONSTRUCTORS)
def test_bad_hyperparameter_is_refused_by_name(build, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b") as error:
        build()
    # the message also shows the offending value, as "name=value"
    assert f"{name}=" in str(error.value)


def test_table_is_long_enough():
    assert len(BAD_CONSTRUCTORS) >= 30


EVERY = [
    opt.GD(),
    opt.Momentum(),
    opt.NAG(),
    opt.AdaGrad(),
    opt.RMSProp(),
    opt.Adadelta(),
    opt.Adam(),
    opt.AMSGrad(),
    opt.AdaMax(),
    opt.NAdam(),
    opt.Rprop(),
    opt.Yogi(),
    opt.LineSearchGD(loss),
]
IDS = [type(o).__name__ for o in EVERY]


@pytest.mark.parametrize("optimizer", EVERY, ids=IDS)
@pytest.mark.parametrize("start", [[1.0, math.nan], [math.inf, 0.0], [], "x"])
def test_bad_start_is_refused(optimizer, start):
    with pytest.raises(ValueError, match=r"\btheta\b"):
        optimizer.init(start)


@pytest.mark.parametrize("optimizer", EVERY, ids=IDS)
def test_gradient_of_the_wrong_shape_is_refused(optimizer):
    theta = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match=r"grad_fn returned shape \(3,\)"):
        optimizer.update(theta, optimizer.init(theta), lambda th: np.ones(3))


@pytest.mark.parametrize("family", [opt.Momentum, opt.NAG])
def test_momentum_schedule_leaving_the_unit_interval_is_refused(family):
    optimizer = family(lr=0.1, gamma=lambda t: 0.5 if t < 1 else 1.0)
    theta = np.array([1.0])
    theta, state = optimizer.update(theta, optimizer.init(theta), lambda th: th.copy())
    with pytest.raises(ValueError, match=re.escape("gamma(1)=1.0")):
        optimizer.update(theta, state, lambda th: th.copy())


def test_negative_learning_rate_from_a_schedule_is_refused():
    optimizer = opt.Adam(lr=lambda t: 0.1 - 0.1 * t)
    theta = np.array([1.0])
    theta, state = optimizer.update(theta, optimizer.init(theta), lambda th: th.copy())
    theta, state = optimizer.update(theta, state, lambda th: th.copy())  # lr(1) = 0 is allowed
    with pytest.raises(ValueError, match=re.escape("lr(2)=")):
        optimizer.update(theta, state, lambda th: th.copy())
