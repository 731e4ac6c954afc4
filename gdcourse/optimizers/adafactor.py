"""Adafactor: Adam's second moment stored as one row and one column per weight matrix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._blocks import BlockOptimizer, Shape, check_shapes, join, split
from ._spec import Schedule, Step, hyper, lr_field, setting, weight_decay_field


class AdafactorState(NamedTuple):
    """One entry per parameter block. ``R``: row averages of the squared gradients of a
    factored (matrix) block, shape ``(rows, 1)``; ``C``: column averages, shape
    ``(1, cols)``; ``V``: the full average for an unfactored block. A block has either
    ``R`` and ``C`` or ``V``; the others are ``None``. ``t``: steps taken."""

    R: tuple[np.ndarray | None, ...]
    C: tuple[np.ndarray | None, ...]
    V: tuple[np.ndarray | None, ...]
    t: int


@dataclass(frozen=True, eq=False)
class Adafactor(BlockOptimizer):
    r"""Adafactor (Shazeer & Stern, 2018), as in ``torch.optim.Adafactor``.

    For each parameter block :math:`X` (a matrix :math:`n \times m` or a vector) with
    gradient :math:`G_t`, at step :math:`t = 1, 2, \dots`:

    .. math::

        \hat\beta_{2t} &= 1 - t^{c}, \qquad
        \rho_t = \min(\eta_t, 1/\sqrt{t}), \qquad
        \alpha_t = \max(\epsilon_2, \operatorname{RMS}(X_{t-1}))\, \rho_t \\
        X'_{t-1} &= (1 - \eta_t \lambda)\, X_{t-1} \\
        R_t &= \hat\beta_{2t} R_{t-1} + (1 - \hat\beta_{2t})\, \tfrac{1}{m} (G_t^2) 1_m,
        \qquad
        C_t = \hat\beta_{2t} C_{t-1} + (1 - \hat\beta_{2t})\, \tfrac{1}{n} 1_n^\top (G_t^2) \\
        \hat V_t &= \frac{R_t C_t}{\max(\operatorname{mean}(R_t), \epsilon_1)}
        \quad\text{(matrix; a vector keeps the full }
        V_t = \hat\beta_{2t} V_{t-1} + (1 - \hat\beta_{2t}) G_t^2) \\
        U_t &= G_t / \sqrt{\max(\hat V_t, \epsilon_1^2)}, \qquad
        X_t = X'_{t-1} - \frac{\alpha_t}{\max(1, \operatorname{RMS}(U_t) / d)}\, U_t ,

    where :math:`\operatorname{RMS}(A) = \|A\|_F / \sqrt{\text{size}(A)}`. A matrix
    stores :math:`n + m` numbers of second moment instead of Adam's :math:`n m`, and
    no first moment at all. :math:`R_t C_t` is a rank-1 matrix that matches the row and
    column averages of :math:`G^2`.

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0), or a schedule ``t -> eta_t``. It caps the relative step
        :math:`\rho_t`, which is :math:`1/\sqrt{t}` once that is smaller.
    beta2_decay : float
        :math:`c` (<= 0): the decay schedule :math:`\hat\beta_{2t} = 1 - t^{c}`;
        :math:`\hat\beta_{21} = 0`, so the first average is the first squared gradient.
    eps1 : float or None
        :math:`\epsilon_1` (>= 0), the floor of :math:`\hat V` and of
        :math:`\operatorname{mean}(R)`; ``None`` means the float64 machine epsilon.
    eps2 : float
        :math:`\epsilon_2` (>= 0): the smallest parameter scale, so that parameters
        starting at 0 can move.
    d : float
        :math:`d` (>= 1), the update-clipping threshold on :math:`\operatorname{RMS}(U)`.
    weight_decay : float
        :math:`\lambda` (>= 0), decoupled (scaled by :math:`\eta_t`, not by :math:`\rho_t`).
    factored : bool or None
        ``None``: factor every 2-D block, keep vectors whole. ``True``: every block must be
        a matrix (a ``ValueError`` otherwise). ``False``: never factor (then every block
        keeps a full :math:`V`, Adam-like, but still with the relative step).
    shapes : list of tuple of int, optional
        Parameter blocks in flattening order, e.g. ``[(4, 8), (8,), (8, 3), (3,)]``;
        ``theta`` is then a vector of their total size. Without it, ``theta`` itself is
        one block (a 2-D ``theta`` is one matrix).

    Notes
    -----
    Follows ``torch.optim.Adafactor(params, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3),
    d=1.0, weight_decay=0.0)`` (torch's ``eps=(eps1, eps2)``), and its conventions,
    which differ from the paper's: the paper has no first-moment-free weight decay and
    uses :math:`\epsilon_1 = 10^{-30}` added to :math:`G^2`, while torch clamps
    :math:`\hat V` from below by :math:`\epsilon_1^2` and divides the row factor by its
    *mean* (so :math:`R, C` are averages, not sums). :math:`\alpha_t` uses the block's
    RMS before weight decay. Each block is one torch parameter: its RMS, its clipping
    and its factorization are its own. torch's ``maximize`` is not offered (minimise
    ``-L`` instead).
    """

    lr: float | Schedule = lr_field(1e-2)
    beta2_decay: float = hyper(-0.8, "c", "c", "power of the decay schedule 1 - t^c",
                               high=0.0)  # fmt: skip
    eps1: float | None = hyper(
        None, "ε₁", r"\epsilon_1", "floor of the second moment (None: float64 machine epsilon)",
        low=0.0, optional=True,
    )  # fmt: skip
    eps2: float = hyper(1e-3, "ε₂", r"\epsilon_2", "smallest parameter scale", low=0.0)
    d: float = hyper(1.0, "d", "d", "clipping threshold of the update's RMS", low=1.0)
    weight_decay: float = weight_decay_field(0.0, decoupled=True)
    factored: bool | None = hyper(
        None, "factored", "", "factor the matrices (None: every 2-D block)", kind="choice",
        choices=(None, True, False),
    )  # fmt: skip
    shapes: tuple[Shape, ...] | None = setting(None, check_shapes)

    State = AdafactorState

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.shapes is not None:
            self._factors(self.shapes)  # factored=True on a vector block fails here already

    def _factors(self, shapes: tuple[Shape, ...]) -> list[bool]:
        """Which blocks are factored; refuses ``factored=True`` on a block that is no matrix."""
        for shape in shapes:
            if len(shape) > 2:  # torch would factor the last two axes; say so instead
                raise ValueError(
                    f"Adafactor takes matrices and vectors, got a block of shape {shape}; "
                    "reshape it to a matrix and give its shape in shapes=[...]"
                )
        if self.factored is None:
            return [len(shape) == 2 for shape in shapes]
        if self.factored:
            for shape in shapes:
                if len(shape) != 2:
                    raise ValueError(
                        f"factored=True needs every parameter block to be a matrix, got a "
                        f"block of shape {shape}; use factored=None to keep vectors unfactored"
                    )
            return [True] * len(shapes)
        return [False] * len(shapes)

    def _needs(self, shapes: tuple[Shape, ...]) -> list[tuple[Shape | None, ...]]:
        """Per block, the shapes of ``R``, ``C``, ``V``: a factored matrix keeps a row and a
        column average, any other block the full table ``V``."""
        return [
            ((shape[0], 1), (1, shape[1]), None) if factored else (None, None, shape)
            for shape, factored in zip(shapes, self._factors(shapes), strict=True)
        ]

    def step(self, theta: np.ndarray, g: np.ndarray, state: AdafactorState) -> Step[AdafactorState]:
        shapes = self._shapes(theta)
        lr = self.at("lr", state.t)
        t = state.t + 1
        eps1 = np.finfo(np.float64).eps if self.eps1 is None else self.eps1
        w = t**self.beta2_decay  # 1 - beta2_hat_t: the weight of today's squared gradient
        rho = min(lr, 1 / t**0.5)
        blocks, R, C, V = [], list(state.R), list(state.C), list(state.V)
        for i, (X, G) in enumerate(zip(split(theta, shapes), split(g, shapes), strict=True)):
            alpha = max(self.eps2, np.linalg.norm(X) / X.size**0.5) * rho
            if self.weight_decay:  # decoupled, scaled by lr (not by rho)
                X = X * (1 - lr * self.weight_decay)
            R_i, C_i, V_i = R[i], C[i], V[i]
            if R_i is not None and C_i is not None:  # a factored matrix
                G2 = G**2
                R_i = (1 - w) * R_i + w * G2.mean(axis=1, keepdims=True)
                C_i = (1 - w) * C_i + w * G2.mean(axis=0, keepdims=True)
                V_hat = R_i @ C_i / max(R_i.mean(), eps1)
                R[i], C[i] = R_i, C_i
            elif V_i is not None:
                V_hat = V[i] = (1 - w) * V_i + w * G**2
            else:  # pragma: no cover - init() gives every block R and C, or V
                raise ValueError("state does not match shapes; start from init(theta)")
            U = G / np.sqrt(np.maximum(V_hat, eps1 * eps1))
            clip = max(1.0, np.linalg.norm(U) / (U.size**0.5 * self.d))
            blocks.append(X - alpha / clip * U)
        new_state = AdafactorState(R=tuple(R), C=tuple(C), V=tuple(V), t=t)
        return join(blocks, theta), new_state
