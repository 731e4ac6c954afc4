"""Error surfaces: the loss on a grid, as a 3-D surface and as a contour map.

All functions return the matplotlib ``Figure`` they made, or the ``Axes`` when one is
passed in with ``ax=...``. None of them calls ``plt.show()``: a notebook shows a figure
with ``plt.show()`` (or ``display(fig); plt.close(fig)``) so that no figure is left open.
"""

from __future__ import annotations

from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import colormaps
from matplotlib.colors import BoundaryNorm
from matplotlib.ticker import FuncFormatter

from .._checks import check_positive_int
from .paths import as_paths, draw_path, legend_label, minimum_points, path_losses
from .style import (
    FONT_SIZES,
    SURFACE_CMAP,
    axis_labels,
    fixed_margins,
    new_single_axes,
    problem_title,
    short_number,
    style_axes,
)

#: How every contour map of the course is drawn unless told otherwise (one source for
#: :func:`contours`, the animations, the widgets and their static figures): 20 levels,
#: log-spaced when the surface needs it (``"auto"``, see :func:`wants_log_levels`).
LEVELS = 20
LOG_LEVELS = "auto"


class Grid(NamedTuple):
    """The loss evaluated on a rectangular grid.

    Attributes
    ----------
    x, y : ndarray, shape (resolution, resolution)
        The first and second parameter at each grid point (``numpy.meshgrid`` order:
        ``x`` varies along columns).
    loss : ndarray, shape (resolution, resolution)
        ``problem.loss([x, y])``.
    """

    x: np.ndarray
    y: np.ndarray
    loss: np.ndarray


def check_bounds(bounds) -> tuple[tuple[float, float], tuple[float, float]]:
    """``((lo0, hi0), (lo1, hi1))`` with finite ``lo < hi``, or a ``ValueError``."""
    try:
        array = np.array(bounds, dtype=np.float64)
    except (TypeError, ValueError):
        array = None
    if (
        array is None
        or array.shape != (2, 2)
        or not np.all(np.isfinite(array))
        or not np.all(array[:, 0] < array[:, 1])
    ):
        raise ValueError(
            f"bounds must be ((lo0, hi0), (lo1, hi1)) with finite lo < hi, got bounds={bounds!r}"
        )
    return (float(array[0, 0]), float(array[0, 1])), (float(array[1, 0]), float(array[1, 1]))


def problem_bounds(problem, bounds=None):
    """``bounds`` if given, else ``problem.bounds``; checked either way."""
    if bounds is None:
        bounds = getattr(problem, "bounds", None)
        if bounds is None:
            raise ValueError(f"{problem!r} has no bounds; pass bounds=((lo0, hi0), (lo1, hi1))")
    return check_bounds(bounds)


def grid(problem, resolution: int = 200, bounds=None) -> Grid:
    """Evaluate ``problem.loss`` on a ``resolution`` x ``resolution`` grid in one call.

    The loss is called once with ``theta = [x, y]``, two arrays of the grid's shape,
    instead of once per point: numpy does the double loop in C.

    Parameters
    ----------
    problem : Problem
        A 2-parameter problem whose ``loss`` accepts arrays for ``theta[0]``, ``theta[1]``.
    resolution : int
        Points along each axis (>= 2).
    bounds : ((lo0, hi0), (lo1, hi1)), optional
        The window; default ``problem.bounds``.

    Returns
    -------
    Grid
    """
    resolution = check_positive_int("resolution", resolution)
    if resolution < 2:
        raise ValueError(f"resolution must be >= 2, got resolution={resolution!r}")
    (x_lo, x_hi), (y_lo, y_hi) = problem_bounds(problem, bounds)
    x, y = np.meshgrid(np.linspace(x_lo, x_hi, resolution), np.linspace(y_lo, y_hi, resolution))
    loss = np.asarray(problem.loss(np.stack([x, y])), dtype=np.float64)
    if loss.shape != x.shape:
        raise ValueError(
            f"{problem!r}.loss returned shape {loss.shape} for a grid of shape {x.shape}; "
            "its loss must accept arrays theta[0], theta[1] and return one value per point"
        )
    return Grid(x, y, loss)


