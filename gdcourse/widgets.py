"""Knobs: sliders that rerun an optimizer and redraw its path as you move them.

A widget only wires sliders to a picture of :mod:`gdcourse.plotting.figures`; it starts
from the same defaults as that picture's static figure:

- :func:`optimizer_explorer` (picture :func:`~gdcourse.plotting.explorer_figure`):
  what each hyperparameter does;
- :func:`optimizer_race` (picture :func:`~gdcourse.plotting.race_figure`):
  several optimizers on one surface;
- :func:`learning_rate_explorer` (picture ``explorer_figure``): too small, right and
  too large η.

One call gives both versions of a widget. In a kernel it is the live widget; its HTML
version (what the static book and a notebook opened without a kernel show) is a
scrubbable figure (:mod:`gdcourse.plotting.scrubber`): the slider(s) named by ``scrub``
over fixed positions, each picture drawn ahead of time by this widget's own drawing.

A widget draws into a PNG image widget (not into an ``Output``): the picture does not
depend on the kernel's display machinery, and a test can read it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from ._checks import check_positive_int
from .plotting.figures import (
    EXPLORER,
    LEARNING_RATE,
    RACE,
    RACE_DEFAULT,
    Explorer,
    Outcome,
    Race,
    new_figure,
    pixels,
    race_entries,
)

# The static figures live in gdcourse.plotting; these names stay for the notebooks.
from .plotting.figures import explorer_figure as explorer_figure
from .plotting.figures import learning_rate_figure as learning_rate_figure
from .plotting.figures import race_figure as race_figure
from .plotting.knobs import (
    SliderSpec,
    available_optimizers,
    check_slider_values,
    hyperparameters,
    make_optimizer,
    optimizer_class,
    resolve_optimizer,
    slider_specs,
    start_point,
)
from .plotting.scrubber import ScrubAxis, Scrubber, check_positions, nice_positions, with_start
from .plotting.show import png_bytes
from .plotting.style import label_for, problem_title
from .plotting.surfaces import LEVELS, LOG_LEVELS, problem_bounds
from .problems import sigmoid_neuron


class Drawn(NamedTuple):
    """One picture of a widget: its pixels, the messages under it, the run's outcome."""

    rgba: np.ndarray
    messages: list[str]
    outcome: str


def _from_outcomes(rgba: np.ndarray, outcomes: Sequence[Outcome]) -> Drawn:
    messages = [f"{o.label}: {o.message}" for o in outcomes if o.message]
    if len(outcomes) == 1:
        outcome = outcomes[0].summary()
    else:
        outcome = "; ".join(f"{o.label}: {o.summary()}" for o in outcomes)
    return Drawn(rgba, messages, outcome)


# ---------------------------------------------------------------- sliders


def _slider(name: str, value: Any, spec: SliderSpec, description: str | None = None) -> Any:
    """A slider for ``spec``; a value outside its range is an error, never clipped."""
    value = spec.check(name, value)
    common = {
        "description": description or spec.symbol,
        "continuous_update": False,
        "style": {"description_width": "3em"},
    }
    if spec.log:
        return widgets.FloatLogSlider(
            value=value, base=10, min=np.log10(spec.low), max=np.log10(spec.high), step=0.1,
            readout_format=".2g" if name == "eps" else ".4g", **common,
        )  # fmt: skip
    return widgets.FloatSlider(
        value=value, min=spec.low, max=spec.high, step=spec.step or 10.0**-spec.decimals,
        readout_format=f".{spec.decimals}f", **common,
    )  # fmt: skip


def _start_sliders(problem: Any, start: np.ndarray) -> dict[str, Any]:
    bounds = problem_bounds(problem)
    names = tuple(getattr(problem, "names", ("x", "y")))[:2]
    sliders = {}
    for key, name, value, (lo, hi) in zip(("start0", "start1"), names, start, bounds, strict=True):
        spec = SliderSpec(f"start {name}", lo, hi, float(value))
        spec.check("start", float(value))
        sliders[key] = widgets.FloatSlider(
            value=float(value), min=lo, max=hi, step=(hi - lo) / 200,
            description=f"start {name}", continuous_update=False,
            style={"description_width": "5em"},
        )  # fmt: skip
    return sliders


def _steps_slider(steps: int) -> Any:
    return widgets.IntSlider(
        value=steps, min=1, max=max(4 * steps, 200), description="steps",
        continuous_update=False, style={"description_width": "5em"},
    )  # fmt: skip


def _control_range(name: str, control: Any) -> tuple[float, float, bool]:
    """``(low, high, log)`` of a slider control, for scrubber positions."""
    if isinstance(control, widgets.FloatLogSlider):
        base = float(control.base)
        return base ** float(control.min), base ** float(control.max), True
    if isinstance(control, (widgets.FloatSlider, widgets.IntSlider)):
        return float(control.min), float(control.max), False
    raise ValueError(f"scrub names a control that is not a number slider: {name!r}")


