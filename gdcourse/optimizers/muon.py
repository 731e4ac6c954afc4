"""Muon: momentum whose matrix update is orthogonalized by a Newton-Schulz iteration."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from ._blocks import BlockOptimizer, Shape, check_shapes, join, split
from ._spec import (
    Schedule,
    Step,
    flag_field,
    hyper,
    lr_field,
    setting,
    short,
    weight_decay_field,
)

#: torch.optim.Muon's (and Keller Jordan's) quintic Newton-Schulz coefficients (a, b, c).
NS_COEFFICIENTS = (3.4445, -4.7750, 2.0315)


def newton_schulz(
    G: np.ndarray,
    steps: int = 5,
    coefficients: tuple[float, float, float] = NS_COEFFICIENTS,
    eps: float = 1e-7,
) -> np.ndarray:
    r"""Approximately orthogonalize the matrix ``G``: :math:`U V^\top` from its SVD
    :math:`G = U S V^\top`, computed with matrix products only.

    .. math::

        X_0 = G / \max(\|G\|_F, \epsilon), \qquad
        A_k = X_k X_k^\top, \qquad
        X_{k+1} = a X_k + (b A_k + c A_k^2) X_k .

    Each step maps every singular value :math:`\sigma` of :math:`X` to
    :math:`a\sigma + b\sigma^3 + c\sigma^5`. The default coefficients push small
    singular values up fast; after 5 steps they lie roughly in [0.7, 1.2] rather than
    exactly at 1, which Muon tolerates. A wide matrix is iterated as is, a tall one
    transposed (so :math:`A_k` is the smaller Gram matrix).
    """
    a, b, c = coefficients
    tall = G.shape[0] > G.shape[1]
    X = G.T if tall else G
    X = X / max(np.linalg.norm(X), eps)
    for _ in range(steps):
        A = X @ X.T
        B = b * A + c * (A @ A)
        X = a * X + B @ X
    return X.T if tall else X


def check_matrix_or_vector_shapes(name: str, shapes: Any) -> tuple[Shape, ...] | None:
    """Block shapes (see :func:`check_shapes`), each a matrix (Muon) or a vector (AdamW)."""
    blocks = check_shapes(name, shapes)
    for shape in blocks or ():
        if len(shape) not in (1, 2):
            raise ValueError(
                f"{name} must hold matrices (2-D, Muon) and vectors (1-D, AdamW), got a "
                f"block of shape {shape} in {name}={shapes!r}; flatten it to a matrix"
            )
    return blocks


class MuonState(NamedTuple):
    """One entry per parameter block (a 2-D ``theta`` is one block). ``B``: the momentum
    buffer of a matrix block (``None`` on vector blocks); ``m``, ``v``: AdamW's moments
    of a vector block (``None`` on matrix blocks); ``t``: steps taken. So a matrix costs
    one number of state per parameter, as in torch, and only vectors pay AdamW's two."""

    B: tuple[np.ndarray | None, ...]
    m: tuple[np.ndarray | None, ...]
    v: tuple[np.ndarray | None, ...]
    t: int