def wants_log_levels(loss: np.ndarray) -> bool:
    """True when most of the grid lies in the bottom tenth of the loss range.

    Then evenly spaced levels would paint nearly the whole map one colour (Rosenbrock:
    a flat valley floor under walls a thousand times higher).
    """
    finite = loss[np.isfinite(loss)]
    if finite.size == 0:
        return False
    low, high = finite.min(), finite.max()
    return bool(high > low and (np.median(finite) - low) < 0.1 * (high - low))


def contour_levels(loss: np.ndarray, levels=LEVELS, log_levels=LOG_LEVELS) -> np.ndarray:
    """Contour heights: ``levels`` values spread evenly, or log-spaced above the lowest value.

    Log-spaced levels crowd near the bottom of the surface, where the interesting part
    of a valley (Rosenbrock's, say) lives. They are spaced in ``loss - min(loss)`` so
    that surfaces with negative losses (a saddle) work too.

    Parameters
    ----------
    loss : ndarray
        The grid of losses (non-finite values are ignored).
    levels : int or sequence of float
        How many levels, or the levels themselves (returned sorted).
    log_levels : bool or "auto"
        Space ``levels`` (an int) logarithmically; ``"auto"``: when
        ``wants_log_levels`` says the surface needs it.
    """
    if log_levels == "auto":
        log_levels = wants_log_levels(loss)
    elif not isinstance(log_levels, (bool, np.bool_)):
        raise ValueError(f"log_levels must be True, False or 'auto', got log_levels={log_levels!r}")
    if not isinstance(levels, (int, np.integer)) or isinstance(levels, bool):
        values = np.unique(np.asarray(levels, dtype=np.float64))
        if values.ndim != 1 or values.size < 1 or not np.all(np.isfinite(values)):
            raise ValueError(f"levels must be an int or finite numbers, got levels={levels!r}")
        return values
    count = check_positive_int("levels", levels)
    finite = loss[np.isfinite(loss)]
    if finite.size == 0:
        raise ValueError("the loss is not finite anywhere on the grid; check bounds")
    low, high = float(finite.min()), float(finite.max())
    if high <= low:  # a flat window: one level
        return np.array([low])
    if not log_levels:
        return np.linspace(low, high, count + 2)[1:-1]
    span = high - low
    # Start the levels just above the lowest grid values (the 0.1 % quantile of the
    # heights above the minimum), so the floor of a valley gets contours too.
    heights = finite - low
    floor = float(np.quantile(heights[heights > 0], 0.001))
    return low + np.geomspace(max(floor, span * 1e-12), span, count)


def uses_log_levels(loss: np.ndarray, levels=LEVELS, log_levels=LOG_LEVELS) -> bool:
    """True when :func:`contour_levels` spaces the levels logarithmically for these arguments."""
    if not isinstance(levels, (int, np.integer)) or isinstance(levels, bool):
        return False  # levels given by the caller: theirs, not ours
    if log_levels == "auto":
        return wants_log_levels(loss)
    return bool(log_levels)


def clip_to_box(thetas, losses, bounds, z_range) -> np.ndarray:
    """Points ``(x, y, loss)`` of a path, NaN where they leave the 3-D box.

    2-D axes clip lines at their edges, 3-D axes do not: a run that leaves the window
    would be drawn across the whole figure. NaN breaks the line there instead.
    """
    points = np.column_stack([thetas, losses]).astype(np.float64)
    (x_lo, x_hi), (y_lo, y_hi) = bounds
    inside = (
        (points[:, 0] >= x_lo) & (points[:, 0] <= x_hi)
        & (points[:, 1] >= y_lo) & (points[:, 1] <= y_hi)
        & (points[:, 2] >= z_range[0]) & (points[:, 2] <= z_range[1])
    )  # fmt: skip
    points[~inside] = np.nan
    return points


def _check_ax(ax, projection: str | None) -> None:
    is_3d = getattr(ax, "name", "") == "3d"
    if projection == "3d" and not is_3d:
        raise ValueError(
            "ax must be a 3-D axes, e.g. fig.add_subplot(projection='3d'); "
            f"got ax={type(ax).__name__}"
        )
    if projection is None and is_3d:
        raise ValueError(f"ax must be a 2-D axes, got ax={type(ax).__name__} (3-D)")