# ---------------------------------------------------------------- the widget


class CourseWidget(widgets.VBox):
    """Controls above a picture that is redrawn whenever a control changes.

    Parameters
    ----------
    description : str
        Shown by ``repr``.
    controls : dict of str to ipywidgets.Widget
        The knobs by name.
    draw : callable, optional
        ``draw(fig, values) -> list of str``: draws on an empty figure for the current
        values and returns messages to show under the picture.
    scrub : dict of str to (list of float or None), optional
        The one or two sliders of the HTML version (see the module docstring), with
        their positions (None: round positions over the slider's range). Default none:
        the HTML version is then the starting picture alone.
    render : callable, optional
        Instead of ``draw``: ``render(values) -> Drawn``, for pictures that keep their
        figure between draws.
    title : str, optional
        What the picture shows, at the start of the HTML version's alt texts; default
        ``description``.

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

    def __init__(
        self,
        description: str,
        controls: dict[str, Any],
        draw: Callable[[Figure, dict[str, Any]], list[str]] | None = None,
        *,
        scrub: Mapping[str, Sequence[float] | None] | None = None,
        render: Callable[[dict[str, Any]], Drawn] | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__()
        if (draw is None) == (render is None):
            raise ValueError("CourseWidget needs exactly one of draw=... and render=...")
        self.controls = controls
        self.image = widgets.Image(format="png")
        self.message = widgets.HTML()
        self.draws = 0
        self._description = description
        self._title = description if title is None else title
        self._render = render if render is not None else _render_with(draw)  # type: ignore[arg-type]
        self._start = self.values()
        self._scrub_axes = self._check_scrub(scrub or {})
        self._scrubber: Scrubber | None = None
        self._start_drawn: Drawn | None = None  # the first picture, reused by the HTML version
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

    def values(self) -> dict[str, Any]:
        """The current value of every control."""
        return {name: control.value for name, control in self.controls.items()}

    def render(self, **values: Any) -> Drawn:
        """The picture for the current values changed by ``values`` (the widget is unchanged)."""
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(f"the controls are {sorted(self.controls)}, got {unknown}")
        return self._render({**self.values(), **values})

    def _on_change(self, _change: Any) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Rerun with the current values and replace the picture and the message."""
        values = self.values()
        drawn = self._render(values)
        if self._start_drawn is None and values == self._start:
            self._start_drawn = drawn
        self.image.value = png_bytes(drawn.rgba)
        self.message.value = "".join(
            f'<p style="color:firebrick">{html.escape(message)}</p>' for message in drawn.messages
        )
        self.draws += 1

    # ------------------------------------------------ the HTML version

    def _check_scrub(self, scrub: Mapping[str, Sequence[float] | None]) -> list[ScrubAxis]:
        if len(scrub) > 2:
            raise ValueError(f"scrub names one or two sliders, got {sorted(scrub)}")
        axes = []
        for name, positions in scrub.items():
            if name not in self.controls:
                raise ValueError(
                    f"scrub must name controls among {sorted(self.controls)}, got {name!r}"
                )
            low, high, log = _control_range(name, self.controls[name])
            if positions is None:
                positions = nice_positions(low, high, log)
            values = check_positions(name, positions, low, high)
            values, start = with_start(values, float(self._start[name]))
            symbol = str(self.controls[name].description or name)
            axes.append(ScrubAxis(name, symbol, values, start))
        return axes

    @property
    def scrubber(self) -> Scrubber:
        """The HTML version: the starting picture with the ``scrub`` sliders, drawn once."""
        if self._scrubber is None:
            start = dict(self._start)

            def render(values: Mapping[str, float]) -> tuple[np.ndarray, str]:
                settings = {**start, **values}
                # The starting picture is the one the live widget drew first: drawing
                # it again would cost a whole run and figure for the same pixels.
                if settings == start and self._start_drawn is not None:
                    drawn = self._start_drawn
                else:
                    drawn = self._render(settings)
                return drawn.rgba, drawn.outcome

            self._scrubber = Scrubber(self._title, self._scrub_axes, render)
        return self._scrubber

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        # The live widget for a kernel, and the scrubbable figure for the static book
        # and for a notebook opened without a kernel (see gdcourse.plotting.scrubber).
        bundle = dict(super()._repr_mimebundle_(**kwargs))
        bundle["text/html"] = self.scrubber.html()
        return bundle


def _render_with(draw: Callable[[Figure, dict[str, Any]], list[str]]) -> Callable[..., Drawn]:
    def render(values: dict[str, Any]) -> Drawn:
        fig = new_figure()
        messages = list(draw(fig, values))
        return Drawn(pixels(fig), messages, "; ".join(messages))

    return render


