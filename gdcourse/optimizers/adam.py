"""Adam and AMSGrad: momentum on the gradient, RMSProp on its scale, bias-corrected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._spec import (
    GradFn,
    Optimizer,
    Schedule,
    beta1_field,
    beta2_field,
    eps_field,
    flag_field,
    lr_field,
    weight_decay_field,
)
from .adagrad import eps_inside_sqrt_field


def bias_correction_field() -> bool:
    """Divide the averages by 1 - β^t (Kingma & Ba); shared by the Adam family."""
    return flag_field(True, "bias correction", "divide the averages by 1 - beta^t")


class AdamState(NamedTuple):
    """``m``: moving average of gradients; ``v``: of squared gradients; ``t``: steps taken."""

    m: np.ndarray
    v: np.ndarray
    t: int


@dataclass(frozen=True, eq=False)
class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015).

    .. math::

        g_t &= \nabla L(\theta_t) \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
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
        :math:`(1-\beta_1)/\sqrt{1-\beta_2} \approx 3.16` with the defaults. Khapra's CS7015 notes
        derives the correction from :math:`E[m_t] = (1-\beta_1^t)\,E[g]`.
    eps_inside_sqrt : bool
        Use :math:`\eta\, \hat m_t / \sqrt{\hat v_t + \epsilon}` (Khapra's CS7015 form).
    weight_decay : float
        :math:`\lambda` (>= 0): an L2 penalty :math:`\tfrac{\lambda}{2}\|\theta\|^2` on the
        loss, added to the gradient first, :math:`g \leftarrow g + \lambda \theta`
        (torch's ``weight_decay``). 0 (the default) adds nothing.
        The penalty's gradient is then divided by :math:`\sqrt{\hat v_t}` like the
        rest; :class:`~gdcourse.optimizers.AdamW` decouples it instead.

    Notes
    -----
    Defaults follow ``torch.optim.Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-8)``.
    torch computes the step as
    :math:`\frac{\eta}{1-\beta_1^t} m_t / (\sqrt{v_t}/\sqrt{1-\beta_2^t} + \epsilon)`,
    the same number up to round-off (the tests agree with torch to 1e-12). With
    ``beta1=0`` and ``bias_correction=False`` Adam is :class:`RMSProp` with ``beta=beta2``.
    The momentum :math:`\beta_1` is not schedulable here: the bias correction
    :math:`1-\beta_1^t` assumes a constant :math:`\beta_1`.

    Examples
    --------
    Adam's first step has length ``lr`` in every coordinate, whatever the gradient's size:

    >>> import numpy as np
    >>> adam = Adam(lr=0.1)
    >>> theta = np.array([1.0, -2.0])
    >>> theta, state = adam.update(theta, adam.init(theta), lambda th: np.array([3.0, -400.0]))
    >>> np.round(theta, 6), state.t
    (array([ 0.9, -1.9]), 1)
    """

    lr: float | Schedule = lr_field(0.001)
    beta1: float = beta1_field()
    beta2: float = beta2_field()
    eps: float = eps_field(1e-8)
    bias_correction: bool = bias_correction_field()
    eps_inside_sqrt: bool = eps_inside_sqrt_field()
    weight_decay: float = weight_decay_field()

    State = AdamState

    def init(self, theta: ArrayLike) -> AdamState:
        zeros = np.zeros_like(self.start(theta))
        return AdamState(m=zeros, v=zeros.copy(), t=0)

    def update(
        self, theta: np.ndarray, state: AdamState, grad_fn: GradFn
    ) -> tuple[np.ndarray, AdamState]:
        theta = self.check_inputs(theta, state, grad_fn)
        g = self.gradient(grad_fn, theta, state.t)
        if self.weight_decay:
            g = g + self.weight_decay * theta  # the L2 penalty's gradient
        lr, t = self.at("lr", state.t), state.t + 1
        beta1, beta2, eps = self.beta1, self.beta2, self.eps
        m = beta1 * state.m + (1 - beta1) * g
        v = beta2 * state.v + (1 - beta2) * g**2
        if self.bias_correction:
            m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
        else:
            m_hat, v_hat = m, v
        denominator = np.sqrt(v_hat + eps) if self.eps_inside_sqrt else np.sqrt(v_hat) + eps
        theta = theta - lr * m_hat / denominator
        return theta, AdamState(m=m, v=v, t=t)