def _add_colorbar(ax, contour_set, label: str) -> None:
    # Levels are not round numbers: two significant digits, never "0" for 0.003.
    bar = ax.figure.colorbar(contour_set, ax=ax, format=FuncFormatter(short_number))
    bar.set_label(label, fontsize=FONT_SIZES["label"])
    bar.ax.tick_params(labelsize=FONT_SIZES["ticks"])
    # The labels mark every other level and the colour bands show the levels between,
    # so no minor ticks: they were ten more ticks to make and draw (~10 ms a map).
    bar.minorticks_off()


def _finish_legend(ax, show: bool) -> None:
    handles, labels = ax.get_legend_handles_labels()
    if show and handles:
        # "best" tries every drawn path for the least overlap: on a 3-D surface, every
        # polygon of the mesh (up to seconds). The corners of a 3-D box stay empty.
        loc = "upper left" if getattr(ax, "name", "") == "3d" else "best"
        ax.legend(fontsize=FONT_SIZES["legend"], loc=loc, framealpha=0.9)


def contours(
    problem,
    paths=None,
    ax=None,
    *,
    filled: bool = True,
    levels=LEVELS,
    log_levels=LOG_LEVELS,
    resolution: int = 200,
    bounds=None,
    equal_aspect: bool = False,
    show_minimum: bool = True,
    legend: bool = True,
    colorbar: bool | None = None,
    markers: bool | None = None,
    cmap: str = SURFACE_CMAP,
    title: str | None = None,
    figsize=(6.0, 5.0),
):
    """A contour map of the loss with optimizer paths drawn on it.

    Each path is a line in its optimizer's colour from a round start marker to a square
    end marker; the legend names each optimizer; a star marks the known minimum.

    Parameters
    ----------
    problem : Problem
        A 2-parameter problem (``loss``, ``names``, ``bounds``, ``minimum``).
    paths : dict, list of pairs or Trajectory, optional
        ``{label: Trajectory}``, ``[(label or optimizer, Trajectory), ...]`` or one
        ``Trajectory``; see :mod:`gdcourse.plotting.paths`.
    ax : matplotlib Axes, optional
        Draw here instead of on a new figure.
    filled : bool
        Filled contours (``contourf``) under thin contour lines; else lines only.
    levels : int or sequence of float
        Number of contour levels, or the levels themselves.
    log_levels : bool or "auto"
        Log-spaced levels, dense near the minimum (good for Rosenbrock-like valleys);
        ``"auto"`` picks them when most of the map lies near the bottom of the range.
    resolution : int
        Grid points per axis.
    bounds : ((lo0, hi0), (lo1, hi1)), optional
        The window; default ``problem.bounds``. Paths leaving it are clipped, so a
        diverging run does not zoom the picture out.
    equal_aspect : bool
        Same scale on both axes, so circles look round (the condition number shows).
    show_minimum : bool
        Mark ``problem.minimum`` with a star.
    legend : bool
        Add a legend (when there is something to name).
    colorbar : bool, optional
        A colour bar that reads the colours as loss values. Default: on for a new figure;
        off when drawing on a given ``ax`` (its figure's layout is the caller's). With
        log-spaced levels the colour bar's label says so, or, without a colour bar, the
        title does.
    markers : bool, optional
        A dot at every step; default only for paths of at most 60 steps.
    cmap : str
        Matplotlib colour map of the filled contours.
    title : str, optional
        Axes title; default the problem's name.
    figsize : (float, float)
        Size of a new figure in inches.

    Returns
    -------
    matplotlib.figure.Figure or matplotlib.axes.Axes
        The new figure, or ``ax`` when it was given. Show it with ``plt.show()``.
    """
    path_list = as_paths(paths)
    surface = grid(problem, resolution=resolution, bounds=bounds)
    heights = contour_levels(surface.loss, levels, log_levels)
    log_spaced = uses_log_levels(surface.loss, levels, log_levels) and heights.size >= 2
    given_ax = ax is not None
    if colorbar is None:
        colorbar = not given_ax
    colorbar_label = "loss (log-spaced levels)" if log_spaced else "loss"
    if given_ax:
        _check_ax(ax, None)
    else:
        fig, ax = new_single_axes(figsize, colorbar=colorbar)

    # contourf needs at least two levels to fill a band between them.
    if filled and heights.size >= 2:
        # Colour by band number, not by height: with log-spaced levels a linear colour
        # scale would paint every band near the floor the same dark colour.
        norm = BoundaryNorm(heights, ncolors=colormaps[cmap].N, extend="both")
        filled_set = ax.contourf(
            surface.x, surface.y, surface.loss, levels=heights, cmap=cmap, norm=norm,
            alpha=0.75, extend="both",
        )  # fmt: skip
        ax.contour(
            surface.x, surface.y, surface.loss, levels=heights, colors="white", linewidths=0.4,
            alpha=0.4,
        )  # fmt: skip
        if colorbar:
            _add_colorbar(ax, filled_set, colorbar_label)
    else:
        line_norm = BoundaryNorm(heights, ncolors=colormaps[cmap].N) if heights.size >= 2 else None
        line_set = ax.contour(
            surface.x, surface.y, surface.loss, levels=heights, cmap=cmap, norm=line_norm,
            linewidths=1.2,
        )  # fmt: skip
        if colorbar and heights.size >= 2:  # one level has no range of colours to read
            _add_colorbar(ax, line_set, colorbar_label)

    for path in path_list:
        draw_path(ax, path, markers=markers)
    minima = minimum_points(problem) if show_minimum else None
    if minima is not None:
        ax.plot(
            minima[:, 0], minima[:, 1], "*", color="gold", ms=16, mec="black", mew=1.0,
            label="minimum", zorder=5,
        )  # fmt: skip

    (x_lo, x_hi), (y_lo, y_hi) = problem_bounds(problem, bounds)
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    # At most six ticks an axis: enough to read a position off the map, and each tick
    # is about a millisecond to make and draw.
    ax.locator_params(nbins=5)
    if equal_aspect:
        ax.set_aspect("equal")
    xlabel, ylabel = axis_labels(problem)
    if title is None:
        title = problem_title(problem)
    if log_spaced and not colorbar:  # the reader must learn it from the figure itself
        title = f"{title} (log-spaced levels)" if title else "log-spaced levels"
    style_axes(ax, xlabel=xlabel, ylabel=ylabel, title=title)
    _finish_legend(ax, legend and bool(path_list))
    return ax if given_ax else ax.figure


