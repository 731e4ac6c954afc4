"""Bad arguments fail at once with a ValueError that names the argument.

A short, readable table per optimizer; tests/test_misuse_optimizers.py has the long one
(generated from the spec) and the misuses of ``init`` and ``update``.
"""

from __future__ import annotations

import math

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
    (lambda: opt.Adadelta(0.5, 1.0), "rho"),  # lr first: the second argument is rho
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
    (lambda: opt.Rprop(lr=lambda t: 0.1), "lr"),  # read once at init: a schedule would lie
    (lambda: opt.Yogi(eps=0.0), "eps"),
    (lambda: opt.Yogi(beta1=1.0), "beta1"),
    (lambda: opt.Yogi(initial_v=-1.0), "initial_v"),
    (lambda: opt.LineSearchGD(loss_fn=None), "loss_fn"),
    (lambda: opt.LineSearchGD(loss, lrs=()), "lrs"),
    (lambda: opt.LineSearchGD(loss, lrs=(0.1, -1.0)), "lrs"),
    (lambda: opt.LineSearchGD(loss, lrs=5), "lrs"),
    # issue 17: weight decay, the optimizers of today and their structural arguments
    (lambda: opt.GD(weight_decay=-0.1), "weight_decay"),
    (lambda: opt.Momentum(weight_decay=-1e-4), "weight_decay"),
    (lambda: opt.NAG(weight_decay=math.nan), "weight_decay"),
    (lambda: opt.Adam(weight_decay=-0.01), "weight_decay"),
    (lambda: opt.AMSGrad(weight_decay="0.1"), "weight_decay"),
    (lambda: opt.AdamW(weight_decay=-0.01), "weight_decay"),
    (lambda: opt.RAdam(beta2=1.0), "beta2"),
    (lambda: opt.Adafactor(factored=True, shapes=[(4, 3), (3,)]), "factored"),
    (lambda: opt.Adafactor(factored=True).init(np.ones(3)), "factored"),
    (lambda: opt.Adafactor(eps1=-1.0), "eps1"),
    (lambda: opt.ASGD(lr=lambda t: 0.1), "lr"),  # ASGD makes its own decaying steps
    (lambda: opt.LBFGS(loss, history_size=0), "history_size"),
    (lambda: opt.LBFGS(loss, max_eval=0), "max_eval"),
    (lambda: opt.LBFGS(loss, line_search_fn="armijo"), "line_search_fn"),
    (lambda: opt.Lion(beta1=1.0), "beta1"),
    (lambda: opt.Muon().init(np.ones(4)), "theta"),  # Muon's matrix path: theta must be 2-D
    (lambda: opt.Muon(shapes=[(2, 2, 2)]), "shapes"),
    (lambda: opt.Muon(ns_coefficients=(1.5, -0.5)), "ns_coefficients"),
    (lambda: opt.Muon(adjust_lr_fn="spectral"), "adjust_lr_fn"),
    (lambda: opt.ScheduleFreeSGD(warmup_steps=-1), "warmup_steps"),
    (lambda: opt.ScheduleFreeAdamW(warmup_steps=2.5), "warmup_steps"),
]


@pytest.mark.parametrize(("build", "name"), BAD_CONSTRUCTORS)
def test_bad_hyperparameter_is_refused_by_name(build, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b") as error:
        build()
    # the message also shows the offending value, as "name=value"
    assert f"{name}=" in str(error.value)


def test_table_is_long_enough():
    assert len(BAD_CONSTRUCTORS) >= 30


def test_every_registered_optimizer_is_in_the_table():
    built = set()
    for build, _ in BAD_CONSTRUCTORS:
        source = build.__code__.co_names  # the attribute looked up on ``opt``
        built |= set(source) & set(opt.REGISTRY)
    assert built == set(opt.REGISTRY)


def test_defaults_are_accepted(optimizer):
    # the other side of the table: the defaults themselves pass their own checks
    values = optimizer.hyperparameter_values()
    assert type(optimizer)(**values).hyperparameter_values() == values
