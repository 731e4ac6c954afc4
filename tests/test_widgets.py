"""Tests of gdcourse.widgets: construction, callbacks and the static twins, with no display."""

import io
from dataclasses import dataclass

import ipywidgets
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402
from steep_bowl import Steep  # noqa: E402

import gdcourse.optimizers  # noqa: E402
from gdcourse import problems, widgets  # noqa: E402
from gdcourse.optimizers import GD, Optimizer  # noqa: E402

# Every position drawn, as for the book (see gdcourse.plotting.scrubber.FRAMES_ENV).
pytestmark = pytest.mark.usefixtures("all_frames")


@dataclass(frozen=True)
class Slider:
    low: float
    high: float
    log: bool = False


@dataclass(frozen=True)
class Hyper:
    name: str
    symbol: str
    default: object
    slider: Slider | None
    in_label: bool = True  # shown in plot labels (read by plotting.style.label_for)


class Fake(Optimizer):
    """An Adam-shaped optimizer that needs the loss, to test the registry generically."""

    def __init__(self, loss_fn, lr=0.05, beta1=0.8, beta2=0.99, eps=1e-8, other="x"):
        self.loss_fn, self.lr, self.beta1, self.beta2, self.eps = loss_fn, lr, beta1, beta2, eps

    @classmethod
    def hyperparameters(cls):  # the optimizer spec's declaration: sliders come from here
        return (
            Hyper("lr", "η", 0.05, Slider(1e-4, 10.0, log=True)),
            Hyper("beta1", "β₁", 0.8, Slider(0.0, 0.99)),
            Hyper("beta2", "β₂", 0.99, Slider(0.9, 0.9999)),
            Hyper("eps", "ε", 1e-8, Slider(1e-10, 0.1, log=True)),
            Hyper("other", "o", "x", None),
        )

    def init(self, theta):
        return 0

    def update(self, theta, state, grad_fn):
        return theta - self.lr * grad_fn(theta), state + 1


@pytest.fixture
def fake_registered(monkeypatch):
    monkeypatch.setattr(gdcourse.optimizers, "Fake", Fake, raising=False)
    monkeypatch.setattr(gdcourse.optimizers, "__all__", [*gdcourse.optimizers.__all__, "Fake"])
    if hasattr(gdcourse.optimizers, "REGISTRY"):
        monkeypatch.setitem(gdcourse.optimizers.REGISTRY, "Fake", Fake)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def png_size(data: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(data)).size


# ---------------------------------------------------------------- the registry


def test_optimizers_are_found_by_name():
    assert "GD" in widgets.available_optimizers()
    assert "Optimizer" not in widgets.available_optimizers()
    assert widgets.optimizer_class("GD") is GD
    assert widgets.hyperparameters("GD") == {"lr": 0.001}  # torch.optim.SGD default
    assert widgets.make_optimizer("GD", lr=0.5).lr == 0.5
    with pytest.raises(ValueError, match="optimizer must be one of"):
        widgets.optimizer_class("Nope")
    with pytest.raises(ValueError, match="unknown hyperparameters \\['gamma'\\]"):
        widgets.make_optimizer("GD", gamma=0.9)


def test_a_new_optimizer_appears_with_its_sliders(fake_registered):
    assert "Fake" in widgets.available_optimizers()
    assert widgets.hyperparameters("Fake") == {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-8}
    built = widgets.make_optimizer("Fake", Steep(), lr=0.01)
    assert built.lr == 0.01 and built.loss_fn.__self__.__class__ is Steep
    with pytest.raises(ValueError, match="needs the loss"):
        widgets.make_optimizer("Fake")
    explorer = widgets.optimizer_explorer(Steep(), "Fake", steps=5, resolution=10)
    assert list(explorer.controls) == ["lr", "beta1", "beta2", "eps", "steps", "start0", "start1"]
    assert explorer.controls["beta1"].description == "β₁"
    assert explorer.controls["beta2"].min == 0.9
    assert explorer.controls["eps"].value == pytest.approx(1e-8)


def test_start_point_defaults():
    np.testing.assert_allclose(widgets.start_point(problems.sigmoid_neuron()), [-2.0, -2.0])
    np.testing.assert_allclose(widgets.start_point(Steep()), [1.0, 1.0])
    np.testing.assert_allclose(widgets.start_point(Steep(), (0.5, 0)), [0.5, 0.0])
    with pytest.raises(ValueError, match="start"):
        widgets.start_point(Steep(), (1.0, np.nan))


