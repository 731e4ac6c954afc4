"""Adam and AMSGrad: momentum on the gradient, RMSProp on its scale, bias-corrected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._spec import (
    Optimizer,
    Schedule,
    Step,
    beta1_field,
    beta2_field,
    eps_field,
    flag_field,
    lr_field,
    weight_decay_field,
)
from .adagrad import denominator, eps_inside_sqrt_field


def bias_correction_field() -> bool:
    """Divide the averages by 1 - β^t (Kingma & Ba); shared by the Adam family."""
    return flag_field(True, "bias correction", "divide the averages by 1 - beta^t")


@dataclass(frozen=True, eq=False)
class AdamFamily(Optimizer):
    r"""What Adam and its variants (AMSGrad, AdaMax, NAdam, AdamW, RAdam, Yogi) share:
    Kingma & Ba's hyperparameters :math:`\eta, \beta_1, \beta_2, \epsilon` (a variant may
    change their defaults and adds its own after them) and the moving averages of the
    gradient and of its square. Each variant writes its own ``step``."""

    lr: float | Schedule = lr_field(0.001)
    beta1: float = beta1_field()
    beta2: float = beta2_field()
    eps: float = eps_field(1e-8)

    def first_moment(self, m: np.ndarray, g: np.ndarray) -> np.ndarray:
        r""":math:`m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t`, the average of the gradients."""
        return self.beta1 * m + (1 - self.beta1) * g

    def second_moment(self, v: np.ndarray, g: np.ndarray) -> np.ndarray:
        r""":math:`v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2`, the average of their squares."""
        return self.beta2 * v + (1 - self.beta2) * g**2

    def corrections(self, t: int, correct: bool = True) -> tuple[float, float]:
        r"""The divisors of the bias correction at step ``t`` (from 1),
        :math:`\hat m_t = m_t / (1 - \beta_1^t)` and :math:`\hat v_t = v_t / (1 - \beta_2^t)`
        (Kingma & Ba, section 3); 1 and 1 when ``correct`` is False.

        They are numbers, so the optimizers apply them to the learning rate and to the
        root rather than to the arrays :math:`m, v` (torch's order of operations): the
        same step to round-off, and two passes over the arrays fewer
        (``bench/bench_update.py``).
        """
        return (1 - self.beta1**t, 1 - self.beta2**t) if correct else (1.0, 1.0)


@dataclass(frozen=True, eq=False)
class AdamBase(AdamFamily):
    """Adam's hyperparameters, declared once for Adam and AMSGrad (which differ only in the
    second moment they divide by)."""

    bias_correction: bool = bias_correction_field()
    eps_inside_sqrt: bool = eps_inside_sqrt_field()
    weight_decay: float = weight_decay_field()

    l2_penalty = "weight_decay"


class AdamState(NamedTuple):
    """``m``: moving average of gradients; ``v``: of squared gradients; ``t``: steps taken."""

    m: np.ndarray
    v: np.ndarray
    t: int


@dataclass(frozen=True, eq=False)
class Adam(AdamBase):
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
    The step is computed in torch's order,
    :math:`\frac{\eta}{1-\beta_1^t} m_t / (\sqrt{v_t}/\sqrt{1-\beta_2^t} + \epsilon)`:
    the corrections are numbers, applied to :math:`\eta` and to the root rather than to
    the arrays (the tests agree with torch to 1e-12). With
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

    State = AdamState

    def step(self, theta: np.ndarray, g: np.ndarray, state: AdamState) -> Step[AdamState]:
        lr, t = self.at("lr", state.t), state.t + 1
        m = self.first_moment(state.m, g)
        v = self.second_moment(state.v, g)
        c1, c2 = self.corrections(t, self.bias_correction)  # m_hat = m / c1, v_hat = v / c2
        # theta - lr * m_hat / (sqrt(v_hat) + eps), the numbers c1, c2 applied to lr and root
        theta = theta - lr / c1 * m / denominator(v, self.eps, self.eps_inside_sqrt, c2)
        return theta, AdamState(m=m, v=v, t=t)


class AMSGradState(NamedTuple):
    """``m``, ``v`` as in Adam; ``v_max``: the largest ``v`` seen so far; ``t``: steps taken."""

    m: np.ndarray
    v: np.ndarray
    v_max: np.ndarray
    t: int


@dataclass(frozen=True, eq=False)
class AMSGrad(AdamBase):
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
        :math:`\beta_1, \beta_2` in [0, 1), the decays of :math:`m` and :math:`v`, as in Adam.
    eps : float
        :math:`\epsilon` (> 0), added to the root of :math:`\hat v_t`.
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

    State = AMSGradState

    def step(self, theta: np.ndarray, g: np.ndarray, state: AMSGradState) -> Step[AMSGradState]:
        lr, t = self.at("lr", state.t), state.t + 1
        m = self.first_moment(state.m, g)
        v = self.second_moment(state.v, g)
        v_max = np.maximum(state.v_max, v)
        c1, c2 = self.corrections(t, self.bias_correction)  # m_hat = m / c1, v_hat = v_max / c2
        theta = theta - lr / c1 * m / denominator(v_max, self.eps, self.eps_inside_sqrt, c2)
        return theta, AMSGradState(m=m, v=v, v_max=v_max, t=t)