def surface_3d(
    problem,
    paths=None,
    ax=None,
    *,
    resolution: int = 60,
    bounds=None,
    cmap: str = SURFACE_CMAP,
    alpha: float = 0.8,
    elev: float = 30.0,
    azim: float = -60.0,
    legend: bool = True,
    title: str | None = None,
    figsize=(6.0, 5.0),
):
    """The error surface in 3-D, with optimizer paths drawn on it.

    Parameters
    ----------
    problem : Problem
        A 2-parameter problem.
    paths : dict, list of pairs or Trajectory, optional
        As in :func:`contours`; each path is lifted to its loss values.
    ax : Axes3D, optional
        A 3-D axes (``fig.add_subplot(projection="3d")``) to draw on.
    resolution : int
        Grid points per axis (3-D surfaces cost more to draw than contours).
    bounds : ((lo0, hi0), (lo1, hi1)), optional
        The window; default ``problem.bounds``.
    cmap : str
        Colour map of the surface.
    alpha : float
        Surface opacity, below 1 so the paths stay visible.
    elev, azim : float
        Viewing angles in degrees.
    legend : bool
        Add a legend naming the paths.
    title : str, optional
        Axes title; default the problem's name.
    figsize : (float, float)
        Size of a new figure in inches.

    Returns
    -------
    matplotlib.figure.Figure or Axes3D
        The new figure, or ``ax`` when it was given. Show it with ``plt.show()``.
    """
    path_list = as_paths(paths)
    surface = grid(problem, resolution=resolution, bounds=bounds)
    given_ax = ax is not None
    if given_ax:
        _check_ax(ax, "3d")
    else:
        fig = plt.figure(figsize=figsize)
        ax = fig.add_subplot(projection="3d", computed_zorder=False)
        # Fixed margins, not a layout engine (see fixed_margins): a 3-D axes is slow to
        # measure, and show() crops the picture anyway.
        fixed_margins(fig, left=0.3, right=0.6, bottom=0.3, top=0.5)
    # Draw the surface first and the paths above it: mplot3d has no true depth test,
    # so paths get a higher zorder to stay visible instead of vanishing behind it.
    ax.plot_surface(
        surface.x, surface.y, surface.loss, cmap=cmap, alpha=alpha, linewidth=0,
        antialiased=True, zorder=1,
    )  # fmt: skip
    window = problem_bounds(problem, bounds)
    z_range = (float(np.nanmin(surface.loss)), float(np.nanmax(surface.loss)))
    for path in path_list:
        points = clip_to_box(path.thetas, path_losses(path, problem), window, z_range)
        ax.plot(
            *points.T, color=path.colour, linestyle=path.linestyle, lw=2,
            label=legend_label(path), zorder=10,
        )  # fmt: skip
        ax.plot(*points[-1:].T, "s", color=path.colour, ms=6, mec="white", zorder=11)
    (x_lo, x_hi), (y_lo, y_hi) = window
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.set_zlim(*z_range)
    ax.view_init(elev=elev, azim=azim)
    # Powers of ten instead of six-digit tick labels on steep surfaces (Beale), the
    # offset written as plain text (1e5): typeset labels would need matplotlib's maths
    # parser, about 0.1 s the first time in a kernel.
    ax.ticklabel_format(axis="z", style="sci", scilimits=(-3, 4), useMathText=False)
    xlabel, ylabel = axis_labels(problem)
    style_axes(
        ax,
        xlabel=xlabel,
        ylabel=ylabel,
        zlabel="loss",
        title=problem_title(problem) if title is None else title,
    )
    _finish_legend(ax, legend and bool(path_list))
    return ax if given_ax else ax.figure


