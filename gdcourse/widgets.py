"""Knobs: sliders that rerun an optimizer and redraw its path as you move them.

Three widgets, each with a twin that draws the same picture for chosen values:

- :func:`optimizer_explorer` (twin :func:`explorer_figure`): what each hyperparameter does;
- :func:`optimizer_race` (twin :func:`race_figure`): several optimizers on one surface;
- :func:`learning_rate_explorer` (twin :func:`learning_rate_figure`): too small, right
  and too large η.

The static book cannot run widget callbacks, so chapters show the twin there. A widget
draws into a PNG image widget (not into an ``Output``): the picture does not depend on
the kernel's display machinery, and a test can read it.

Optimizers are built by name from :mod:`gdcourse.optimizers` (``getattr``), so a new
optimizer appears here without any change; its sliders come from the hyperparameters
its constructor takes (``lr``, ``gamma``, ``beta``, ``beta1``, ``beta2``, ``rho``, ``eps``).
"""

from __future__ import annotations

import html
import inspect
import io
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import optimizers as optimizer_module
from ._checks import check_positive, check_positive_int
from .plotting.curves import loss_curves
from .plotting.paths import as_paths
from .plotting.style import FONT_SIZES, label_for, problem_title
from .plotting.surfaces import contours, problem_bounds
from .problems import sigmoid_neuron
from .run import run


@dataclass(frozen=True)
class SliderSpec:
    """How a hyperparameter is shown: its symbol, its range and whether the scale is log."""

    symbol: str
    low: float
    high: float
    default: float
    log: bool = False
    step: float = 0.01
    digits: int = 2


#: The hyperparameters that get a slider, with the lecture's symbols. Learning rates and
#: epsilons span decades, so their sliders move in powers of ten.
HYPERPARAMETERS = {
    "lr": SliderSpec("η", 1e-4, 10.0, 0.01, log=True, digits=4),
    "gamma": SliderSpec("γ", 0.0, 0.99, 0.9),
    "beta": SliderSpec("β", 0.0, 0.999, 0.9, step=0.001, digits=3),
    "beta1": SliderSpec("β₁", 0.0, 0.99, 0.9),
    "beta2": SliderSpec("β₂", 0.9, 0.9999, 0.999, step=0.0001, digits=4),
    "rho": SliderSpec("ρ", 0.0, 0.999, 0.9, step=0.001, digits=3),
    "eps": SliderSpec("ε", 1e-10, 1e-1, 1e-8, log=True, digits=1),
}

#: The optimizers a race starts with (those that exist in :mod:`gdcourse.optimizers`).
RACE_DEFAULT = ("GD", "Momentum", "NAG", "RMSProp", "Adam")


# ---------------------------------------------------------------- optimizers by name


def available_optimizers() -> list[str]:
    """Names of all optimizer classes in :mod:`gdcourse.optimizers`, in their listed order."""
    names = getattr(optimizer_module, "__all__", dir(optimizer_module))
    return [
        name
        for name in names
        if inspect.isclass(getattr(optimizer_module, name, None))
        and issubclass(getattr(optimizer_module, name), optimizer_module.Optimizer)
        and getattr(optimizer_module, name) is not optimizer_module.Optimizer
    ]


def optimizer_class(name: str) -> type:
    """The optimizer class called ``name``, or a ``ValueError`` listing the known ones."""
    if not isinstance(name, str) or name not in available_optimizers():
        known = available_optimizers()
        raise ValueError(f"optimizer must be one of {known}, got optimizer={name!r}")
    return getattr(optimizer_module, name)


def hyperparameters(name: str) -> dict[str, float]:
    """The slider hyperparameters the constructor of ``name`` takes, with their defaults.

    >>> hyperparameters("GD")
    {'lr': 0.01}
    """
    signature = inspect.signature(optimizer_class(name).__init__)
    found = {}
    for parameter in signature.parameters.values():
        if parameter.name in HYPERPARAMETERS:
            default = parameter.default
            number = isinstance(default, (int, float)) and not isinstance(default, bool)
            found[parameter.name] = (
                float(default) if number else HYPERPARAMETERS[parameter.name].default
            )
    return found


