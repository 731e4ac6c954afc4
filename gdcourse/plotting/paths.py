"""Optimizer paths: reading the many ways a user names them, and drawing them.

Every plotter accepts the same ``paths`` argument:

* a dict ``{label: trajectory}``;
* a list of pairs ``(label, trajectory)`` or ``(optimizer, trajectory)`` -- an
  optimizer gives both the label (:func:`~gdcourse.plotting.style.label_for`) and the
  colour (:func:`~gdcourse.plotting.style.colour_for`);
* a single trajectory.

A trajectory is a :class:`gdcourse.Trajectory` or a bare array of points of shape
``(n, 2)`` (say, the guesses of a random search).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib import patheffects

from .style import MARKER_SPACING, distinct_styles, label_for


class Path(NamedTuple):
    """One path, ready to draw.

    Attributes
    ----------
    label : str
        Legend text.
    colour : str
        Line colour.
    thetas : ndarray, shape (n, 2)
        The points visited, start first.
    losses : ndarray, shape (n,) or None
        The loss at each point, when the trajectory recorded it.
    diverged : bool
        True when the run stopped early on a non-finite value.
    linestyle : str
        Line style (matplotlib name): with ``marker``, what tells this path from the
        others without its colour.
    marker : str
        Marker (matplotlib name) repeated along the line and shown in the legend.
    """

    label: str
    colour: str
    thetas: np.ndarray
    losses: np.ndarray | None
    diverged: bool
    linestyle: str = "-"
    marker: str = "o"

    @property
    def style(self) -> dict[str, str]:
        """``{"color", "linestyle", "marker"}``: keyword arguments for ``ax.plot``."""
        return {"color": self.colour, "linestyle": self.linestyle, "marker": self.marker}

    @property
    def steps(self) -> int:
        """Number of updates along the path."""
        return len(self.thetas) - 1


def _is_trajectory(value) -> bool:
    return hasattr(value, "thetas") or isinstance(value, np.ndarray)


def _pairs(paths) -> list[tuple[object, object]]:
    if paths is None:
        return []
    if _is_trajectory(paths):
        return [("path", paths)]
    if isinstance(paths, dict):
        return list(paths.items())
    try:
        pairs = list(paths)
    except TypeError:
        raise ValueError(
            f"paths must be a dict {{label: trajectory}}, a list of (label, trajectory) "
            f"pairs or one trajectory, got paths={paths!r}"
        ) from None
    # Paths already read by as_paths carry their own label.
    pairs = [(item.label, item) if isinstance(item, Path) else item for item in pairs]
    for item in pairs:
        if not (isinstance(item, tuple) and len(item) == 2 and _is_trajectory(item[1])):
            raise ValueError(
                "paths must be a dict {label: trajectory} or a list of (label, trajectory) "
                f"pairs; got the item {item!r}"
            )
    return pairs


def as_paths(paths, *, dims: int | None = 2) -> list[Path]:
    """Read ``paths`` in any accepted form into a list of :class:`Path`.

    Parameters
    ----------
    paths : dict, list of pairs, Trajectory, ndarray or None
        See the module docstring.
    dims : int or None
        Number of parameters the picture can show (2 for a contour map); None for a
        loss curve, which takes any number.

    Raises
    ------
    ValueError
        When a trajectory does not hold points of ``dims`` parameters.
    """
    pairs = _pairs(paths)
    styles = distinct_styles([key for key, _ in pairs])
    result = []
    for (key, trajectory), style in zip(pairs, styles, strict=True):
        label = label_for(key) if not isinstance(key, str) else key
        thetas = np.asarray(getattr(trajectory, "thetas", trajectory), dtype=np.float64)
        if dims is None:
            if thetas.ndim < 1 or len(thetas) == 0:
                raise ValueError(f"path {label!r} is empty, got thetas of shape {thetas.shape}")
        elif thetas.ndim != 2 or thetas.shape[1] != dims or len(thetas) == 0:
            raise ValueError(
                f"path {label!r} must hold points of {dims} parameters, shape (n, {dims}); "
                f"got thetas of shape {thetas.shape}"
            )
        losses = getattr(trajectory, "losses", None)
        losses = None if losses is None else np.asarray(losses, dtype=np.float64)
        diverged = bool(getattr(trajectory, "diverged", False))
        colour, linestyle, marker = style
        if isinstance(trajectory, Path):  # already read once: keep its style
            colour, linestyle, marker = trajectory.colour, trajectory.linestyle, trajectory.marker
        result.append(Path(label, colour, thetas, losses, diverged, linestyle, marker))
    return result


def path_losses(path: Path, problem) -> np.ndarray:
    """The loss along ``path``: the recorded one, else ``problem.loss`` at its points."""
    if path.losses is not None:
        return path.losses
    if problem is None:
        raise ValueError(
            f"path {path.label!r} has no recorded losses; pass problem=... to compute them"
        )
    return np.asarray(problem.loss(path.thetas.T), dtype=np.float64)


def legend_label(path: Path) -> str:
    """The legend text, marked when the run diverged."""
    return f"{path.label} (diverged)" if path.diverged else path.label


def line_style(path: Path, *, halo: bool = True) -> dict:
    """Keyword arguments of ``ax.plot`` for the line of ``path``: colour, line style, markers.

    The optimizer's marker repeats along the line every ``MARKER_SPACING`` of the axes'
    diagonal (a few markers however long the run) and shows in the legend, so no two
    optimizers differ by colour alone. ``halo``: a thin white outline that keeps every
    colour readable on every part of a contour map.
    """
    options: dict = {
        **path.style, "lw": 2, "markevery": MARKER_SPACING, "ms": 7, "mec": "white",
        "mew": 0.8,
    }  # fmt: skip
    if halo:
        options["path_effects"] = [
            patheffects.withStroke(linewidth=3.5, foreground="white", alpha=0.7)
        ]
    return options


def draw_path(ax, path: Path, *, markers: bool | None = None) -> list:
    """Draw one path on a 2-D axes: a line, a round start marker and a square end marker.

    The line has the optimizer's colour, line style and marker (see :func:`line_style`).

    Parameters
    ----------
    markers : bool, optional
        Dots at every step; by default only for short paths (<= 60 steps), where each
        step is worth seeing.

    Returns
    -------
    list of Line2D
        ``[line, start, end]``, then the dots when ``markers``.
    """
    if markers is None:
        markers = path.steps <= 60
    x, y = path.thetas[:, 0], path.thetas[:, 1]
    (line,) = ax.plot(x, y, label=legend_label(path), zorder=3, **line_style(path))
    artists = [line]
    (start,) = ax.plot(
        x[0], y[0], "o", color=path.colour, ms=8, mec="white", mew=1.5, zorder=4,
        label="_start",
    )  # fmt: skip
    (end,) = ax.plot(
        x[-1], y[-1], "s", color=path.colour, ms=7, mec="white", mew=1.5, zorder=4,
        label="_end",
    )  # fmt: skip
    artists += [start, end]
    if markers:  # separate from the line, so the halo does not ring every dot
        (dots,) = ax.plot(x, y, "o", color=path.colour, ms=3, zorder=3, label="_steps")
        artists.append(dots)
    return artists


def minimum_points(problem) -> np.ndarray | None:
    """The known minimizer(s) of ``problem`` as an array of shape (k, 2), or None."""
    minimum = getattr(problem, "minimum", None)
    if minimum is None:
        return None
    points = np.asarray(minimum, dtype=np.float64)
    return points.reshape(-1, 2) if points.size % 2 == 0 and points.size else None
