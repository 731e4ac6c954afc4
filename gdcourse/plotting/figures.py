"""The pictures the widgets show, as plain functions of their parameters.

Each widget of :mod:`gdcourse.widgets` only wires sliders to one of these; the book
shows the same picture without a kernel. Both sides start from one set of defaults
(:data:`EXPLORER`, :data:`RACE`, :data:`LEARNING_RATE`), so the book's picture is
exactly the widget's starting state.

- :func:`explorer_figure`: one optimizer's path on a contour map and its loss curve
  (the picture of ``optimizer_explorer`` and ``learning_rate_explorer``);
- :func:`race_figure`: several optimizers from one start (``optimizer_race``);
- :func:`learning_rate_figure`: several learning rates side by side (no widget: it
  compares what the η slider shows one at a time).

Drawing is where the course spends its time, so a :class:`TwoPanels` picture draws its
contour map once and, for every new run, only replaces the paths, the loss panel and
the legend. A widget keeps one and redraws it; a scrubbable figure
(:mod:`gdcourse.plotting.scrubber`) draws all its frames with one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import colormaps
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .._checks import check_positive, check_positive_int
from ..run import run
from .curves import loss_curves
from .knobs import available_optimizers, make_optimizer, resolve_optimizer, start_point
from .paths import Path, as_paths, draw_path, legend_label, path_losses
from .style import FONT_SIZES, label_for, plain_text_log_axes, problem_title
from .surfaces import LEVELS, LOG_LEVELS, contours


@dataclass(frozen=True)
class FigureDefaults:
    """Starting values shared by a widget and its static figure.

    Attributes
    ----------
    optimizer : str
        The optimizer drawn when none is named.
    steps : int
        Number of updates.
    resolution : int
        Grid points per axis of the contour map.
    lr : float or None
        The starting η, where the picture has one η for all runs.
    """

    optimizer: str
    steps: int
    resolution: int
    lr: float | None = None


#: The size of every two-panel picture: 880 x 416 pixels, light enough for many frames.
FIGSIZE = (11.0, 5.2)
DPI = 80

EXPLORER = FigureDefaults("Momentum", steps=50, resolution=80)
RACE = FigureDefaults("GD", steps=100, resolution=80, lr=0.01)
LEARNING_RATE = FigureDefaults("GD", steps=100, resolution=80, lr=0.1)

#: The optimizers a race starts with (those that exist in :mod:`gdcourse.optimizers`).
RACE_DEFAULT = ("GD", "Momentum", "NAG", "RMSProp", "Adam")


class Outcome(NamedTuple):
    """How one run ended, for messages, readouts and alt texts.

    Attributes
    ----------
    label : str
        The run's legend label.
    steps : int
        Updates taken (before the divergence, if any).
    final_loss : float
        The last finite loss.
    diverged_at : int or None
        The step at which the run became non-finite, else None.
    message : str
        ``run``'s divergence message, else ``""``.
    """

    label: str
    steps: int
    final_loss: float
    diverged_at: int | None
    message: str

    def summary(self) -> str:
        """``"final loss 0.0123 after 100 steps"`` or ``"diverged at step 12"``."""
        if self.diverged_at is not None:
            return f"diverged at step {self.diverged_at}"
        return f"final loss {self.final_loss:.3g} after {self.steps} steps"


def run_paths(
    entries: Sequence[tuple[str, Any, str | None]], problem: Any, start: Any, steps: int
) -> list[tuple[Path, Outcome]]:
    """Run each ``(label, optimizer, colour or None)``; a divergence stops its run."""
    results = []
    for label, optimizer, colour in entries:
        trajectory = run(optimizer, problem, start, steps, on_divergence="stop")
        path = as_paths([(label, trajectory)])[0]
        if colour is not None:
            path = path._replace(colour=colour)
        losses = path_losses(path, problem)
        finite = losses[np.isfinite(losses)]
        final = float(finite[-1]) if finite.size else math.nan
        # run() stops at the first non-finite step, one after the last recorded one.
        diverged_at = path.steps + 1 if trajectory.diverged else None
        message = trajectory.message if trajectory.diverged else ""
        results.append((path, Outcome(label, path.steps, final, diverged_at, message)))
    return results


def new_figure(pyplot: bool = False) -> Figure:
    """A figure of the two-panel size, through pyplot (so ``plt.show()`` shows it) or not.

    Widgets and scrubbers draw on a figure pyplot never sees, so nothing is left open.
    """
    if pyplot:
        return plt.figure(figsize=FIGSIZE, dpi=DPI)
    figure = Figure(figsize=FIGSIZE, dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def pixels(fig: Figure) -> np.ndarray:
    """Draw ``fig`` and return its RGBA pixels, shape (height, width, 4).

    Log axes with matplotlib's default labels get them as plain text first (see
    :func:`~gdcourse.plotting.style.plain_text_log_axes`), as :func:`~gdcourse.plotting.show`
    does.
    """
    plain_text_log_axes(fig)
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()  # type: ignore[attr-defined]


class TwoPanels:
    """A contour map with paths (left) and their loss curves (right), one legend below.

    The contour map is drawn once; :meth:`show` replaces the paths, the title, the loss
    panel and the legend, so one picture serves every slider position.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        An empty figure (see :func:`new_figure`).
    problem : Problem
        A 2-parameter problem.
    resolution, levels, log_levels
        As in :func:`gdcourse.plotting.contours`.
    """

    def __init__(
        self,
        fig: Figure,
        problem: Any,
        *,
        resolution: int,
        levels: Any = LEVELS,
        log_levels: Any = LOG_LEVELS,
    ) -> None:
        self.fig = fig
        self.problem = problem
        self.ax_map, self.ax_loss = fig.subplots(1, 2)
        contours(
            problem, None, ax=self.ax_map, resolution=resolution, levels=levels,
            log_levels=log_levels, legend=False,
        )  # fmt: skip
        # The star of the minimum, if any: the last entry of every legend.
        self._minimum = [line for line in self.ax_map.lines if line.get_label() == "minimum"]
        self._artists: list[Artist] = []
        self._background: Any = None
        self._background_key: tuple[Any, ...] = ()
        self._drawn = False  # the first picture is a full draw (see pixels)

    def show(self, runs: Sequence[tuple[Path, Outcome]], title: str) -> list[Outcome]:
        """Draw ``runs`` (from :func:`run_paths`) instead of the previous ones."""
        for artist in self._artists:
            artist.remove()
        for legend in list(self.fig.legends):
            legend.remove()
        self._artists = []
        paths = [path for path, _ in runs]
        lines = []
        for path in paths:
            drawn = draw_path(self.ax_map, path)
            lines.append(drawn[0])
            self._artists += drawn
        self.ax_map.set_title(title, fontsize=FONT_SIZES["title"])
        self._clear_loss_panel()
        if paths:
            loss_curves(paths, ax=self.ax_loss, problem=self.problem, legend=False)
        else:
            self.ax_loss.text(0.5, 0.5, "select at least one optimizer", ha="center")
        notes = [f"{path.label}: {o.summary()}" for path, o in runs if o.diverged_at is not None]
        if notes:  # which runs stopped, on the loss panel instead of a plot full of NaN
            self.ax_loss.text(
                0.98, 0.98, "\n".join(notes), transform=self.ax_loss.transAxes, fontsize=9,
                color="firebrick", ha="right", va="top",
                bbox={"facecolor": "white", "alpha": 0.9, "edgecolor": "firebrick"},
            )  # fmt: skip
        labels = [legend_label(path) for path in paths] + ["minimum"] * len(self._minimum[:1])
        self._legend([*lines, *self._minimum[:1]], labels)
        return [outcome for _, outcome in runs]

    def _clear_loss_panel(self) -> None:
        # Not ax.cla(): that would rebuild every tick, a fifth of the cost of a frame.
        # Removing the curves and texts and letting the limits follow the new curves
        # gives the same picture (tests/test_figures.py compares it with a new figure).
        ax = self.ax_loss
        for artist in [*ax.lines, *ax.texts]:
            artist.remove()
        ax.relim()
        ax.set_autoscale_on(True)
        ax.set_yscale("linear")

    def pixels(self) -> np.ndarray:
        """Draw the picture and return its RGBA pixels, shape (height, width, 4).

        The first call is a full draw. Later calls give the same pixels as a full draw
        (:func:`pixels`) at about half the cost: the contour map with its ticks and
        labels is drawn once and kept as a bitmap; each call restores it and draws on
        top, in the order a full draw would, only what changes: the paths, the star of
        the minimum above them, the title, the loss panel and the legend.
        """
        canvas = self.fig.canvas
        if not self._drawn:
            # The first picture is often the only one (a notebook run, the book's
            # starting frame): one full draw, without keeping a background for later.
            self._drawn = True
            canvas.draw()
            return np.asarray(canvas.buffer_rgba()).copy()  # type: ignore[attr-defined]
        on_map = sorted(
            [*self._artists, *self._minimum, self.ax_map.title], key=lambda a: a.get_zorder()
        )
        changing = [*on_map, self.ax_loss, *self.fig.legends]
        key = (self.ax_map.get_position().bounds, self.ax_loss.get_position().bounds)
        if self._background is None or key != self._background_key:
            # A full draw places the title (above the highest artist); a draw with the
            # title hidden would move it off the picture, so its place is kept.
            canvas.draw()
            title_position = self.ax_map.title.get_position()
            shown = [artist.get_visible() for artist in changing]
            for artist in changing:
                artist.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)  # type: ignore[attr-defined]
            self._background_key = key
            for artist, visible in zip(changing, shown, strict=True):
                artist.set_visible(visible)
            self.ax_map.title.set_position(title_position)
        canvas.restore_region(self._background)  # type: ignore[attr-defined]
        renderer = canvas.get_renderer()  # type: ignore[attr-defined]
        for artist in on_map:
            self.ax_map.draw_artist(artist)
        self.ax_loss.draw(renderer)
        for legend in self.fig.legends:
            legend.draw(renderer)
        return np.asarray(canvas.buffer_rgba()).copy()  # type: ignore[attr-defined]

    def _legend(self, handles: list[Artist], labels: list[str]) -> None:
        # Fixed margins instead of a layout engine: constrained layout would cost a third
        # of the drawing time, and these two panels always have the same furniture.
        columns = min(len(labels), 3) or 1
        rows = -(-len(labels) // columns)
        height = self.fig.get_size_inches()[1]
        legend_space = (0.22 * rows + 0.12) / height if handles else 0.0
        self.fig.subplots_adjust(
            left=0.07, right=0.98, top=0.92, bottom=0.1 + legend_space, wspace=0.28
        )
        if handles:
            # Below the panels, not on them: long labels such as "Adam (η=0.1, β₁=0.9)"
            # would otherwise hide the paths.
            self.fig.legend(
                handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncols=columns,
                fontsize=FONT_SIZES["legend"], frameon=False,
            )  # fmt: skip


class Explorer:
    """The picture of one optimizer's run, redrawn for new hyperparameters.

    The picture of ``optimizer_explorer`` and ``learning_rate_explorer``, and of
    :func:`explorer_figure`.

    Parameters
    ----------
    problem : Problem
        A 2-parameter problem.
    optimizer : str or Optimizer
        A name (built with the values given to :meth:`draw`) or an optimizer.
    fig : matplotlib.figure.Figure, optional
        Draw here; default a new figure pyplot does not see.
    resolution, levels, log_levels
        As in :func:`gdcourse.plotting.contours`.
    """

    def __init__(
        self,
        problem: Any,
        optimizer: Any = EXPLORER.optimizer,
        *,
        fig: Figure | None = None,
        resolution: int = EXPLORER.resolution,
        levels: Any = LEVELS,
        log_levels: Any = LOG_LEVELS,
    ) -> None:
        if not isinstance(optimizer, str):
            optimizer = resolve_optimizer(optimizer, problem)
        self.problem = problem
        self.optimizer = optimizer
        self.fig = new_figure() if fig is None else fig
        self.panels = TwoPanels(
            self.fig, problem, resolution=resolution, levels=levels, log_levels=log_levels
        )

    def draw(self, steps: int, start: Any = None, **values: Any) -> list[Outcome]:
        """Run with ``values`` for ``steps`` from ``start`` and show the result."""
        steps = check_positive_int("steps", steps)
        if isinstance(self.optimizer, str):
            built = make_optimizer(self.optimizer, self.problem, **values)
        elif values:
            raise ValueError(f"hyperparameters {sorted(values)} need optimizer given by name")
        else:
            built = self.optimizer
        label = label_for(built)
        point = start_point(self.problem, start)
        runs = run_paths([(label, built, None)], self.problem, point, steps)
        return self.panels.show(runs, label)

    def pixels(self) -> np.ndarray:
        """The picture's RGBA pixels (see :meth:`TwoPanels.pixels`)."""
        return self.panels.pixels()


