"""Parameter blocks: view a flat parameter vector as the matrices and vectors it holds.

Muon and Adafactor treat a weight *matrix* differently from a vector: Muon
orthogonalizes a matrix update, Adafactor keeps one row and one column average of a
matrix's squared gradients instead of a full table. The course's problems hand
optimizers one flat vector ``theta``; ``shapes`` says how to cut it back into blocks,
in flattening order. For an MLP with layers 4 -> 8 -> 3::

    shapes = [(4, 8), (8,), (8, 3), (3,)]   # W1, b1, W2, b2

Without ``shapes`` the whole ``theta`` is one block of its own shape (so a 2-D
``theta`` is one matrix).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ._spec import Optimizer

Shape = tuple[int, ...]


def check_shapes(name: str, shapes) -> tuple[Shape, ...] | None:
    """``None``, or a non-empty list of block shapes, each a tuple of whole numbers >= 1."""
    if shapes is None:
        return None
    try:
        blocks = tuple(tuple(shape) for shape in shapes)
    except TypeError:
        raise ValueError(
            f"{name} must be a list of block shapes such as [(4, 8), (8,)], got {name}={shapes!r}"
        ) from None
    if not blocks:
        raise ValueError(f"{name} must not be empty, got {name}={shapes!r}")
    for shape in blocks:
        whole = all(
            isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1 for n in shape
        )
        if not whole:
            raise ValueError(
                f"{name} must hold shapes of whole numbers >= 1, got the block {shape!r} "
                f"in {name}={shapes!r}"
            )
    return tuple(tuple(int(n) for n in shape) for shape in blocks)


def block_shapes(name: str, shapes: tuple[Shape, ...] | None, theta: np.ndarray):
    """The block shapes for this ``theta``: ``shapes`` itself (whose sizes must add up to
    ``theta.size``, with ``theta`` a vector), or ``(theta.shape,)``."""
    if shapes is None:
        return (theta.shape,)
    total = sum(math.prod(shape) for shape in shapes)
    if theta.ndim != 1 or theta.size != total:
        raise ValueError(
            f"{name}={list(shapes)!r} describe {total} numbers in flattening order, so theta "
            f"must be a vector of that length, got theta of shape {theta.shape}"
        )
    return shapes


def split(theta: np.ndarray, shapes) -> list[np.ndarray]:
    """``theta`` cut into its blocks (views, never copies): one block when ``shapes`` is
    ``(theta.shape,)``."""
    if len(shapes) == 1 and shapes[0] == theta.shape:
        return [theta]
    blocks, start = [], 0
    for shape in shapes:
        size = math.prod(shape)
        blocks.append(theta[start : start + size].reshape(shape))
        start += size
    return blocks


def join(blocks: list[np.ndarray], theta: np.ndarray) -> np.ndarray:
    """The inverse of :func:`split`: blocks back into an array shaped like ``theta``."""
    if len(blocks) == 1 and blocks[0].shape == theta.shape:
        return blocks[0]
    return np.concatenate([block.ravel() for block in blocks])


def block_zeros(needs: Sequence[tuple]) -> list[tuple[np.ndarray | None, ...]]:
    """A per-block state's starting arrays, one tuple per field: block ``i`` of the
    ``k``-th field is zeros of shape ``needs[i][k]``, or ``None`` where that is None
    (Muon keeps no momentum for a vector, Adafactor no full table for a matrix)."""
    return [
        tuple(None if shape is None else np.zeros(shape) for shape in field)
        for field in zip(*needs, strict=True)
    ]


def check_block_state(
    state: Any, fields: str | Sequence[str], shapes: Sequence[Shape], needs: Sequence[tuple]
) -> None:
    """A per-block state (Muon's, Adafactor's) must be the one ``init`` makes for these
    blocks (:func:`block_zeros`): each ``state.<field>`` holds one entry per block, and
    entry ``i`` of the ``k``-th field has the shape ``needs[i][k]`` (``None``: no array)."""
    per_field = [getattr(state, field) for field in fields]
    if any(len(entries) != len(shapes) for entries in per_field):
        raise ValueError(
            f"state has {len(per_field[0])} parameter blocks, but theta has {len(shapes)} "
            f"(shapes {list(shapes)}); the state must come from init(theta) with parameters "
            "of this shape"
        )
    for i, (shape, expected) in enumerate(zip(shapes, needs, strict=True)):
        for field, entries, want in zip(fields, per_field, expected, strict=True):
            found = None if entries[i] is None else np.shape(entries[i])
            if found != want:
                raise ValueError(
                    f"state.{field}[{i}] has shape {found}, but block {i} of theta has shape "
                    f"{shape} and needs {want}; the state must come from init(theta) with "
                    "parameters of this shape"
                )


class BlockOptimizer(Optimizer):
    """An optimizer that treats each parameter block on its own (Muon, Adafactor).

    Its state holds one entry per block in each field but ``t``; a subclass declares
    ``shapes`` (a ``setting``) and says in ``_needs`` which arrays a block keeps. ``init``
    and the checks of ``update`` follow from that.
    """

    shapes: tuple[Shape, ...] | None

    def _shapes(self, theta: np.ndarray) -> tuple[Shape, ...]:
        # The shapes of the blocks theta holds: shapes, or theta's own shape.
        return block_shapes("shapes", self.shapes, theta)

    def _needs(self, shapes: tuple[Shape, ...]) -> list[tuple[Shape | None, ...]]:
        # Per block, the shape of its array in each per-block field (None: none).
        raise NotImplementedError(f"{type(self).__name__} must define _needs(shapes)")

    def init(self, theta: ArrayLike) -> Any:
        # Every block's arrays at zero (_needs), t=0.
        return self.State(*block_zeros(self._needs(self._shapes(self.start(theta)))), t=0)

    def check_inputs(self, theta: object, state: object, grad_fn: object) -> np.ndarray:
        """As :meth:`~gdcourse.optimizers.Optimizer.check_inputs`, and the state's blocks
        must fit ``theta``'s."""
        theta = super().check_inputs(theta, state, grad_fn)
        shapes = self._shapes(theta)
        fields = [field for field in self.State._fields if field != "t"]
        check_block_state(state, fields, shapes, self._needs(shapes))
        return theta