# ---------------------------------------------------------------- the widgets


def test_optimizer_explorer_redraws_when_a_slider_moves():
    explorer = widgets.optimizer_explorer(
        problems.sigmoid_neuron(), "GD", steps=20, lr=0.5, resolution=12
    )
    assert repr(explorer) == "<optimizer_explorer: GD on Toy sigmoid neuron>"
    assert explorer.values() == {"lr": 0.5, "steps": 20, "start0": -2.0, "start1": -2.0}
    assert explorer.controls["lr"].description == "η"
    assert explorer.controls["lr"].min == -4 and explorer.controls["lr"].max == 1  # log10
    first = bytes(explorer.image.value)
    assert explorer.draws == 1 and first.startswith(b"\x89PNG")
    explorer.controls["lr"].value = 5.0
    assert explorer.draws == 2 and bytes(explorer.image.value) != first
    explorer.controls["start0"].value = 1.0
    assert explorer.draws == 3
    assert explorer.message.value == ""
    with pytest.raises(ValueError, match="sliders for \\['lr'\\]"):
        widgets.optimizer_explorer(Steep(), "GD", gamma=0.9)


def test_learning_rate_explorer_shows_the_divergence_message():
    explorer = widgets.learning_rate_explorer(Steep(), lr=0.001, steps=60, resolution=10)
    assert explorer.controls["lr"].min == -4 and explorer.controls["lr"].max == 1
    assert explorer.message.value == ""
    explorer.controls["lr"].value = 10.0
    assert "GD diverged at step" in explorer.message.value
    assert png_size(bytes(explorer.image.value))[0] > 0
    default = widgets.learning_rate_explorer(resolution=10, steps=5)
    assert repr(default) == "<learning_rate_explorer: GD on Toy sigmoid neuron>"


def test_optimizer_race_switches_surface_and_runners():
    race = widgets.optimizer_race(
        {"neuron": problems.sigmoid_neuron(), "steep": Steep()},
        ["GD", GD(lr=0.001)],
        steps=100,
        lr=0.5,
        resolution=10,
    )
    assert repr(race) == "<optimizer_race: GD, GD (η=0.001) on 2 problem(s)>"
    assert race.controls["optimizers"].value == ("GD", "GD (η=0.001)")
    race.controls["problem"].value = "steep"  # GD at η=0.5 blows up there, η=0.001 does not
    assert race.draws == 2
    assert race.message.value.count("diverged") == 1
    race.controls["optimizers"].value = ()
    assert race.draws == 3 and race.message.value == ""
    with pytest.raises(ValueError, match="optimizer must be one of"):
        widgets.optimizer_race(Steep(), ["Nope"])


# ---------------------------------------------------------------- the static twins


def test_explorer_figure_draws_map_and_loss_curve():
    fig = widgets.explorer_figure(problems.sigmoid_neuron(), "GD", steps=15, lr=1.0, resolution=12)
    assert plt.fignum_exists(fig.number)  # a pyplot figure: plt.show() shows it
    ax_map, ax_loss = fig.axes
    assert ax_map.get_title() == "GD (η=1)"
    assert ax_map.get_xlabel() == "w"
    assert len(ax_loss.lines) == 1 and ax_loss.get_yscale() == "log"
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["GD (η=1)", "minimum"]
    with pytest.raises(ValueError, match="need optimizer given by name"):
        widgets.explorer_figure(Steep(), GD(lr=0.1), lr=0.2)


def test_race_figure_one_path_per_optimizer():
    fig = widgets.race_figure(Steep(), ["GD", GD(lr=0.002)], steps=8, lr=0.004, resolution=10)
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert texts == ["GD (η=0.004)", "GD (η=0.002)", "minimum"]
    assert len(fig.axes[1].lines) == 2


def test_learning_rate_figure_writes_which_runs_diverged():
    fig = widgets.learning_rate_figure(Steep(), etas=[0.001, 0.01, 0.5], steps=100, resolution=10)
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert texts == ["η=0.001", "η=0.01", "η=0.5 (diverged)", "minimum"]
    (note,) = [t.get_text() for t in fig.axes[1].texts]
    assert note.startswith("η=0.5: diverged at step ")
    blown = len(fig.axes[1].lines[2].get_ydata())  # the losses recorded before it stopped
    assert note == f"η=0.5: diverged at step {blown}"
    with pytest.raises(ValueError, match="etas"):
        widgets.learning_rate_figure(Steep(), etas=[])
    with pytest.raises(ValueError, match="etas"):
        widgets.learning_rate_figure(Steep(), etas=[-1.0])


