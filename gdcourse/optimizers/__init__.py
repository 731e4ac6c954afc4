"""Optimizers: each a small frozen dataclass with pure ``init`` and ``update`` methods.

=====================  ==========================  ======================================
class                  state fields                torch.optim counterpart
=====================  ==========================  ======================================
``GD``                 ``t``                       ``SGD``
``Momentum``           ``u, t``                    ``SGD(momentum=gamma)``
``NAG``                ``u, t``                    ``SGD(momentum=gamma, nesterov=True)``
``AdaGrad``            ``v, t``                    ``Adagrad``
``RMSProp``            ``v, t``                    ``RMSprop`` (``alpha`` is ``beta``)
``Adadelta``           ``v, delta, t``             ``Adadelta``
``Adam``               ``m, v, t``                 ``Adam``
``AMSGrad``            ``m, v, v_max, t``          ``Adam(amsgrad=True)``
``AdaMax``             ``m, u, t``                 ``Adamax``
``NAdam``              ``m, v, mu_product, t``     ``NAdam``
``AdamW``              ``m, v, v_max, t``          ``AdamW``
``Rprop``              ``prev, step_size, t``      ``Rprop``
``Yogi``               ``m, v, t``                 (none)
``LineSearchGD``       ``t, loss_evals, eta``      (none)
``RAdam``              ``m, v, t``                 ``RAdam``
``Adafactor``          ``R, C, V, t`` (per block)  ``Adafactor``
``ASGD``               ``theta_bar, eta, mu, t``   ``ASGD``
``LBFGS``              ``s, y, rho, ..., t``       ``LBFGS`` (full batch only)
``Lion``               ``m, t``                    (none)
``Muon``               ``B, m, v, t``              ``Muon`` (matrices; AdamW on vectors)
``ScheduleFreeSGD``    ``z, y, ..., t``            (none)
``ScheduleFreeAdamW``  ``z, y, v, ..., t``         (none)
=====================  ==========================  ======================================

An optimizer holds hyperparameters (``lr`` first) and has two pure methods:

* ``init(theta) -> state``: a NamedTuple named after the paper's symbols, with ``t``
  (steps taken);
* ``update(theta, state, grad_fn) -> (theta, state)``: one step. ``grad_fn(theta)``
  returns the gradient; optimizers that look ahead (NAG) call it elsewhere.

Neither method changes its inputs, so any step can be replayed from a saved state.
Schedules are called with the 0-based step ``t``, so step ``t`` uses ``lr(t)``. An
optimizer's own code is its equations, ``step(theta, g, state)``: :class:`Optimizer`'s
``update`` checks the inputs and takes the gradient ``g`` first (NAG, L-BFGS and the
schedule-free methods, which take theirs elsewhere, write ``update`` themselves).

Each hyperparameter is declared once (:class:`Hyperparameter`); :data:`REGISTRY` lists
the optimizers in course order. Adding an optimizer is one module, its import below and
its entry in :data:`REGISTRY` and ``__all__`` (a test checks that they agree). The tests
then ask for a hand-computed step, a torch comparison (or a place in ``TORCH_HAS_NONE``)
and a line in the validation table; ``python book/_ext/gdcourse_book.py`` puts it on the
notation page.
"""

from ._spec import (
    Hyperparameter,
    NonFiniteGradientError,
    Optimizer,
    Slider,
    learning_rate,
)
from .adadelta import Adadelta, AdadeltaState
from .adafactor import Adafactor, AdafactorState
from .adagrad import AdaGrad, AdaGradState
from .adam import Adam, AdamState, AMSGrad, AMSGradState
from .adamax import AdaMax, AdaMaxState
from .adamw import AdamW, AdamWState
from .asgd import ASGD, ASGDState
from .gd import GD, GDState
from .lbfgs import LBFGS, LBFGSState
from .line_search import LineSearchGD, LineSearchState
from .lion import Lion, LionState
from .momentum import Momentum, MomentumState
from .muon import Muon, MuonState
from .nadam import NAdam, NAdamState
from .nesterov import NAG, NAGState
from .radam import RAdam, RAdamState
from .rmsprop import RMSProp, RMSPropState
from .rprop import Rprop, RpropState
from .schedule_free import (
    ScheduleFreeAdamW,
    ScheduleFreeAdamWState,
    ScheduleFreeSGD,
    ScheduleFreeSGDState,
)
from .yogi import Yogi, YogiState

#: Every optimizer by name, in the order the course introduces them.
REGISTRY: dict[str, type[Optimizer]] = {
    cls.__name__: cls
    for cls in (
        GD,
        Momentum,
        NAG,
        AdaGrad,
        RMSProp,
        Adadelta,
        Adam,
        AMSGrad,
        AdaMax,
        NAdam,
        AdamW,
        Rprop,
        Yogi,
        LineSearchGD,
        RAdam,
        Adafactor,
        ASGD,
        LBFGS,
        Lion,
        Muon,
        ScheduleFreeSGD,
        ScheduleFreeAdamW,
    )
}

__all__ = [
    "REGISTRY",
    "Optimizer",
    "Hyperparameter",
    "Slider",
    "NonFiniteGradientError",
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
    "AdamW",
    "AdamWState",
    "Rprop",
    "RpropState",
    "Yogi",
    "YogiState",
    "LineSearchGD",
    "LineSearchState",
    "RAdam",
    "RAdamState",
    "Adafactor",
    "AdafactorState",
    "ASGD",
    "ASGDState",
    "LBFGS",
    "LBFGSState",
    "Lion",
    "LionState",
    "Muon",
    "MuonState",
    "ScheduleFreeSGD",
    "ScheduleFreeSGDState",
    "ScheduleFreeAdamW",
    "ScheduleFreeAdamWState",
]
