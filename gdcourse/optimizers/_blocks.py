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

import numpy as np

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