class AMSGradState(NamedTuple):
    """``m``, ``v`` as in Adam; ``v_max``: the largest ``v`` seen so far; ``t``: steps taken."""

    m: np.ndarray
    v: np.ndarray
    v_max: np.ndarray
    t: int


@dataclass(frozen=True, eq=False)
class AMSGrad(Optimizer):
    r"""AMSGrad (Reddi, Kale & Kumar, 2018): Adam whose denominator never shrinks.

    .. math::

        m_t, v_t &\text{ as in Adam}, \qquad
        v^{max}_t = \max(v^{max}_{t-1}, v_t) \\
        \hat m_t &= \frac{m_t}{1 - \beta_1^{t}}, \qquad
        \hat v_t = \frac{v^{max}_t}{1 - \beta_2^{t}} \\
        \theta_{t+1} &= \theta_t - \eta_t \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon} .

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), or a schedule ``t -> eta_t``.
    beta1, beta2 : float
        :math:`\beta_1, \beta_2` in [0, 1).
    eps : float
        :math:`\epsilon` (> 0).
    bias_correction : bool
        Divide by :math:`1 - \beta_1^t` and :math:`1 - \beta_2^t` as Adam does (torch);
        ``False`` gives the paper's Algorithm 2, which has no correction.
    eps_inside_sqrt : bool
        Use :math:`\sqrt{\hat v_t + \epsilon}` instead of :math:`\sqrt{\hat v_t} + \epsilon`.
    weight_decay : float
        :math:`\lambda` (>= 0): an L2 penalty :math:`\tfrac{\lambda}{2}\|\theta\|^2` on the
        loss, added to the gradient first, :math:`g \leftarrow g + \lambda \theta`
        (torch's ``weight_decay`` with ``amsgrad=True``). 0 (the default) adds nothing.

    Notes
    -----
    Follows ``torch.optim.Adam(..., amsgrad=True)``: the running maximum is taken of
    the *uncorrected* :math:`v_t`, and the bias correction is applied afterwards.
    (Some write :math:`\max(\hat v^{max}_{t-1}, \hat v_t)` of the corrected values
    instead; that gives slightly different steps early on.)
    """

    lr: float | Schedule = lr_field(0.001)
    beta1: float = beta1_field()
    beta2: float = beta2_field()
    eps: float = eps_field(1e-8)
    bias_correction: bool = bias_correction_field()
    eps_inside_sqrt: bool = eps_inside_sqrt_field()
    weight_decay: float = weight_decay_field()

    State = AMSGradState

    def init(self, theta: ArrayLike) -> AMSGradState:
        zeros = np.zeros_like(self.start(theta))
        return AMSGradState(m=zeros, v=zeros.copy(), v_max=zeros.copy(), t=0)

    def update(
        self, theta: np.ndarray, state: AMSGradState, grad_fn: GradFn
    ) -> tuple[np.ndarray, AMSGradState]:
        theta = self.check_inputs(theta, state, grad_fn)
        g = self.gradient(grad_fn, theta, state.t)
        if self.weight_decay:
            g = g + self.weight_decay * theta  # the L2 penalty's gradient
        lr, t = self.at("lr", state.t), state.t + 1
        beta1, beta2, eps = self.beta1, self.beta2, self.eps
        m = beta1 * state.m + (1 - beta1) * g
        v = beta2 * state.v + (1 - beta2) * g**2
        v_max = np.maximum(state.v_max, v)
        if self.bias_correction:
            m_hat, v_hat = m / (1 - beta1**t), v_max / (1 - beta2**t)
        else:
            m_hat, v_hat = m, v_max
        denominator = np.sqrt(v_hat + eps) if self.eps_inside_sqrt else np.sqrt(v_hat) + eps
        theta = theta - lr * m_hat / denominator
        return theta, AMSGradState(m=m, v=v, v_max=v_max, t=t)