# ---------------------------------------------------------------- one picture, two versions


def widget_pixels(widget) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(bytes(widget.image.value))).convert("RGB"))


def figure_pixels(fig) -> np.ndarray:
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3]


def test_each_widget_starts_with_exactly_its_static_figure():
    toy, steep = problems.sigmoid_neuron(), Steep()
    explorer = widgets.optimizer_explorer(toy, "Momentum", 30, resolution=12, lr=0.5, gamma=0.8)
    fig = widgets.explorer_figure(toy, "Momentum", 30, resolution=12, lr=0.5, gamma=0.8)
    np.testing.assert_array_equal(widget_pixels(explorer), figure_pixels(fig))
    race = widgets.optimizer_race({"steep": steep, "toy": toy}, ["GD", "Adam"], resolution=12)
    fig = widgets.race_figure(steep, ["GD", "Adam"], resolution=12)  # the same defaults
    np.testing.assert_array_equal(widget_pixels(race), figure_pixels(fig))
    rates = widgets.learning_rate_explorer(steep, lr=0.02, steps=30, resolution=12)
    fig = widgets.explorer_figure(steep, "GD", 30, resolution=12, lr=0.02)
    np.testing.assert_array_equal(widget_pixels(rates), figure_pixels(fig))


def test_values_outside_a_slider_are_refused_never_clipped():
    steep = Steep()
    with pytest.raises(
        ValueError, match=r"gamma=1\.2 is outside the γ slider's range \[0, 0\.99\]"
    ):
        widgets.optimizer_explorer(steep, "Momentum", gamma=1.2)
    with pytest.raises(ValueError, match=r"lr=50 is outside the η slider's range \[0\.0001, 10\]"):
        widgets.learning_rate_explorer(steep, lr=50)
    with pytest.raises(ValueError, match=r"lr=1e-06 is outside the η slider's range"):
        widgets.optimizer_race(steep, ["GD"], lr=1e-6)
    with pytest.raises(
        ValueError, match=r"start=3\.0 is outside the start x slider's range \[-2, 2\]"
    ):
        widgets.optimizer_explorer(steep, "GD", start=(3.0, 0.0))
    with pytest.raises(ValueError, match="optimizer must be one of \\['GD', "):
        widgets.learning_rate_explorer(steep, "Gradient descent")


def test_a_handmade_course_widget_gets_an_html_version_too():
    def draw(fig, values):
        ax = fig.subplots()
        ax.plot([0, 1], [0, values["sigma"]])
        return [f"sigma is {values['sigma']:g}"]

    controls = {
        "sigma": ipywidgets.FloatLogSlider(value=0.1, base=10, min=-2, max=0, description="σ")
    }
    plain = widgets.CourseWidget("a line", controls, draw)
    html = plain._repr_mimebundle_()["text/html"]
    assert "<input" not in html and 'alt="a line: sigma is 0.1"' in html
    scrubbed = widgets.CourseWidget("a line", controls, draw, scrub={"sigma": [0.01, 0.1, 1.0]})
    assert [frame.readout for frame in scrubbed.scrubber.frames] == [
        "σ = 0.01 · sigma is 0.01", "σ = 0.1 · sigma is 0.1", "σ = 1 · sigma is 1"
    ]  # fmt: skip
    with pytest.raises(ValueError, match="exactly one of draw"):
        widgets.CourseWidget("nothing", controls)


def test_the_html_version_reuses_the_starting_picture_instead_of_drawing_it_again():
    calls = []

    def draw(fig, values):
        calls.append(values["sigma"])
        fig.subplots().plot([0, 1], [0, values["sigma"]])
        return []

    controls = {
        "sigma": ipywidgets.FloatLogSlider(value=0.1, base=10, min=-2, max=0, description="σ")
    }
    widget = widgets.CourseWidget("a line", controls, draw, scrub={"sigma": [0.01, 0.1, 1.0]})
    assert calls == [0.1]  # the live widget's first picture
    frames = widget.scrubber.frames  # every position, as for the book (see above)
    assert calls == [0.1, 0.01, 1.0]  # the start was not drawn a second time
    assert frames[1] is not None and np.array_equal(frames[1].rgba, widget.render().rgba)
