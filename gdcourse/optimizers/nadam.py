"""NAdam: Adam with a Nesterov-style look-ahead on the first moment."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._checks import check_learning_rate, check_nonnegative, check_positive, check_unit_interval
from ._base import Optimizer, learning_rate
from .adam import moving_averages


class NAdamState(NamedTuple):
    r"""``m``, ``v``: moving averages of :math:`g` and :math:`g^2`;
    ``mu_product``: :math:`\prod_{i \le t} \mu_i`; ``t``: steps taken."""

    m: np.ndarray
    v: np.ndarray
    mu_product: float
    t: int


class NAdam(Optimizer):
    r"""NAdam (Dozat, 2016), in torch.optim's form.

    .. math::

        \mu_t &= \beta_1 \left(1 - \tfrac12\, 0.96^{\,t \psi}\right) \qquad
        (t = 1, 2, \dots) \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        d_t &= \sqrt{v_t / (1 - \beta_2^t)} + \epsilon \\
        \theta_{t+1} &= \theta_t
            - \eta_t \frac{1 - \mu_t}{1 - \prod_{i \le t}\mu_i} \frac{g_t}{d_t}
            - \eta_t \frac{\mu_{t+1}}{1 - \prod_{i \le t+1}\mu_i} \frac{m_t}{d_t} .

    The second term uses next step's :math:`\mu_{t+1}`: like NAG, it applies the
    momentum of the coming step now.

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), or a schedule ``t -> eta_t``.
    beta1, beta2 : float
        :math:`\beta_1, \beta_2` in [0, 1).
    eps : float
        :math:`\epsilon` (> 0), outside the root.
    momentum_decay : float
        :math:`\psi` (>= 0) in the warm-up of :math:`\mu_t`; 0 gives a constant
        :math:`\mu = \beta_1 / 2`.

    Notes
    -----
    Defaults and order of operations are those of ``torch.optim.NAdam(params,
    lr=0.002, betas=(0.9, 0.999), eps=1e-8, momentum_decay=0.004)``, including its
    :math:`\mu_t` schedule and its product of all :math:`\mu_i` for the bias correction
    of :math:`m`.
    """

    State = NAdamState

    def __init__(self, lr=0.002, beta1=0.9, beta2=0.999, eps=1e-8, momentum_decay=0.004):
        self.lr = check_learning_rate("lr", lr)
        self.beta1 = check_unit_interval("beta1", beta1)
        self.beta2 = check_unit_interval("beta2", beta2)
        self.eps = check_positive("eps", eps)
        self.momentum_decay = check_nonnegative("momentum_decay", momentum_decay)

    def init(self, theta) -> NAdamState:
        zeros = np.zeros_like(self._start(theta))
        return NAdamState(m=zeros, v=zeros.copy(), mu_product=1.0, t=0)

    def _mu(self, t: int) -> float:
        return self.beta1 * (1.0 - 0.5 * (0.96 ** (t * self.momentum_decay)))

    def update(self, theta, state: NAdamState, grad_fn):
        theta = self._params(theta)
        grad = self._grad(grad_fn, theta)
        eta = learning_rate(self.lr, state.t)
        t = state.t + 1
        mu, mu_next = self._mu(t), self._mu(t + 1)
        mu_product = state.mu_product * mu
        m, v, denominator = moving_averages(state, grad, self.beta1, self.beta2, theta)
        np.divide(v, 1.0 - self.beta2**t, out=denominator)
        np.sqrt(denominator, out=denominator)
        np.add(denominator, self.eps, out=denominator)
        # Two terms, added in torch's order: the gradient now, then the momentum.
        step = np.divide(grad, denominator, out=np.empty_like(denominator))
        np.multiply(step, eta * (1.0 - mu) / (1.0 - mu_product), out=step)
        theta_new = np.subtract(theta, step, out=step)
        np.divide(m, denominator, out=denominator)
        np.multiply(denominator, eta * mu_next / (1.0 - mu_product * mu_next), out=denominator)
        np.subtract(theta_new, denominator, out=theta_new)
        return theta_new, NAdamState(m=m, v=v, mu_product=mu_product, t=t)
