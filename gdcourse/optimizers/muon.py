"""Muon: momentum whose matrix update is orthogonalized by a Newton-Schulz iteration."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from .._checks import (
    check_learning_rate,
    check_nonnegative,
    check_number,
    check_positive,
    check_positive_int,
    check_unit_interval,
)
from ._base import Optimizer, check_flag, learning_rate
from ._blocks import block_shapes, check_shapes, join, split

#: torch.optim.Muon's (and Keller Jordan's) quintic Newton-Schulz coefficients (a, b, c).
NS_COEFFICIENTS = (3.4445, -4.7750, 2.0315)


def newton_schulz(G: np.ndarray, steps: int = 5, coefficients=NS_COEFFICIENTS, eps=1e-7):
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


class MuonState(NamedTuple):
    """``B``: momentum buffer of the matrix blocks (0 on vector blocks); ``m``, ``v``:
    AdamW's moments for the vector blocks (0 on matrix blocks); ``t``: steps taken. All
    three are shaped like ``theta``."""

    B: np.ndarray
    m: np.ndarray
    v: np.ndarray
    t: int


class Muon(Optimizer):
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

    # Hyperparameters (name, symbol, default, valid range, schedulable?):
    #   lr            η    1e-3   [0, inf)   yes
    #   weight_decay  λ    0.1    [0, inf)   no
    #   momentum      μ    0.95   [0, 1)     no
    #   nesterov      -    True   flag       no
    #   ns_steps      k    5      whole >= 1 no
    #   ns_coefficients (a, b, c)  (3.4445, -4.7750, 2.0315)  three finite numbers  no
    #   eps           ε    1e-7   (0, inf)   no
    #   adjust_lr_fn  -    "original"  {"original", "match_rms_adamw"}  no
    #   shapes        -    None   list of block shapes or None   no (structure)
    #   adamw_lr      η_v  3e-4   [0, inf)   yes (vector blocks' AdamW)
    #   adamw_beta1   β1   0.9    [0, 1)     no
    #   adamw_beta2   β2   0.95   [0, 1)     no
    #   adamw_eps     ε_v  1e-10  (0, inf)   no

    State = MuonState

    def __init__(
        self,
        lr=1e-3,
        weight_decay=0.1,
        momentum=0.95,
        nesterov=True,
        ns_steps=5,
        ns_coefficients=NS_COEFFICIENTS,
        eps=1e-7,
        adjust_lr_fn="original",
        shapes=None,
        adamw_lr=3e-4,
        adamw_beta1=0.9,
        adamw_beta2=0.95,
        adamw_eps=1e-10,
    ):
        self.lr = check_learning_rate("lr", lr)
        self.weight_decay = check_nonnegative("weight_decay", weight_decay)
        self.momentum = check_unit_interval("momentum", momentum)
        self.nesterov = check_flag("nesterov", nesterov)
        self.ns_steps = check_positive_int("ns_steps", ns_steps)
        try:
            a, b, c = (check_number("ns_coefficients", x) for x in ns_coefficients)
        except (TypeError, ValueError):
            raise ValueError(
                "ns_coefficients must be three finite numbers (a, b, c), "
                f"got ns_coefficients={ns_coefficients!r}"
            ) from None
        self.ns_coefficients = (a, b, c)
        self.eps = check_positive("eps", eps)
        if adjust_lr_fn not in ("original", "match_rms_adamw"):
            raise ValueError(
                'adjust_lr_fn must be "original" or "match_rms_adamw", '
                f"got adjust_lr_fn={adjust_lr_fn!r}"
            )
        self.adjust_lr_fn = adjust_lr_fn
        self.shapes = check_shapes("shapes", shapes)
        if self.shapes is not None:
            for shape in self.shapes:
                if len(shape) > 2:
                    raise ValueError(
                        f"shapes must hold matrices (2-D, Muon) and vectors (1-D, AdamW), got a "
                        f"block of shape {shape} in shapes={shapes!r}; flatten it to a matrix"
                    )
        self.adamw_lr = check_learning_rate("adamw_lr", adamw_lr)
        self.adamw_beta1 = check_unit_interval("adamw_beta1", adamw_beta1)
        self.adamw_beta2 = check_unit_interval("adamw_beta2", adamw_beta2)
        self.adamw_eps = check_positive("adamw_eps", adamw_eps)

    def _shapes(self, theta: np.ndarray):
        if self.shapes is None and theta.ndim != 2:
            raise ValueError(
                f"Muon works on weight matrices: theta must be 2-D, got theta of shape "
                f"{theta.shape}; for a flat vector of several blocks pass shapes=[...]"
            )
        return block_shapes("shapes", self.shapes, theta)

    def _scale(self, shape) -> float:
        rows, cols = shape
        if self.adjust_lr_fn == "original":
            return math.sqrt(max(1, rows / cols))
        return 0.2 * math.sqrt(max(rows, cols))

    def init(self, theta) -> MuonState:
        theta = self._start(theta)
        self._shapes(theta)
        zeros = np.zeros_like(theta)
        return MuonState(B=zeros, m=zeros.copy(), v=zeros.copy(), t=0)

    def update(self, theta, state: MuonState, grad_fn):
        theta = self._params(theta)
        grad = self._grad(grad_fn, theta)
        shapes = self._shapes(theta)
        lr = learning_rate(self.lr, state.t)
        lr_v = learning_rate(self.adamw_lr, state.t)
        mu, decay = self.momentum, self.weight_decay
        beta1, beta2 = self.adamw_beta1, self.adamw_beta2
        t = state.t + 1
        new: dict[str, list[np.ndarray]] = {"theta": [], "B": [], "m": [], "v": []}
        arrays = (theta, grad, state.B, state.m, state.v)
        for W, G, B, m, v in zip(*(split(a, shapes) for a in arrays), strict=True):
            if W.ndim == 2:
                B = mu * B + (1 - mu) * G
                B_tilde = mu * B + (1 - mu) * G if self.nesterov else B
                O = newton_schulz(B_tilde, self.ns_steps, self.ns_coefficients, self.eps)
                W = W * (1 - lr * decay) - lr * self._scale(W.shape) * O
            else:  # AdamW on a vector block
                W = W * (1 - lr_v * decay)
                m = beta1 * m + (1 - beta1) * G
                v = beta2 * v + (1 - beta2) * G**2
                step_size = lr_v / (1 - beta1**t)
                W = W - step_size * (m / (np.sqrt(v) / (1 - beta2**t) ** 0.5 + self.adamw_eps))
            for key, block in zip(new, (W, B, m, v), strict=True):
                new[key].append(block)
        theta = join(new["theta"], theta)
        new_state = MuonState(
            B=join(new["B"], theta), m=join(new["m"], theta), v=join(new["v"], theta), t=t
        )
        return theta, new_state