class Race:
    """The picture of several optimizers from one start, redrawn for a new η or steps.

    Parameters
    ----------
    problem : Problem
        A 2-parameter problem.
    fig : matplotlib.figure.Figure, optional
        Draw here; default a new figure pyplot does not see.
    resolution : int
        Grid points per axis of the contour map.
    """

    def __init__(
        self, problem: Any, *, fig: Figure | None = None, resolution: int = RACE.resolution
    ) -> None:
        self.problem = problem
        self.fig = new_figure() if fig is None else fig
        self.panels = TwoPanels(self.fig, problem, resolution=resolution)

    def draw(
        self, optimizers: Sequence[Any], steps: int, lr: float | None, start: Any = None
    ) -> list[Outcome]:
        """Run each optimizer (names built with ``lr``) and show the paths."""
        steps = check_positive_int("steps", steps)
        built = [resolve_optimizer(opt, self.problem, lr) for opt in optimizers]
        entries = [(label_for(opt), opt, None) for opt in built]
        runs = run_paths(entries, self.problem, start_point(self.problem, start), steps)
        return self.panels.show(runs, problem_title(self.problem))

    def pixels(self) -> np.ndarray:
        """The picture's RGBA pixels (see :meth:`TwoPanels.pixels`)."""
        return self.panels.pixels()