def _scrub_mapping(
    scrub: str | Sequence[str], positions: Mapping[str, Sequence[float]] | None
) -> dict[str, Sequence[float] | None]:
    names = (scrub,) if isinstance(scrub, str) else tuple(scrub)
    positions = dict(positions or {})
    extra = sorted(set(positions) - set(names))
    if extra:
        raise ValueError(f"positions given for {extra}, which scrub={names!r} does not name")
    return {name: positions.get(name) for name in names}


# ---------------------------------------------------------------- the three widgets


def optimizer_explorer(
    problem: Any,
    optimizer: str = EXPLORER.optimizer,
    steps: int = EXPLORER.steps,
    start: Any = None,
    *,
    resolution: int = EXPLORER.resolution,
    levels: Any = LEVELS,
    log_levels: Any = LOG_LEVELS,
    scrub: str | Sequence[str] = "lr",
    positions: Mapping[str, Sequence[float]] | None = None,
    **values: Any,
) -> CourseWidget:
    """Sliders for the hyperparameters of one optimizer, the start point and the steps.

    Every change reruns the optimizer and redraws the contour map with its path and the
    loss curve. The sliders are the optimizer's declared hyperparameters (η on a log
    scale, γ, β, β₁, β₂, ρ, ε).

    Parameters
    ----------
    problem : Problem
        A 2-parameter problem.
    optimizer : str
        Name of an optimizer in :mod:`gdcourse.optimizers`.
    steps : int
        Initial number of steps.
    start : (float, float), optional
        Initial start point; default ``problem.start``.
    resolution, levels, log_levels
        As in :func:`gdcourse.plotting.contours`.
    scrub : str or tuple of str
        The one or two sliders of the HTML version, e.g. ``("lr", "gamma")``.
    positions : dict of str to list of float, optional
        Their positions; default round values over each slider's range.
    **values
        Initial hyperparameters (default: the optimizer's defaults); each must lie in
        its slider's range.

    Returns
    -------
    CourseWidget
        Display it (last line of a cell). Its starting picture is
        :func:`~gdcourse.plotting.explorer_figure` with the same arguments.
    """
    steps = check_positive_int("steps", steps)
    specs = slider_specs(optimizer_class(optimizer))
    initial = {name: spec.default for name, spec in specs.items()}
    initial.update(check_slider_values(optimizer, values))
    controls = {name: _slider(name, value, specs[name]) for name, value in initial.items()}
    controls["steps"] = _steps_slider(steps)
    controls.update(_start_sliders(problem, start_point(problem, start)))
    picture = Explorer(
        problem, optimizer, resolution=resolution, levels=levels, log_levels=log_levels
    )

    def render(current: dict[str, Any]) -> Drawn:
        hyper = {name: current[name] for name in initial}
        point = (current["start0"], current["start1"])
        outcomes = picture.draw(current["steps"], point, **hyper)
        return _from_outcomes(picture.pixels(), outcomes)

    title = f"{optimizer} on {problem_title(problem)}"
    return CourseWidget(
        f"optimizer_explorer: {title}", controls, render=render, title=f"Path and loss of {title}",
        scrub=_scrub_mapping(scrub, positions),
    )  # fmt: skip