@dataclass(frozen=True, eq=False)
class Muon(BlockOptimizer):
    r"""Muon (Jordan et al., 2024, "Muon: an optimizer for hidden layers in neural
    networks"), as in ``torch.optim.Muon``.

    For each weight matrix :math:`W` (shape :math:`A \times B`) with gradient :math:`G_t`:

    .. math::

        B_t &= \mu B_{t-1} + (1 - \mu)\, G_t \\
        \tilde B_t &= \mu B_t + (1 - \mu)\, G_t \quad (\text{Nesterov; else } \tilde B_t = B_t) \\
        O_t &= \operatorname{NS}_k(\tilde B_t) \approx U V^\top \\
        W_{t+1} &= (1 - \eta_t \lambda)\, W_t - \eta_t\, s(A, B)\, O_t ,

    with :math:`s = \sqrt{\max(1, A/B)}` (``adjust_lr_fn="original"``) or
    :math:`s = 0.2\sqrt{\max(A, B)}` (``"match_rms_adamw"``: the update then has about
    the RMS of an AdamW update). :math:`O_t` keeps the directions of the momentum but
    sets all its singular values near 1, so no direction of the matrix dominates the step.

    Vectors (biases, gains) are not matrices: they get AdamW (Keller Jordan's and
    torch's recommended fallback) with their own hyperparameters ``adamw_*`` and the same
    ``weight_decay``.

    Parameters
    ----------
    lr : float or callable
        :math:`\eta` (>= 0) for the matrices, or a schedule ``t -> eta_t``.
    weight_decay : float
        :math:`\lambda` (>= 0), decoupled, for matrices and vectors alike.
    momentum : float
        :math:`\mu` in [0, 1).
    nesterov : bool
        Orthogonalize the look-ahead :math:`\mu B_t + (1-\mu) G_t` instead of :math:`B_t`.
    ns_steps : int
        :math:`k` (>= 1), the number of Newton-Schulz steps.
    ns_coefficients : tuple of float
        :math:`(a, b, c)` of the Newton-Schulz polynomial; ``(1.5, -0.5, 0)`` is the
        classic cubic iteration, which converges to :math:`U V^\top` but slowly.
    eps : float
        :math:`\epsilon` (> 0), guards the normalization of a zero matrix.
    adjust_lr_fn : {"original", "match_rms_adamw"}
        The scale :math:`s(A, B)`.
    shapes : list of tuple of int, optional
        Parameter blocks in flattening order, e.g. ``[(4, 8), (8,), (8, 3), (3,)]``;
        2-D blocks get Muon, 1-D blocks AdamW. Without it ``theta`` must be one matrix.
    adamw_lr, adamw_beta1, adamw_beta2, adamw_eps : float
        The vector blocks' AdamW (defaults 3e-4, 0.9, 0.95, 1e-10 as in Keller Jordan's
        ``MuonWithAuxAdam``).

    Notes
    -----
    Follows ``torch.optim.Muon(params, lr=1e-3, weight_decay=0.1, momentum=0.95,
    nesterov=True, ns_coefficients=(3.4445, -4.7750, 2.0315), eps=1e-7, ns_steps=5,
    adjust_lr_fn=None)``. Two conventions to know: torch's code keeps the momentum as
    an *average*, :math:`B_t = \mu B_{t-1} + (1-\mu) G_t` (its docs write
    :math:`\mu B_{t-1} + G_t`, which only rescales the step before orthogonalization);
    and torch runs the Newton-Schulz iteration in bfloat16 (a GPU speed trick, about 3
    significant digits), while this class computes it in float64. The decay uses the
    unscaled :math:`\eta_t`. torch refuses non-matrix parameters; here they get the
    AdamW fallback.

    :math:`s(A, B)` reads a block's shape as given. torch's ``nn.Linear`` stores a weight
    as ``(fan_out, fan_in)``, gdcourse's MLP as ``(fan_in, fan_out)``; so on the MLP's
    blocks ``"original"`` scales by :math:`\sqrt{\max(1, \text{fan\_in}/\text{fan\_out})}`
    where torch would use :math:`\sqrt{\max(1, \text{fan\_out}/\text{fan\_in})}`. The
    orthogonalization itself does not care: :math:`\operatorname{NS}(W^\top) =
    \operatorname{NS}(W)^\top`.
    """

    lr: float | Schedule = lr_field(1e-3, "learning rate of the matrices")
    weight_decay: float = weight_decay_field(0.1, decoupled=True)
    momentum: float = hyper(0.95, "μ", r"\mu", "momentum of the matrices", low=0.0, high=1.0,
                            high_open=True, in_label=True)  # fmt: skip
    nesterov: bool = flag_field(True, "Nesterov", "orthogonalize the look-ahead momentum")
    ns_steps: int = hyper(5, "k", "k", "Newton-Schulz steps", kind="whole", low=1)
    ns_coefficients: tuple[float, float, float] = hyper(
        NS_COEFFICIENTS, "(a, b, c)", "(a, b, c)", "Newton-Schulz polynomial", kind="numbers",
        size=3,
    )  # fmt: skip
    eps: float = hyper(1e-7, "ε", r"\epsilon", "guards the normalization of a zero matrix",
                       low=0.0, low_open=True)  # fmt: skip
    adjust_lr_fn: str = hyper("original", "s", "s", "scale of the matrix step",
                              kind="choice", choices=("original", "match_rms_adamw"))  # fmt: skip
    shapes: tuple[Shape, ...] | None = setting(None, check_matrix_or_vector_shapes)
    adamw_lr: float | Schedule = lr_field(3e-4, "learning rate of the vectors' AdamW")
    adamw_beta1: float = hyper(
        0.9, "β₁", r"\beta_1", "vectors' AdamW: decay of the average of gradients",
        low=0.0, high=1.0, high_open=True,
    )  # fmt: skip
    adamw_beta2: float = hyper(
        0.95, "β₂", r"\beta_2", "vectors' AdamW: decay of the average of squared gradients",
        low=0.0, high=1.0, high_open=True,
    )  # fmt: skip
    adamw_eps: float = hyper(
        1e-10, "ε", r"\epsilon", "vectors' AdamW: keeps the division finite",
        low=0.0, low_open=True,
    )  # fmt: skip

    State = MuonState
    needs_matrix = True  # without shapes, theta must be one matrix

    def _shapes(self, theta: np.ndarray) -> tuple[Shape, ...]:
        if self.shapes is None and theta.ndim != 2:
            raise ValueError(
                f"Muon works on weight matrices: theta must be 2-D, got theta={short(theta)} "
                f"of shape {theta.shape}; pass a matrix, or for a flat vector of matrices and "
                "vectors pass shapes=[...]"
            )
        return super()._shapes(theta)

    def _scale(self, shape: Shape) -> float:
        rows, cols = shape
        if self.adjust_lr_fn == "original":
            return math.sqrt(max(1, rows / cols))
        return 0.2 * math.sqrt(max(rows, cols))

    def _needs(self, shapes: tuple[Shape, ...]) -> list[tuple[Shape | None, ...]]:
        """Per block, the shapes of ``B``, ``m``, ``v``: a matrix keeps its momentum ``B``
        only, a vector AdamW's ``m`` and ``v`` only."""
        return [
            (shape, None, None) if len(shape) == 2 else (None, shape, shape) for shape in shapes
        ]

    def step(self, theta: np.ndarray, g: np.ndarray, state: MuonState) -> Step[MuonState]:
        shapes = self._shapes(theta)
        lr, lr_v = self.at("lr", state.t), self.at("adamw_lr", state.t)
        mu, decay = self.momentum, self.weight_decay
        beta1, beta2 = self.adamw_beta1, self.adamw_beta2
        t = state.t + 1
        blocks, Bs, ms, vs = [], list(state.B), list(state.m), list(state.v)
        for i, (W, G) in enumerate(zip(split(theta, shapes), split(g, shapes), strict=True)):
            B, m, v = Bs[i], ms[i], vs[i]
            if B is not None:  # a matrix: orthogonalized momentum
                B = Bs[i] = mu * B + (1 - mu) * G
                B_tilde = mu * B + (1 - mu) * G if self.nesterov else B
                O = newton_schulz(B_tilde, self.ns_steps, self.ns_coefficients, self.eps)
                W = W * (1 - lr * decay) - lr * self._scale(W.shape) * O
            elif m is not None and v is not None:  # AdamW on a vector block
                W = W * (1 - lr_v * decay)
                m = ms[i] = beta1 * m + (1 - beta1) * G
                v = vs[i] = beta2 * v + (1 - beta2) * G**2
                step_size = lr_v / (1 - beta1**t)
                W = W - step_size * (m / (np.sqrt(v) / (1 - beta2**t) ** 0.5 + self.adamw_eps))
            else:  # pragma: no cover - check_block_state refuses this
                raise ValueError("state does not match shapes; start from init(theta)")
            blocks.append(W)
        new_state = MuonState(B=tuple(Bs), m=tuple(ms), v=tuple(vs), t=t)
        return join(blocks, theta), new_state