def race_entries(optimizers: Any) -> list[Any]:
    """The runners of a race: :data:`RACE_DEFAULT` for None, one name or a list of them."""
    if optimizers is None:
        known = available_optimizers()
        return [name for name in RACE_DEFAULT if name in known]
    if isinstance(optimizers, str) or not hasattr(optimizers, "__iter__"):
        optimizers = [optimizers]
    entries = list(optimizers)
    if not entries:
        raise ValueError(f"optimizers must not be empty, got optimizers={optimizers!r}")
    return entries


def explorer_figure(
    problem: Any,
    optimizer: Any = EXPLORER.optimizer,
    steps: int = EXPLORER.steps,
    start: Any = None,
    *,
    resolution: int = EXPLORER.resolution,
    levels: Any = LEVELS,
    log_levels: Any = LOG_LEVELS,
    **values: Any,
) -> Figure:
    """The picture ``optimizer_explorer`` starts with, for chosen hyperparameters.

    Parameters
    ----------
    problem : Problem
        A 2-parameter problem.
    optimizer : str or Optimizer
        A name from :mod:`gdcourse.optimizers` (built with ``**values``) or an optimizer.
    steps : int
        Number of updates.
    start : (float, float), optional
        Start point; default ``problem.start`` (see :func:`gdcourse.widgets.start_point`).
    resolution, levels, log_levels
        As in :func:`gdcourse.plotting.contours`.
    **values
        Hyperparameters, e.g. ``lr=0.1, gamma=0.9``.

    Returns
    -------
    matplotlib.figure.Figure
        Contour map with the path (left), loss curve (right). Show it with ``plt.show()``.
    """
    steps = check_positive_int("steps", steps)
    if not isinstance(optimizer, str) and values:
        raise ValueError(f"hyperparameters {sorted(values)} need optimizer given by name")
    explorer = Explorer(
        problem, optimizer, fig=new_figure(pyplot=True), resolution=resolution, levels=levels,
        log_levels=log_levels,
    )  # fmt: skip
    explorer.draw(steps, start, **values)
    return explorer.fig


