"""Yogi: Adam whose second moment changes additively, so it cannot collapse quickly."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import check_learning_rate, check_nonnegative, check_positive, check_unit_interval
from ._base import (
    Optimizer,
    check_flag,
    first_moment,
    learning_rate,
    new_like,
    root_denominator,
)


class YogiState(NamedTuple):
    """``m``: moving average of gradients; ``v``: Yogi's second moment; ``t``: steps taken."""

    m: np.ndarray
    v: np.ndarray
    t: int


class Yogi(Optimizer):
    r"""Yogi (Zaheer, Reddi, Sachan, Kale & Kumar, NeurIPS 2018).

    .. math::

        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad g_t = \nabla L(\theta_t) \\
        v_t &= v_{t-1} - (1 - \beta_2)\, \operatorname{sign}(v_{t-1} - g_t^2)\, g_t^2 \\
        \theta_{t+1} &= \theta_t - \frac{\eta_t}{1 - \beta_1^t}
            \frac{m_t}{\sqrt{v_t / (1 - \beta_2^t)} + \epsilon} .

    Adam's change of :math:`v`, :math:`(1-\beta_2)(g_t^2 - v_{t-1})`, is proportional to
    :math:`v` itself when :math:`v \gg g^2`: :math:`v` decays geometrically and the
    effective learning rate :math:`\eta/\sqrt{v}` can grow fast. Yogi's change is
    :math:`\pm(1-\beta_2) g_t^2` with the same sign, so :math:`v` falls only as fast
    as the gradients allow.

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), or a schedule ``t -> eta_t``. The paper suggests 0.01
        (about 10x Adam's).
    beta1, beta2 : float
        :math:`\beta_1, \beta_2` in [0, 1).
    eps : float
        :math:`\epsilon` (> 0), outside the root; the paper uses :math:`10^{-3}`.
    initial_v : float
        :math:`v_0` (>= 0), the same in every coordinate.
    bias_correction : bool
        Divide by :math:`1 - \beta_1^t` and :math:`1 - \beta_2^t` as Adam does.

    Notes
    -----
    There is no torch.optim Yogi, so two choices are ours. (1) :math:`v` starts at
    ``initial_v = 1e-6`` in every coordinate, the default of common implementations
    (optax, TensorFlow Federated, torch-optimizer); :math:`m` starts at 0. (2) Adam's
    bias correction is on by default, as in those implementations. The paper's
    Algorithm 2 has no bias correction and starts :math:`v` at 0:
    ``Yogi(initial_v=0, bias_correction=False)``. With :math:`v_0 = 0` the first
    second moment is Adam's, :math:`v_1 = (1-\beta_2) g_1^2`, so the first step equals
    Adam's with the same ``bias_correction``.
    """

    State = YogiState

    def __init__(
        self, lr=0.01, beta1=0.9, beta2=0.999, eps=1e-3, initial_v=1e-6, bias_correction=True
    ):
        self.lr = check_learning_rate("lr", lr)
        self.beta1 = check_unit_interval("beta1", beta1)
        self.beta2 = check_unit_interval("beta2", beta2)
        self.eps = check_positive("eps", eps)
        self.initial_v = check_nonnegative("initial_v", initial_v)
        self.bias_correction = check_flag("bias_correction", bias_correction)

    def init(self, theta) -> YogiState:
        theta = self._start(theta)
        v = np.full(theta.shape, self.initial_v, dtype=np.float64)
        return YogiState(m=np.zeros_like(theta), v=v, t=0)

    def update(self, theta, state: YogiState, grad_fn):
        theta = self._params(theta)
        grad = self._grad(grad_fn, theta)
        eta = learning_rate(self.lr, state.t)
        m, step = first_moment(state.m, grad, self.beta1, theta)
        squared = np.multiply(grad, grad, out=step)
        v = np.subtract(state.v, squared, out=new_like(theta))
        np.sign(v, out=v)
        np.multiply(v, squared, out=v)
        np.multiply(v, 1.0 - self.beta2, out=v)
        np.subtract(state.v, v, out=v)
        t = state.t + 1
        if self.bias_correction:
            step_size = eta / (1.0 - self.beta1**t)
            correction2 = 1.0 - self.beta2**t
        else:
            step_size, correction2 = eta, 1.0
        root_denominator(v, self.eps, False, out=step, correction=correction2)
        np.divide(m, step, out=step)
        np.multiply(step, step_size, out=step)
        return np.subtract(theta, step, out=step), YogiState(m=m, v=v, t=t)