def make_optimizer(name: str, problem=None, **values):
    """Build the optimizer ``name`` with the given hyperparameters.

    Parameters
    ----------
    name : str
        A class name of :mod:`gdcourse.optimizers`, e.g. ``"Momentum"``.
    problem : Problem, optional
        Gives ``loss_fn=problem.loss`` to optimizers that need the loss (line search).
    **values
        Hyperparameters; names the constructor does not take are refused.
    """
    cls = optimizer_class(name)
    accepted = inspect.signature(cls.__init__).parameters
    unknown = sorted(set(values) - set(accepted))
    if unknown:
        known = sorted(key for key in accepted if key != "self")
        raise ValueError(f"{name} takes {known}, got unknown hyperparameters {unknown}")
    if "loss_fn" in accepted and "loss_fn" not in values:
        if problem is None:
            raise ValueError(f"{name} needs the loss: pass problem=... or loss_fn=...")
        values["loss_fn"] = problem.loss
    return cls(**values)


def start_point(problem, start=None) -> np.ndarray:
    """``start``, else ``problem.start``, else a third of the way in from the lower-left corner.

    For the toy neuron's window (-6, 6) x (-6, 6) the last rule gives the lecture's
    start (-2, -2).
    """
    if start is None:
        start = getattr(problem, "start", None)
    if start is None:
        (x_lo, x_hi), (y_lo, y_hi) = problem_bounds(problem)
        start = (x_lo + (x_hi - x_lo) / 3, y_lo + (y_hi - y_lo) / 3)
    point = np.asarray(start, dtype=np.float64)
    if point.shape != (2,) or not np.all(np.isfinite(point)):
        raise ValueError(f"start must be two finite numbers, got start={start!r}")
    return point


def _resolve(optimizer, problem, lr=None):
    """An optimizer instance from a name (with ``lr`` when given) or an instance as is."""
    if isinstance(optimizer, str):
        values = {"lr": lr} if lr is not None and "lr" in hyperparameters(optimizer) else {}
        return make_optimizer(optimizer, problem, **values)
    if not (hasattr(optimizer, "init") and hasattr(optimizer, "update")):
        raise ValueError(f"optimizer must be a name or an optimizer, got optimizer={optimizer!r}")
    return optimizer


# ---------------------------------------------------------------- the pictures


def _messages_box(ax, notes: list[str]) -> None:
    """Which runs stopped, written on the loss panel instead of a plot full of NaN."""
    if notes:
        ax.text(
            0.98, 0.98, "\n".join(notes), transform=ax.transAxes, fontsize=9,
            color="firebrick", ha="right", va="top",
            bbox={"facecolor": "white", "alpha": 0.9, "edgecolor": "firebrick"},
        )  # fmt: skip


