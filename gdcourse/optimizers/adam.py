"""Adam and AMSGrad: momentum on the gradient, RMSProp on its scale, bias-corrected."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import check_learning_rate, check_positive, check_unit_interval
from ._base import (
    Optimizer,
    check_flag,
    first_moment,
    learning_rate,
    new_like,
    root_denominator,
)


def moving_averages(state, grad, beta1: float, beta2: float, theta):
    r"""Fresh :math:`m_t = \beta_1 m + (1-\beta_1) g` and :math:`v_t = \beta_2 v + (1-\beta_2) g^2`,
    plus a spare buffer (the state's arrays are only read)."""
    m, buffer = first_moment(state.m, grad, beta1, theta)
    v = np.multiply(state.v, beta2, out=new_like(theta))
    np.multiply(grad, grad, out=buffer)
    np.multiply(buffer, 1.0 - beta2, out=buffer)
    np.add(v, buffer, out=v)
    return m, v, buffer


class AdamState(NamedTuple):
    """``m``: moving average of gradients; ``v``: of squared gradients; ``t``: steps taken."""

    m: np.ndarray
    v: np.ndarray
    t: int


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015).

    .. math::

        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) \nabla L(\theta_t) \\
        v_t &= \beta_2 v_{t-1} + (1 - \beta_2) (\nabla L(\theta_t))^2 \\
        \hat m_t &= \frac{m_t}{1 - \beta_1^{t}}, \qquad
        \hat v_t = \frac{v_t}{1 - \beta_2^{t}} \\
        \theta_{t+1} &= \theta_t - \eta_t \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon} ,

    with :math:`m, v` starting at 0 and :math:`t` counting steps from 1 in the bias
    corrections.

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0; Kingma & Ba's :math:`\alpha`), or a schedule ``t -> eta_t``.
    beta1, beta2 : float
        :math:`\beta_1, \beta_2` in [0, 1), the decays of :math:`m` and :math:`v`
        (torch's ``betas=(beta1, beta2)``).
    eps : float
        :math:`\epsilon` (> 0).
    bias_correction : bool
        Divide :math:`m_t` by :math:`1 - \beta_1^t` and :math:`v_t` by :math:`1 - \beta_2^t`.
        Both averages start at 0, so both are biased towards 0 early on; :math:`v` far
        more (:math:`1-\beta_2 = 0.001`) than :math:`m` (:math:`1-\beta_1 = 0.1`). Since
        :math:`v` sits under the square root in the denominator, the uncorrected first
        steps are too *large*: at :math:`t = 1` by the factor
        :math:`(1-\beta_1)/\sqrt{1-\beta_2} \approx 3.16` with the defaults. The lecture derives the
        correction from :math:`E[m_t] = (1-\beta_1^t)\,E[g]`.
    eps_inside_sqrt : bool
        Use :math:`\eta\, \hat m_t / \sqrt{\hat v_t + \epsilon}` (the lecture's form).

    Notes
    -----
    Defaults and order of operations follow ``torch.optim.Adam(params, lr=0.001,
    betas=(0.9, 0.999), eps=1e-8)``, which computes the step as
    :math:`\frac{\eta}{1-\beta_1^t} m_t / (\sqrt{v_t}/\sqrt{1-\beta_2^t} + \epsilon)`,
    the same number as the formula above. With ``beta1=0`` and
    ``bias_correction=False`` Adam is :class:`RMSProp` with ``beta=beta2``.
    """

    State = AdamState

    def __init__(
        self,
        lr=0.001,
        beta1=0.9,
        beta2=0.999,
        eps=1e-8,
        bias_correction=True,
        eps_inside_sqrt=False,
    ):
        self.lr = check_learning_rate("lr", lr)
        self.beta1 = check_unit_interval("beta1", beta1)
        self.beta2 = check_unit_interval("beta2", beta2)
        self.eps = check_positive("eps", eps)
        self.bias_correction = check_flag("bias_correction", bias_correction)
        self.eps_inside_sqrt = check_flag("eps_inside_sqrt", eps_inside_sqrt)

    def init(self, theta) -> AdamState:
        zeros = np.zeros_like(self._start(theta))
        return AdamState(m=zeros, v=zeros.copy(), t=0)

    def update(self, theta, state: AdamState, grad_fn):
        theta = self._params(theta)
        grad = self._grad(grad_fn, theta)
        eta = learning_rate(self.lr, state.t)
        m, v, step = moving_averages(state, grad, self.beta1, self.beta2, theta)
        t = state.t + 1
        if self.bias_correction:
            step_size = eta / (1.0 - self.beta1**t)
            correction2 = 1.0 - self.beta2**t
        else:
            step_size, correction2 = eta, 1.0
        root_denominator(v, self.eps, self.eps_inside_sqrt, out=step, correction=correction2)
        np.divide(m, step, out=step)
        np.multiply(step, step_size, out=step)
        return np.subtract(theta, step, out=step), AdamState(m=m, v=v, t=t)


class AMSGradState(NamedTuple):
    """``m``, ``v`` as in Adam; ``v_max``: the largest ``v`` seen so far; ``t``: steps taken."""

    m: np.ndarray
    v: np.ndarray
    v_max: np.ndarray
    t: int


class AMSGrad(Optimizer):
    r"""AMSGrad (Reddi, Kale & Kumar, 2018): Adam whose denominator never shrinks.

    .. math::

        m_t, v_t &\text{ as in Adam}, \qquad
        v^{max}_t = \max(v^{max}_{t-1}, v_t) \\
        \theta_{t+1} &= \theta_t - \frac{\eta_t}{1 - \beta_1^t}
            \frac{m_t}{\sqrt{v^{max}_t / (1 - \beta_2^t)} + \epsilon} .

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), or a schedule ``t -> eta_t``.
    beta1, beta2 : float
        :math:`\beta_1, \beta_2` in [0, 1).
    eps : float
        :math:`\epsilon` (> 0), outside the root.

    Notes
    -----
    Follows ``torch.optim.Adam(..., amsgrad=True)``: the running maximum is taken of
    the *uncorrected* :math:`v_t`, and the bias correction is applied afterwards.
    (Some write :math:`\max(\hat v^{max}_{t-1}, \hat v_t)` of the corrected values
    instead; that gives slightly different steps early on.) The paper's own algorithm
    has no bias correction at all.
    """

    State = AMSGradState

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = check_learning_rate("lr", lr)
        self.beta1 = check_unit_interval("beta1", beta1)
        self.beta2 = check_unit_interval("beta2", beta2)
        self.eps = check_positive("eps", eps)

    def init(self, theta) -> AMSGradState:
        zeros = np.zeros_like(self._start(theta))
        return AMSGradState(m=zeros, v=zeros.copy(), v_max=zeros.copy(), t=0)

    def update(self, theta, state: AMSGradState, grad_fn):
        theta = self._params(theta)
        grad = self._grad(grad_fn, theta)
        eta = learning_rate(self.lr, state.t)
        m, v, step = moving_averages(state, grad, self.beta1, self.beta2, theta)
        v_max = np.maximum(state.v_max, v, out=new_like(theta))
        t = state.t + 1
        step_size = eta / (1.0 - self.beta1**t)
        root_denominator(v_max, self.eps, False, out=step, correction=1.0 - self.beta2**t)
        np.divide(m, step, out=step)
        np.multiply(step, step_size, out=step)
        new_state = AMSGradState(m=m, v=v, v_max=v_max, t=t)
        return np.subtract(theta, step, out=step), new_state
