"""Optimizers: each a small object with pure ``init`` and ``update`` methods.

=================  ==========================  =====================================
class              state fields                torch.optim counterpart
=================  ==========================  =====================================
``GD``             ``t``                       ``SGD``
``Momentum``       ``u, t``                    ``SGD(momentum=gamma)``
``NAG``            ``u, t``                    ``SGD(momentum=gamma, nesterov=True)``
``AdaGrad``        ``v, t``                    ``Adagrad``
``RMSProp``        ``v, t``                    ``RMSprop`` (``alpha`` is ``beta``)
``Adadelta``       ``v, delta, t``             ``Adadelta``
``Adam``           ``m, v, t``                 ``Adam``
``AMSGrad``        ``m, v, v_max, t``          ``Adam(amsgrad=True)``
``AdaMax``         ``m, u, t``                 ``Adamax``
``NAdam``          ``m, v, mu_product, t``     ``NAdam``
``Rprop``          ``prev, step_size, t``      ``Rprop``
``Yogi``           ``m, v, t``                 (none)
``LineSearchGD``   ``t, loss_evals, eta``      (none)
=================  ==========================  =====================================
"""

from ._base import Optimizer, learning_rate
from .adadelta import Adadelta, AdadeltaState
from .adagrad import AdaGrad, AdaGradState
from .adam import Adam, AdamState, AMSGrad, AMSGradState
from .adamax import AdaMax, AdaMaxState
from .gd import GD, GDState
from .line_search import LineSearchGD, LineSearchState
from .momentum import Momentum, MomentumState
from .nadam import NAdam, NAdamState
from .nesterov import NAG, NAGState
from .rmsprop import RMSProp, RMSPropState
from .rprop import Rprop, RpropState
from .yogi import Yogi, YogiState

__all__ = [
    "Optimizer",
    "learning_rate",
    "GD",
    "GDState",
    "Momentum",
    "MomentumState",
    "NAG",
    "NAGState",
    "AdaGrad",
    "AdaGradState",
    "RMSProp",
    "RMSPropState",
    "Adadelta",
    "AdadeltaState",
    "Adam",
    "AdamState",
    "AMSGrad",
    "AMSGradState",
    "AdaMax",
    "AdaMaxState",
    "NAdam",
    "NAdamState",
    "Rprop",
    "RpropState",
    "Yogi",
    "YogiState",
    "LineSearchGD",
    "LineSearchState",
]