def _problem_options(problems: Any) -> dict[str, Any]:
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
    problems: Any,
    optimizers: Any = None,
    steps: int = RACE.steps,
    *,
    lr: float = RACE.lr,  # type: ignore[assignment]
    resolution: int = RACE.resolution,
    scrub: str | Sequence[str] = "lr",
    positions: Mapping[str, Sequence[float]] | None = None,
) -> CourseWidget:
    """Pick a surface and several optimizers; see their paths and losses side by side.

    Parameters
    ----------
    problems : Problem, list of Problem or dict of str to Problem
        The surfaces to choose from (a dropdown; the HTML version shows the first).
    optimizers : list of str or Optimizer, optional
        The runners to choose from (a multiple selection, all selected at first).
        Names are built with their defaults and the η slider; optimizers given as
        objects keep their own hyperparameters. Default: ``RACE_DEFAULT``.
    steps : int
        Initial number of steps.
    lr : float
        Initial η for the optimizers given by name.
    resolution : int
        Grid points per axis of the contour map.
    scrub, positions
        The slider(s) of the HTML version and their positions (``"lr"`` or ``"steps"``);
        η defaults to 1 and 3 per decade.

    Returns
    -------
    CourseWidget
        Its starting picture is :func:`~gdcourse.plotting.race_figure` of the
        first problem with the same arguments.
    """
    steps = check_positive_int("steps", steps)
    options = _problem_options(problems)
    entries = race_entries(optimizers)
    probe = next(iter(options.values()))
    labels = {}
    for entry in entries:
        label = entry if isinstance(entry, str) else label_for(resolve_optimizer(entry, probe))
        labels[label] = entry
    lr_spec = slider_specs(optimizer_class(RACE.optimizer))["lr"]
    controls = {
        "problem": widgets.Dropdown(options=list(options), description="surface"),
        "optimizers": widgets.SelectMultiple(
            options=list(labels),
            value=list(labels),
            description="optimizers",
            rows=min(len(labels), 8),
        ),  # fmt: skip
        "lr": _slider("lr", lr, lr_spec, description="η"),
        "steps": _steps_slider(steps),
    }
    pictures: dict[str, Race] = {}  # one per surface: its contour map is drawn once

    def render(current: dict[str, Any]) -> Drawn:
        name = current["problem"]
        if name not in pictures:
            pictures[name] = Race(options[name], resolution=resolution)
        picture = pictures[name]
        chosen = [labels[label] for label in current["optimizers"]]
        outcomes = picture.draw(chosen, current["steps"], current["lr"])
        return _from_outcomes(picture.pixels(), outcomes)

    scrubbed = _scrub_mapping(scrub, positions)
    if "lr" in scrubbed and scrubbed["lr"] is None:
        # A race draws several runs per frame: 1 and 3 per decade (11 positions, not 16)
        # keep its HTML version as quick to draw and as light as the others.
        scrubbed["lr"] = nice_positions(lr_spec.low, lr_spec.high, lr_spec.log, (1, 3))
    description = f"optimizer_race: {', '.join(labels)} on {len(options)} problem(s)"
    title = f"Paths and losses of {', '.join(labels)} on {problem_title(probe)}"
    return CourseWidget(description, controls, render=render, title=title, scrub=scrubbed)


def learning_rate_explorer(
    problem: Any = None,
    optimizer: str = LEARNING_RATE.optimizer,
    lr: float = LEARNING_RATE.lr,  # type: ignore[assignment]
    steps: int = LEARNING_RATE.steps,
    start: Any = None,
    *,
    resolution: int = LEARNING_RATE.resolution,
    positions: Sequence[float] | None = None,
) -> CourseWidget:
    """One slider for η (log scale): watch the run crawl, converge, blow up.

    A run that diverges stops and the widget shows its message instead of a plot of NaN.
    On the toy neuron a large η only makes the path jump (the sigmoid keeps the gradient
    small, so nothing overflows); on a steep bowl (``problems.quadratic_bowl``) it blows up.

    Parameters
    ----------
    problem : Problem, optional
        Default the toy neuron of Khapra's CS7015 notes.
    optimizer : str
        Name of the optimizer (other hyperparameters keep their defaults).
    lr : float
        Initial η, within the η slider's range.
    steps : int
        Initial number of steps.
    start : (float, float), optional
        Start point; default ``problem.start`` or, for the toy neuron, (-2, -2).
    resolution : int
        Grid points per axis of the contour map.
    positions : list of float, optional
        The η positions of the HTML version; default 1, 2, 5 per decade over the
        slider's range (16 for 1e-4 to 10), plus ``lr``.

    Returns
    -------
    CourseWidget
        Its starting picture is ``explorer_figure(problem, optimizer, steps, start,
        resolution=resolution, lr=lr)``.
    """
    problem = sigmoid_neuron() if problem is None else problem
    steps = check_positive_int("steps", steps)
    specs = slider_specs(optimizer_class(optimizer))
    if "lr" not in specs:
        raise ValueError(f"{optimizer} has no learning rate lr to explore")
    point = start_point(problem, start)
    controls = {"lr": _slider("lr", lr, specs["lr"]), "steps": _steps_slider(steps)}
    picture = Explorer(problem, optimizer, resolution=resolution)

    def render(current: dict[str, Any]) -> Drawn:
        outcomes = picture.draw(current["steps"], point, lr=current["lr"])
        return _from_outcomes(picture.pixels(), outcomes)

    title = f"{optimizer} on {problem_title(problem)}"
    return CourseWidget(
        f"learning_rate_explorer: {title}", controls, render=render,
        title=f"Path and loss of {title}", scrub={"lr": positions},
    )  # fmt: skip


# explorer_figure, race_figure and learning_rate_figure stay importable from here for the
# notebooks; they are documented (and live) in gdcourse.plotting.
__all__ = [
    "CourseWidget",
    "Drawn",
    "RACE_DEFAULT",
    "available_optimizers",
    "hyperparameters",
    "learning_rate_explorer",
    "make_optimizer",
    "optimizer_class",
    "optimizer_explorer",
    "optimizer_race",
    "start_point",
]