def _two_panels(fig: Figure, problem, runs, title, resolution, levels, log_levels):
    """Contour map with the paths (left), their loss curves (right), one legend below both."""
    paths = [path for path, _ in runs]
    ax_map, ax_loss = fig.subplots(1, 2)
    contours(
        problem, paths, ax=ax_map, resolution=resolution, levels=levels, log_levels=log_levels,
        title=title, legend=False,
    )  # fmt: skip
    loss_curves(paths, ax=ax_loss, problem=problem, legend=False)
    # run() stops at the first non-finite step, one after the last recorded one.
    _messages_box(
        ax_loss,
        [f"{path.label}: diverged at step {path.steps + 1}" for path, message in runs if message],
    )
    handles, labels = ax_map.get_legend_handles_labels()
    # Fixed margins instead of a layout engine: constrained layout would cost a third of
    # the drawing time, and these two panels always have the same furniture.
    columns = min(len(labels), 3) or 1
    rows = -(-len(labels) // columns)
    height = fig.get_size_inches()[1]
    legend_space = (0.22 * rows + 0.12) / height if handles else 0.0
    fig.subplots_adjust(left=0.07, right=0.98, top=0.92, bottom=0.1 + legend_space, wspace=0.28)
    if handles:
        # Below the panels, not on them: long labels such as "Adam (η=0.1, β₁=0.9, ...)"
        # would otherwise hide the paths.
        fig.legend(
            handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncols=columns,
            fontsize=FONT_SIZES["legend"], frameon=False,
        )  # fmt: skip
    return [f"{path.label}: {message}" for path, message in runs if message]


def _run_all(entries, problem, start, steps):
    """Run each (label, optimizer, colour or None); return (path, divergence message) pairs."""
    runs = []
    for label, optimizer, colour in entries:
        trajectory = run(optimizer, problem, start, steps, on_divergence="stop")
        path = as_paths([(label, trajectory)])[0]
        if colour is not None:
            path = path._replace(colour=colour)
        runs.append((path, trajectory.message if trajectory.diverged else ""))
    return runs


# Each _draw_* function draws on ``fig`` and returns the full divergence messages.


def _draw_explorer(fig, problem, optimizer, steps, start, resolution, levels, log_levels):
    runs = _run_all([(label_for(optimizer), optimizer, None)], problem, start, steps)
    return _two_panels(fig, problem, runs, label_for(optimizer), resolution, levels, log_levels)


def _draw_race(fig, problem, optimizers, steps, start, resolution, levels, log_levels):
    entries = [(label_for(opt), opt, None) for opt in optimizers]
    runs = _run_all(entries, problem, start, steps)
    return _two_panels(fig, problem, runs, problem_title(problem), resolution, levels, log_levels)


def _eta_colours(count: int) -> list[str]:
    # Small η magenta to large η yellow, so the order of the runs reads off the colour
    # (the dark end of plasma would vanish in the dark valleys of the map).
    cmap = colormaps["plasma"]
    return [cmap(x) for x in np.linspace(0.35, 0.9, count)] if count > 1 else [cmap(0.6)]


def _draw_learning_rates(fig, problem, optimizer, etas, steps, start, resolution):
    entries = [
        (f"η={eta:g}", make_optimizer(optimizer, problem, lr=eta), colour)
        for eta, colour in zip(etas, _eta_colours(len(etas)), strict=True)
    ]
    runs = _run_all(entries, problem, start, steps)
    title = f"{optimizer} on {problem_title(problem)}"
    return _two_panels(fig, problem, runs, title, resolution, 20, "auto")


def _new_figure(pyplot: bool, figsize=(11.0, 5.2), dpi: int = 80) -> Figure:
    # Static twins go through pyplot so that plt.show() shows them; widgets draw on a
    # Figure pyplot never sees, so nothing is left open behind the widget.
    if pyplot:
        return plt.figure(figsize=figsize)
    figure = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


def _check_etas(etas) -> list[float]:
    try:
        values = [float(eta) for eta in etas]
    except (TypeError, ValueError):
        raise ValueError(f"etas must be a list of learning rates > 0, got etas={etas!r}") from None
    if not values:
        raise ValueError(f"etas must not be empty, got etas={etas!r}")
    return [check_positive("etas", value) for value in values]


def explorer_figure(
    problem,
    optimizer="Momentum",
    steps: int = 50,
    start=None,
    *,
    resolution: int = 100,
    levels=20,
    log_levels="auto",
    **values,
):
    """The picture :func:`optimizer_explorer` draws, for chosen hyperparameters.

    Parameters
    ----------
    problem : Problem
        A 2-parameter problem.
    optimizer : str or Optimizer
        A name from :mod:`gdcourse.optimizers` (built with ``**values``) or an optimizer.
    steps : int
        Number of updates.
    start : (float, float), optional
        Start point; default ``problem.start`` (see :func:`start_point`).
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
    if isinstance(optimizer, str):
        optimizer = make_optimizer(optimizer, problem, **values)
    elif values:
        raise ValueError(f"hyperparameters {sorted(values)} need optimizer given by name")
    optimizer = _resolve(optimizer, problem)
    fig = _new_figure(True)
    _draw_explorer(
        fig, problem, optimizer, steps, start_point(problem, start), resolution,
        levels, log_levels,
    )  # fmt: skip
    return fig


def race_figure(
    problem,
    optimizers=None,
    steps: int = 100,
    start=None,
    *,
    lr: float | None = None,
    resolution: int = 100,
    levels=20,
    log_levels="auto",
):
    """The picture :func:`optimizer_race` draws: several optimizers from one start.

    Parameters
    ----------
    problem : Problem
        A 2-parameter problem.
    optimizers : list of str or Optimizer, optional
        Names (built with their default hyperparameters, and ``lr`` when given) or
        optimizers; default the ones of :data:`RACE_DEFAULT` that exist.
    steps : int
        Number of updates for each.
    start : (float, float), optional
        Common start point; default ``problem.start``.
    lr : float, optional
        Learning rate for the optimizers given by name.
    resolution, levels, log_levels
        As in :func:`gdcourse.plotting.contours`.

    Returns
    -------
    matplotlib.figure.Figure
        Contour map with every path (left), loss curves (right).
    """
    steps = check_positive_int("steps", steps)
    built = [_resolve(opt, problem, lr) for opt in _race_entries(optimizers)]
    fig = _new_figure(True)
    _draw_race(
        fig, problem, built, steps, start_point(problem, start), resolution,
        levels, log_levels,
    )  # fmt: skip
    return fig


def learning_rate_figure(
    problem=None,
    etas=(0.01, 0.1, 1.0, 10.0),
    optimizer: str = "GD",
    steps: int = 100,
    start=None,
    *,
    resolution: int = 100,
):
    """One run per learning rate η, side by side: too small crawls, too large jumps or blows up.

    A run that diverges stops (``on_divergence="stop"``); the loss panel says which one
    and at what step, and its path is drawn up to the last finite point. (On the toy
    neuron GD never overflows: the sigmoid keeps the gradient below 1.)

    Parameters
    ----------
    problem : Problem, optional
        Default the lecture's toy neuron (:func:`gdcourse.problems.sigmoid_neuron`).
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
    problem = sigmoid_neuron() if problem is None else problem
    steps = check_positive_int("steps", steps)
    fig = _new_figure(True)
    _draw_learning_rates(
        fig, problem, optimizer, _check_etas(etas), steps,
        start_point(problem, start), resolution,
    )  # fmt: skip
    return fig


def _race_entries(optimizers):
    if optimizers is None:
        known = available_optimizers()
        return [name for name in RACE_DEFAULT if name in known]
    if isinstance(optimizers, str) or not hasattr(optimizers, "__iter__"):
        optimizers = [optimizers]
    entries = list(optimizers)
    if not entries:
        raise ValueError(f"optimizers must not be empty, got optimizers={optimizers!r}")
    return entries


# ---------------------------------------------------------------- the widgets


def _slider(name: str, value: float, description: str | None = None):
    spec = HYPERPARAMETERS[name]
    common = {
        "description": description or spec.symbol,
        "continuous_update": False,
        "style": {"description_width": "3em"},
    }
    if spec.log:
        value = float(np.clip(value, spec.low, spec.high))
        return widgets.FloatLogSlider(
            value=value, base=10, min=np.log10(spec.low), max=np.log10(spec.high), step=0.1,
            readout_format=f".{spec.digits}g" if name == "eps" else ".4g", **common,
        )  # fmt: skip
    value = float(np.clip(value, spec.low, spec.high))
    return widgets.FloatSlider(
        value=value, min=spec.low, max=spec.high, step=spec.step,
        readout_format=f".{spec.digits}f", **common,
    )  # fmt: skip


def _start_sliders(problem, start) -> dict:
    (x_lo, x_hi), (y_lo, y_hi) = problem_bounds(problem)
    names = tuple(getattr(problem, "names", ("x", "y")))[:2]
    sliders = {}
    for key, name, value, (lo, hi) in zip(
        ("start0", "start1"), names, start, ((x_lo, x_hi), (y_lo, y_hi)), strict=True
    ):
        sliders[key] = widgets.FloatSlider(
            value=float(np.clip(value, lo, hi)), min=lo, max=hi, step=(hi - lo) / 200,
            description=f"start {name}", continuous_update=False,
            style={"description_width": "5em"},
        )  # fmt: skip
    return sliders


def _steps_slider(steps: int):
    return widgets.IntSlider(
        value=steps, min=1, max=max(4 * steps, 200), description="steps",
        continuous_update=False, style={"description_width": "5em"},
    )  # fmt: skip


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


class CourseWidget(widgets.VBox):
    """Controls above a picture that is redrawn whenever a control changes.

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
        The knobs by name (``"lr"``, ``"gamma"``, ``"steps"``, ``"start0"``, ...).
    image : ipywidgets.Image
        The current picture as PNG bytes.
    message : ipywidgets.HTML
        Why a run stopped (divergence), or empty.
    draws : int
        How many times the picture has been drawn.
    """

    def __init__(self, description: str, controls: dict, draw):
        super().__init__()
        self.controls = controls
        self.image = widgets.Image(format="png")
        self.message = widgets.HTML()
        self.draws = 0
        self._description = description
        self._draw = draw
        for control in controls.values():
            control.observe(self._on_change, names="value")
        self.children = [
            widgets.GridBox(
                list(controls.values()),
                layout=widgets.Layout(grid_template_columns="repeat(2, 360px)"),
            ),
            self.image,
            self.message,
        ]
        self.redraw()

    def __repr__(self) -> str:
        # Plain and the same on every run: nbval compares text/plain outputs exactly.
        return f"<{self._description}>"

    def values(self) -> dict:
        """The current value of every control."""
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, _change) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Rerun with the current values and replace the picture and the message."""
        fig = _new_figure(False)
        messages = self._draw(fig, self.values())
        self.image.value = _png(fig)
        self.message.value = "".join(
            f'<p style="color:firebrick">{html.escape(message)}</p>' for message in messages
        )
        self.draws += 1


def optimizer_explorer(
    problem,
    optimizer: str = "Momentum",
    steps: int = 50,
    start=None,
    *,
    resolution: int = 80,
    levels=20,
    log_levels="auto",
    **values,
) -> CourseWidget:
    """Sliders for the hyperparameters of one optimizer, the start point and the steps.

    Every change reruns the optimizer and redraws the contour map with its path and the
    loss curve. The sliders are the hyperparameters the optimizer's constructor takes:
    η (log scale), γ, β, β₁, β₂, ρ, ε.

    Parameters
    ----------
    problem : Problem
        A 2-parameter problem.
    optimizer : str
        Name of a class in :mod:`gdcourse.optimizers`.
    steps : int
        Initial number of steps.
    start : (float, float), optional
        Initial start point; default ``problem.start``.
    resolution, levels, log_levels
        As in :func:`gdcourse.plotting.contours`.
    **values
        Initial hyperparameters (default: the constructor's defaults).

    Returns
    -------
    CourseWidget
        Display it (last line of a cell). The static twin is :func:`explorer_figure`.
    """
    steps = check_positive_int("steps", steps)
    defaults = hyperparameters(optimizer)
    unknown = sorted(set(values) - set(defaults))
    if unknown:
        raise ValueError(f"{optimizer} has sliders for {sorted(defaults)}, got {unknown}")
    defaults.update(values)
    controls = {name: _slider(name, value) for name, value in defaults.items()}
    controls["steps"] = _steps_slider(steps)
    controls.update(_start_sliders(problem, start_point(problem, start)))

    def draw(fig, current):
        hyper = {name: current[name] for name in defaults}
        built = make_optimizer(optimizer, problem, **hyper)
        point = (current["start0"], current["start1"])
        return _draw_explorer(
            fig, problem, built, current["steps"], point, resolution, levels, log_levels
        )

    description = f"optimizer_explorer: {optimizer} on {problem_title(problem)}"
    return CourseWidget(description, controls, draw)


def _problem_options(problems) -> dict:
    if isinstance(problems, dict):
        options = dict(problems)
    elif hasattr(problems, "loss"):
        options = {problem_title(problems): problems}
    else:
        options = {problem_title(problem): problem for problem in problems}
    if not options:
        raise ValueError(f"problems must not be empty, got problems={problems!r}")
    return options


def optimizer_race(
    problems,
    optimizers=None,
    steps: int = 100,
    *,
    lr: float = 0.01,
    resolution: int = 80,
) -> CourseWidget:
    """Pick a surface and several optimizers; see their paths and losses side by side.

    Parameters
    ----------
    problems : Problem, list of Problem or dict of str to Problem
        The surfaces to choose from (a dropdown).
    optimizers : list of str or Optimizer, optional
        The runners to choose from (a multiple selection, all selected at first).
        Names are built with their defaults and the η slider; optimizers given as
        objects keep their own hyperparameters. Default: :data:`RACE_DEFAULT`.
    steps : int
        Initial number of steps.
    lr : float
        Initial η for the optimizers given by name.
    resolution : int
        Grid points per axis of the contour map.

    Returns
    -------
    CourseWidget
        The static twin is :func:`race_figure`.
    """
    steps = check_positive_int("steps", steps)
    options = _problem_options(problems)
    entries = _race_entries(optimizers)
    probe = next(iter(options.values()))
    labels = {}
    for entry in entries:
        label = entry if isinstance(entry, str) else label_for(_resolve(entry, probe))
        labels[label] = entry
    controls = {
        "problem": widgets.Dropdown(options=list(options), description="surface"),
        "optimizers": widgets.SelectMultiple(
            options=list(labels),
            value=list(labels),
            description="optimizers",
            rows=min(len(labels), 8),
        ),  # fmt: skip
        "lr": _slider("lr", lr, description="η"),
        "steps": _steps_slider(steps),
    }

    def draw(fig, current):
        problem = options[current["problem"]]
        lr = current["lr"]
        chosen = [_resolve(labels[label], problem, lr) for label in current["optimizers"]]
        if not chosen:
            fig.text(0.5, 0.5, "select at least one optimizer", ha="center")
            return []
        return _draw_race(
            fig, problem, chosen, current["steps"], start_point(problem), resolution, 20, "auto"
        )

    description = f"optimizer_race: {', '.join(labels)} on {len(options)} problem(s)"
    return CourseWidget(description, controls, draw)


def learning_rate_explorer(
    problem=None,
    optimizer: str = "GD",
    lr: float = 0.1,
    steps: int = 100,
    start=None,
    *,
    resolution: int = 80,
) -> CourseWidget:
    """One slider for η from 1e-4 to 10 (log scale): watch the run crawl, converge, blow up.

    A run that diverges stops and the widget shows its message instead of a plot of NaN.
    On the toy neuron a large η only makes the path jump (the sigmoid keeps the gradient
    small, so nothing overflows); on a steep bowl (``problems.quadratic_bowl``) it blows up.

    Parameters
    ----------
    problem : Problem, optional
        Default the lecture's toy neuron.
    optimizer : str
        Name of the optimizer (other hyperparameters keep their defaults).
    lr : float
        Initial η.
    steps : int
        Initial number of steps.
    start : (float, float), optional
        Start point; default ``problem.start`` or, for the toy neuron, (-2, -2).
    resolution : int
        Grid points per axis of the contour map.

    Returns
    -------
    CourseWidget
        The static twin is :func:`learning_rate_figure`.
    """
    problem = sigmoid_neuron() if problem is None else problem
    steps = check_positive_int("steps", steps)
    if "lr" not in hyperparameters(optimizer):
        raise ValueError(f"{optimizer} has no learning rate lr to explore")
    point = start_point(problem, start)
    controls = {"lr": _slider("lr", check_positive("lr", lr)), "steps": _steps_slider(steps)}

    def draw(fig, current):
        built = make_optimizer(optimizer, problem, lr=current["lr"])
        steps_now = current["steps"]
        return _draw_explorer(fig, problem, built, steps_now, point, resolution, 20, "auto")

    description = f"learning_rate_explorer: {optimizer} on {problem_title(problem)}"
    return CourseWidget(description, controls, draw)


__all__ = [
    "CourseWidget",
    "HYPERPARAMETERS",
    "RACE_DEFAULT",
    "available_optimizers",
    "explorer_figure",
    "hyperparameters",
    "learning_rate_explorer",
    "learning_rate_figure",
    "make_optimizer",
    "optimizer_class",
    "optimizer_explorer",
    "optimizer_race",
    "race_figure",
    "start_point",
]