def race_figure(
    problem: Any,
    optimizers: Any = None,
    steps: int = RACE.steps,
    start: Any = None,
    *,
    lr: float | None = RACE.lr,
    resolution: int = RACE.resolution,
) -> Figure:
    """The picture ``optimizer_race`` starts with: several optimizers from one start.

    Parameters
    ----------
    problem : Problem
        A 2-parameter problem.
    optimizers : list of str or Optimizer, optional
        Names (built with ``lr`` and their other defaults) or optimizers; default the
        ones of ``gdcourse.widgets.RACE_DEFAULT`` that exist.
    steps : int
        Number of updates for each.
    start : (float, float), optional
        Common start point; default ``problem.start``.
    lr : float or None
        Learning rate for the optimizers given by name (None: each its own default).
    resolution : int
        Grid points per axis of the contour map.

    Returns
    -------
    matplotlib.figure.Figure
        Contour map with every path (left), loss curves (right).
    """
    steps = check_positive_int("steps", steps)
    race = Race(problem, fig=new_figure(pyplot=True), resolution=resolution)
    race.draw(race_entries(optimizers), steps, lr, start)
    return race.fig


def _eta_colours(count: int) -> list[Any]:
    # Small η magenta to large η yellow, so the order of the runs reads off the colour
    # (the dark end of plasma would vanish in the dark valleys of the map).
    cmap = colormaps["plasma"]
    return [cmap(x) for x in np.linspace(0.35, 0.9, count)] if count > 1 else [cmap(0.6)]