def surface_and_contours(
    problem,
    paths=None,
    *,
    resolution: int = 80,
    bounds=None,
    levels=LEVELS,
    log_levels=LOG_LEVELS,
    cmap: str = SURFACE_CMAP,
    elev: float = 30.0,
    azim: float = -60.0,
    title: str | None = None,
    figsize=(11.0, 4.8),
):
    """The "guess the surface" figure: a 3-D surface next to its contour map.

    Reading one picture against the other teaches how contour lines encode height:
    lines close together mean a steep slope, far apart a gentle one.

    Parameters
    ----------
    problem : Problem
        A 2-parameter problem.
    paths : dict, list of pairs or Trajectory, optional
        Drawn on both panels.
    resolution, bounds, levels, log_levels, cmap, elev, azim
        As in :func:`surface_3d` and :func:`contours` (same grid for both panels).
    title : str, optional
        Figure title; default the problem's name.
    figsize : (float, float)
        Figure size in inches.

    Returns
    -------
    matplotlib.figure.Figure
        With two axes: the 3-D surface (left) and the contour map (right).
    """
    fig = plt.figure(figsize=figsize)
    ax3d = fig.add_subplot(1, 2, 1, projection="3d", computed_zorder=False)
    ax2d = fig.add_subplot(1, 2, 2)
    # Between the panels: the 3-D panel's z label and the map's ticks and label; on the
    # right the colour bar's; on top the title over the panel titles.
    fixed_margins(fig, left=0.3, right=1.1, bottom=0.7, top=0.85, gap=1.2)
    surface_3d(
        problem, paths, ax=ax3d, resolution=resolution, bounds=bounds, cmap=cmap, elev=elev,
        azim=azim, legend=False, title="surface",
    )  # fmt: skip
    contours(
        problem, paths, ax=ax2d, resolution=resolution, bounds=bounds, levels=levels,
        log_levels=log_levels, cmap=cmap, title="contours", colorbar=True,
    )  # fmt: skip
    fig.suptitle(problem_title(problem) if title is None else title, fontsize=FONT_SIZES["title"])
    return fig
