"""Tests of gdcourse.plotting.figures and .knobs: the widgets' pictures, without ipywidgets."""

import inspect
import subprocess
import sys
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gdcourse import problems  # noqa: E402
from gdcourse.optimizers import GD, Optimizer  # noqa: E402
from gdcourse.plotting import contours, figures, knobs  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_figures_import_and_draw_without_ipywidgets():
    code = (
        "import sys; sys.modules['ipywidgets'] = None\n"
        "import matplotlib; matplotlib.use('Agg')\n"
        "from gdcourse import plotting, problems\n"
        "fig = plotting.explorer_figure(problems.sigmoid_neuron(), 'GD', 3, resolution=5, lr=1.0)\n"
        "assert 'ipywidgets' not in sys.modules or sys.modules['ipywidgets'] is None\n"
        "print(len(fig.axes))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2"


def test_a_reused_picture_draws_the_same_pixels_as_a_fresh_figure():
    toy = problems.sigmoid_neuron()
    explorer = figures.Explorer(toy, "Momentum", resolution=12)
    for lr, gamma in [(1.0, 0.9), (0.01, 0.0), (5.0, 0.5), (1.0, 0.9)]:
        explorer.draw(20, None, lr=lr, gamma=gamma)
        fresh = figures.explorer_figure(toy, "Momentum", 20, resolution=12, lr=lr, gamma=gamma)
        np.testing.assert_array_equal(explorer.pixels(), figures.pixels(fresh))
        plt.close(fresh)


def test_the_loss_panel_resets_between_log_capped_and_symlog_axes():
    # A diverging run caps the loss axis; a saddle's negative loss makes it symmetric-log.
    for problem, runs in [
        (problems.quadratic_bowl(condition_number=100), [(400, 10.0), (30, 0.001), (400, 10.0)]),
        (problems.saddle(), [(30, 0.1), (30, 0.001), (5, 0.5)]),
    ]:
        explorer = figures.Explorer(problem, "GD", resolution=10)
        for steps, lr in runs:
            explorer.draw(steps, lr=lr)
            fresh = figures.explorer_figure(problem, "GD", steps, resolution=10, lr=lr)
            np.testing.assert_array_equal(explorer.pixels(), figures.pixels(fresh))
            plt.close(fresh)


def test_a_race_redrawn_with_fewer_runners_moves_its_legend_and_stays_exact():
    bowl = problems.quadratic_bowl(condition_number=10)
    race = figures.Race(bowl, resolution=12)
    race.draw([], 15, 0.05)  # nothing selected: a note instead of curves
    assert [t.get_text() for t in race.panels.ax_loss.texts] == ["select at least one optimizer"]
    for runners in (["GD", "Momentum", "Adam", "NAG"], ["GD"], ["GD", "Adam"]):
        race.draw(runners, 15, 0.05)
        fresh = figures.race_figure(bowl, runners, 15, lr=0.05, resolution=12)
        np.testing.assert_array_equal(race.pixels(), figures.pixels(fresh))
        plt.close(fresh)


def test_outcomes_say_final_loss_or_divergence_step():
    bowl = problems.quadratic_bowl(condition_number=100)
    explorer = figures.Explorer(bowl, "GD", resolution=10)
    (calm,) = explorer.draw(30, lr=0.001)
    assert calm.diverged_at is None and calm.message == ""
    assert calm.summary() == f"final loss {calm.final_loss:.3g} after 30 steps"
    (wild,) = explorer.draw(400, lr=10.0)
    assert wild.summary() == f"diverged at step {wild.diverged_at}"
    assert np.isfinite(wild.final_loss) and "diverged" in wild.message
    (note,) = [t.get_text() for t in explorer.panels.ax_loss.texts]
    assert note == f"GD (η=10): diverged at step {wild.diverged_at}"


def test_widgets_and_figures_share_one_set_of_defaults():
    from gdcourse import widgets

    def defaults(function):
        return {k: p.default for k, p in inspect.signature(function).parameters.items()}

    race, race_widget = defaults(figures.race_figure), defaults(widgets.optimizer_race)
    assert race["lr"] == race_widget["lr"] == figures.RACE.lr
    assert race["steps"] == race_widget["steps"] == figures.RACE.steps
    assert race["resolution"] == race_widget["resolution"] == figures.RACE.resolution
    explorer, explorer_widget = (
        defaults(figures.explorer_figure),
        defaults(widgets.optimizer_explorer),
    )
    for key in ("optimizer", "steps", "resolution"):
        assert explorer[key] == explorer_widget[key] == getattr(figures.EXPLORER, key)
    contour_map = defaults(contours)
    for key in ("levels", "log_levels"):
        assert explorer[key] == explorer_widget[key] == contour_map[key]
    rates = defaults(widgets.learning_rate_explorer)
    assert rates["lr"] == figures.LEARNING_RATE.lr
    assert rates["steps"] == defaults(figures.learning_rate_figure)["steps"]
    assert widgets.explorer_figure is figures.explorer_figure  # the notebooks' names stay


# ---------------------------------------------------------------- knobs


@dataclass(frozen=True)
class Slider:
    low: float
    high: float
    log: bool
    step: float | None = None


@dataclass(frozen=True)
class Hyper:
    name: str
    symbol: str
    default: object
    slider: Slider | None
    in_label: bool = True  # shown in plot labels (read by plotting.style.label_for)


class Declared(Optimizer):
    """An optimizer that declares its hyperparameters (the spec of gdcourse.optimizers)."""

    def __init__(self, lr=0.5, kappa=2.0, flag=False):
        self.lr, self.kappa, self.flag = lr, kappa, flag

    @classmethod
    def hyperparameters(cls):
        return (
            Hyper("lr", "η", 0.5, Slider(1e-3, 1.0, True)),
            Hyper("kappa", "κ", 2.0, Slider(1.0, 4.0, False, step=0.125)),
            Hyper("flag", "flag", False, None),
        )

    def init(self, theta):
        return 0

    def update(self, theta, state, grad_fn):
        return theta - self.lr * grad_fn(theta), state + 1


def test_sliders_come_from_the_optimizers_declaration():
    specs = knobs.slider_specs(Declared)
    assert list(specs) == ["lr", "kappa"]
    assert specs["lr"] == knobs.SliderSpec("η", 1e-3, 1.0, 0.5, log=True)
    assert specs["kappa"].symbol == "κ" and not specs["kappa"].log
    assert specs["kappa"].step == 0.125 and specs["kappa"].decimals == 3
    # Without a declaration: the constructor's defaults and the fallback table.
    assert knobs.slider_specs(GD) == {"lr": knobs.SliderSpec("η", 1e-4, 10.0, 0.001, log=True)}


def test_slider_values_outside_their_range_are_refused_not_clipped():
    with pytest.raises(
        ValueError, match=r"gamma=1\.5 is outside the γ slider's range \[0, 0\.99\]"
    ):
        knobs.check_slider_values("Momentum", {"gamma": 1.5})
    with pytest.raises(ValueError, match=r"lr=20 is outside the η slider's range \[0\.0001, 10\]"):
        knobs.check_slider_values("GD", {"lr": 20})
    with pytest.raises(ValueError, match=r"GD has sliders for \['lr'\], got \['gamma'\]"):
        knobs.check_slider_values("GD", {"gamma": 0.9})
    with pytest.raises(ValueError, match="lr must be a finite number"):
        knobs.check_slider_values("GD", {"lr": "fast"})
    assert knobs.SliderSpec("β₂", 0.9, 0.9999, 0.999).decimals == 4


def test_unknown_optimizer_names_list_the_known_ones():
    with pytest.raises(ValueError, match=r"optimizer must be one of \['GD', 'Momentum'"):
        knobs.optimizer_class("Adamm")
    with pytest.raises(ValueError, match="optimizer must be one of"):
        figures.explorer_figure(problems.sigmoid_neuron(), "SGD", resolution=5)
    with pytest.raises(ValueError, match="optimizer instance such as GD"):
        figures.race_figure(problems.sigmoid_neuron(), [GD], resolution=5)
    with pytest.raises(ValueError, match="start must be two finite numbers"):
        knobs.start_point(problems.sigmoid_neuron(), "origin")