def _check_etas(etas: Any) -> list[float]:
    try:
        values = [float(eta) for eta in etas]
    except (TypeError, ValueError):
        raise ValueError(f"etas must be a list of learning rates > 0, got etas={etas!r}") from None
    if not values:
        raise ValueError(f"etas must not be empty, got etas={etas!r}")
    return [check_positive("etas", value) for value in values]


def learning_rate_figure(
    problem: Any = None,
    etas: Sequence[float] = (0.01, 0.1, 1.0, 10.0),
    optimizer: str = LEARNING_RATE.optimizer,
    steps: int = LEARNING_RATE.steps,
    start: Any = None,
    *,
    resolution: int = LEARNING_RATE.resolution,
) -> Figure:
    """One run per learning rate η on one map: too small crawls, too large jumps or blows up.

    The η slider of ``learning_rate_explorer`` shows these one at a time (its picture is
    :func:`explorer_figure`); this figure puts them side by side. A run that diverges
    stops; the loss panel says which one and at what step.

    Parameters
    ----------
    problem : Problem, optional
        Default the toy neuron of Khapra's notes (:func:`gdcourse.problems.sigmoid_neuron`).
    etas : sequence of float
        The learning rates to compare (> 0).
    optimizer : str
        Name of the optimizer (its other hyperparameters keep their defaults).
    steps : int
        Number of updates per run.
    start : (float, float), optional
        Start point; default ``problem.start`` or, for the toy neuron, (-2, -2).
    resolution : int
        Grid points per axis of the contour map.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ..problems import sigmoid_neuron

    problem = sigmoid_neuron() if problem is None else problem
    steps = check_positive_int("steps", steps)
    values = _check_etas(etas)
    fig = new_figure(pyplot=True)
    panels = TwoPanels(fig, problem, resolution=resolution)
    entries = [
        (f"η={eta:g}", make_optimizer(optimizer, problem, lr=eta), colour)
        for eta, colour in zip(values, _eta_colours(len(values)), strict=True)
    ]
    runs = run_paths(entries, problem, start_point(problem, start), steps)
    panels.show(runs, f"{optimizer} on {problem_title(problem)}")
    return fig
