"""Tests of gdcourse.plotting: figures are checked by their properties, not by pixels."""

import base64
import io
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from IPython.core.formatters import format_display_data  # noqa: E402
from PIL import Image  # noqa: E402

from gdcourse import Trajectory, plotting, problems, run  # noqa: E402
from gdcourse.optimizers import GD  # noqa: E402
from gdcourse.plotting import animation, style, surfaces  # noqa: E402
from gdcourse.plotting.paths import as_paths, path_losses  # noqa: E402


class Bowl:
    """A small inline problem: L = x^2 + 4 y^2, minimum at the origin."""

    name = "test bowl"
    names = ("x", "y")
    bounds = ((-2.0, 2.0), (-1.0, 1.0))
    minimum = np.array([0.0, 0.0])

    def loss(self, theta, batch=None):
        return theta[0] ** 2 + 4.0 * theta[1] ** 2

    def grad(self, theta, batch=None):
        return np.array([2.0 * theta[0], 8.0 * theta[1]])


class Valley(Bowl):
    """Rosenbrock-like: a flat floor under steep walls (needs log-spaced levels)."""

    name = "test valley"

    def loss(self, theta, batch=None):
        return (1 - theta[0]) ** 2 + 100.0 * (theta[1] - theta[0] ** 2) ** 2


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def neuron():
    return problems.sigmoid_neuron()


@pytest.fixture(scope="module")
def two_runs(neuron):
    fast = run(GD(lr=1.0), neuron, [-2.0, -2.0], steps=80)
    slow = run(GD(lr=0.1), neuron, [-2.0, -2.0], steps=40)
    return fast, slow


# ---------------------------------------------------------------- import and style


def test_import_gdcourse_does_not_load_matplotlib():
    code = "import sys, gdcourse; print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# Optimizers that a chapter shows side by side (notebooks 04-17).
SHOWN_TOGETHER = [
    ("GD", "Momentum", "NAG", "AdaGrad"),
    ("GD", "AdaGrad", "RMSProp", "Adadelta"),
    ("Momentum", "RMSProp", "Adam", "AMSGrad", "AdaMax", "NAdam"),
    ("Momentum", "Adam", "AMSGrad", "Yogi"),
    ("GD", "Momentum", "RMSProp"),
    ("GD", "Momentum", "Adam"),
    ("GD", "Rprop"),
    ("GD", "LineSearchGD"),
]


def test_every_course_optimizer_has_its_own_style_not_only_a_colour():
    styles = style.OPTIMIZER_STYLES
    assert len(styles) == 13
    assert set(style.OPTIMIZER_COLOURS.values()) <= set(style.OKABE_ITO.values())
    # Greyscale, or a reader who cannot tell the colours apart: (line style, marker) alone.
    shapes = {(s.linestyle, s.marker) for s in styles.values()}
    assert len(shapes) == 13
    for group in SHOWN_TOGETHER:
        assert len({styles[name].color for name in group}) == len(group), group
    momentum, nag = styles["Momentum"], styles["NAG"]
    assert momentum.linestyle != nag.linestyle and momentum.marker != nag.marker
    assert plotting.colour_for("Momentum") == style.OPTIMIZER_COLOURS["Momentum"]
    assert plotting.style_for("Adam") == {"color": "#0072B2", "linestyle": "-", "marker": "D"}
    assert plotting.style_for(GD(lr=0.5)) == dict(styles["GD"]._asdict())


def test_distinct_styles_never_repeat_a_colour_or_a_shape():
    keys = ["GD", "GD (η=0.1)", "GD (η=0.01)", "Adam", "mine", "Momentum", "NAG", "x", "y"]
    styles = style.distinct_styles(keys)
    assert styles[0] == style.OPTIMIZER_STYLES["GD"]
    assert len({(s.linestyle, s.marker) for s in styles}) == len(keys)
    assert len({s.color for s in styles[:7]}) == 7  # colours last for seven lines


def test_colour_for_reads_names_labels_and_optimizers():
    assert plotting.colour_for(GD(lr=0.5)) == style.OPTIMIZER_COLOURS["GD"]
    assert plotting.colour_for("GD (η=0.5)") == style.OPTIMIZER_COLOURS["GD"]
    assert plotting.colour_for("NAdam") != plotting.colour_for("Adam")
    # Unknown names: a fallback colour, the same one every time.
    assert plotting.colour_for("my rule") in style.FALLBACK_COLOURS
    assert plotting.colour_for("my rule") == plotting.colour_for("my rule")


def test_two_runs_of_one_optimizer_get_different_colours():
    colours = style.distinct_colours(["GD", "GD (η=0.1)", "Adam"])
    assert colours[0] == style.OPTIMIZER_COLOURS["GD"]
    assert colours[1] != colours[0]
    assert colours[2] == style.OPTIMIZER_COLOURS["Adam"]


def test_label_for_uses_the_lecture_symbols():
    class Momentum:
        lr, gamma, eps = 0.1, 0.9, 1e-8

    class Adam:
        lr, beta1, beta2 = 0.001, 0.9, 0.999

    assert plotting.label_for(Momentum()) == "Momentum (η=0.1, γ=0.9)"
    assert plotting.label_for(Adam()) == "Adam (η=0.001, β₁=0.9, β₂=0.999)"
    assert plotting.label_for(GD(lr=lambda t: 0.1)) == "GD (η=η(t))"
    assert plotting.label_for("already a label") == "already a label"


@pytest.mark.parametrize(
    "name, label",
    [("w", "w"), ("b", "b"), ("theta1", "θ₁"), ("x_2", "x₂"), ("$u$", "$u$")],
)
def test_axis_label(name, label):
    assert plotting.axis_label(name) == label


# ---------------------------------------------------------------- grid and levels


def test_grid_matches_a_point_by_point_loop(neuron):
    surface = plotting.grid(neuron, resolution=7)
    assert surface.loss.shape == (7, 7)
    expected = np.array(
        [
            [neuron.loss([x, y]) for x, y in zip(xs, ys, strict=True)]
            for xs, ys in zip(surface.x, surface.y, strict=True)
        ]
    )
    np.testing.assert_allclose(surface.loss, expected)
    assert surface.x[0, 0] == -6.0 and surface.x[0, -1] == 6.0
    assert surface.y[0, 0] == -6.0 and surface.y[-1, 0] == 6.0


def test_grid_takes_bounds_and_checks_its_arguments(neuron):
    surface = plotting.grid(neuron, resolution=3, bounds=((0, 1), (2, 4)))
    np.testing.assert_allclose(surface.x[0], [0, 0.5, 1])
    np.testing.assert_allclose(surface.y[:, 0], [2, 3, 4])
    with pytest.raises(ValueError, match="resolution"):
        plotting.grid(neuron, resolution=1)
    with pytest.raises(ValueError, match="bounds"):
        plotting.grid(neuron, bounds=((1, 0), (0, 1)))
    with pytest.raises(ValueError, match="bounds"):
        plotting.grid(neuron, bounds=(1, 2, 3))


def test_grid_refuses_a_loss_that_is_not_vectorized():
    class Scalar(Bowl):
        def loss(self, theta, batch=None):
            return float(np.sum(np.asarray(theta[0])))

    with pytest.raises(ValueError, match="must accept arrays"):
        plotting.grid(Scalar(), resolution=4)
    no_bounds = Bowl()
    no_bounds.bounds = None
    with pytest.raises(ValueError, match="no bounds"):
        plotting.grid(no_bounds)


def test_contour_levels_even_log_and_given():
    loss = np.linspace(0.0, 100.0, 101)
    even = plotting.contour_levels(loss, 4, log_levels=False)
    np.testing.assert_allclose(even, [20, 40, 60, 80])
    log = plotting.contour_levels(loss, 5, log_levels=True)
    # Geometric from just above the floor (0.1 % quantile of heights above it) to the top.
    assert log[0] == pytest.approx(np.quantile(loss[1:], 0.001))
    assert log[-1] == pytest.approx(100.0)
    np.testing.assert_allclose(np.diff(np.log(log)), np.log(log[1] / log[0]))
    np.testing.assert_allclose(plotting.contour_levels(loss, [3, 1, 2]), [1, 2, 3])
    shifted = plotting.contour_levels(loss - 50.0, 5, log_levels=True)  # negative losses
    np.testing.assert_allclose(shifted, log - 50.0)
    with pytest.raises(ValueError, match="log_levels"):
        plotting.contour_levels(loss, 5, log_levels="yes")
    with pytest.raises(ValueError, match="levels"):
        plotting.contour_levels(loss, 0)


def test_auto_levels_go_logarithmic_only_for_flat_floored_valleys():
    valley = plotting.grid(Valley(), resolution=40).loss
    bowl = plotting.grid(Bowl(), resolution=40).loss
    assert surfaces.wants_log_levels(valley)
    assert not surfaces.wants_log_levels(bowl)


# ---------------------------------------------------------------- paths


def test_paths_are_read_from_dicts_pairs_optimizers_and_arrays(two_runs):
    fast, slow = two_runs
    from_dict = as_paths({"fast": fast, "slow": slow})
    assert [p.label for p in from_dict] == ["fast", "slow"]
    from_pairs = as_paths([(GD(lr=1.0), fast), ("slow", slow)])
    assert from_pairs[0].label == "GD (η=1)"
    assert from_pairs[0].colour == style.OPTIMIZER_COLOURS["GD"]
    single = as_paths(fast)
    assert single[0].label == "path" and single[0].steps == 80
    points = as_paths({"guesses": np.array([[0.0, 0.0], [1.0, 1.0]])})
    assert points[0].losses is None
    np.testing.assert_allclose(path_losses(points[0], Bowl()), [0.0, 5.0])


def test_bad_paths_fail_with_a_clear_message(two_runs):
    with pytest.raises(ValueError, match="pairs"):
        as_paths([two_runs[0]])
    with pytest.raises(ValueError, match="2 parameters"):
        as_paths({"3-D": np.zeros((4, 3))})
    with pytest.raises(ValueError, match="no recorded losses"):
        path_losses(as_paths({"p": np.zeros((2, 2))})[0], None)


# ---------------------------------------------------------------- contours


def test_contours_draw_paths_legend_minimum_and_labels(neuron, two_runs):
    fast, slow = two_runs
    fig = plotting.contours(neuron, {"fast": fast, "slow": slow}, resolution=30)
    assert isinstance(fig, plt.Figure)
    ax, bar = fig.axes  # the map and its colour bar
    assert bar.get_ylabel() == "loss"
    assert ax.get_xlabel() == "w" and ax.get_ylabel() == "b"
    assert ax.get_title() == "Toy sigmoid neuron"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["fast", "slow", "minimum"]
    labels = [line.get_label() for line in ax.lines]
    assert labels.count("_start") == 2 and labels.count("_end") == 2
    path_line = next(line for line in ax.lines if line.get_label() == "fast")
    np.testing.assert_allclose(path_line.get_xydata(), fast.thetas)
    slow_line = next(line for line in ax.lines if line.get_label() == "slow")
    # Two runs are told apart by line style and marker too, not by colour alone.
    assert (path_line.get_linestyle(), path_line.get_marker()) != (
        slow_line.get_linestyle(),
        slow_line.get_marker(),
    )
    star = next(line for line in ax.lines if line.get_label() == "minimum")
    assert star.get_marker() == "*"
    assert ax.get_xlim() == (-6.0, 6.0) and ax.get_ylim() == (-6.0, 6.0)


def test_contours_grid_content_and_levels(neuron):
    fig = plotting.contours(neuron, resolution=25, levels=6, log_levels=False)
    filled = fig.axes[0].collections[0]
    surface = plotting.grid(neuron, resolution=25)
    np.testing.assert_allclose(filled.levels, plotting.contour_levels(surface.loss, 6, False))
    assert fig.axes[0].get_legend() is None  # nothing to name without paths


def test_contours_on_a_given_axes_with_options(two_runs):
    fig, axes = plt.subplots(1, 2)
    out = plotting.contours(
        Bowl(), [("run", np.array([[1.5, 0.5], [0.0, 0.0]]))], ax=axes[1], filled=False,
        equal_aspect=True, colorbar=True, resolution=20, show_minimum=False, title="bowl",
    )  # fmt: skip
    assert out is axes[1]
    assert len(fig.axes) == 3  # the two axes and the colour bar
    assert out.get_aspect() == 1.0
    assert out.get_title() == "bowl"
    assert [t.get_text() for t in out.get_legend().get_texts()] == ["run"]
    with pytest.raises(ValueError, match="2-D axes"):
        plotting.contours(Bowl(), ax=fig.add_subplot(projection="3d"), resolution=5)


def test_a_diverged_path_is_marked_in_the_legend():
    diverged = Trajectory(np.zeros((3, 2)), np.ones(3), 2, 2, diverged=True, message="boom")
    fig = plotting.contours(Bowl(), {"GD": diverged}, resolution=10)
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert texts[0] == "GD (diverged)"


# ---------------------------------------------------------------- 3-D surfaces


def test_surface_3d_draws_paths_on_the_surface(neuron, two_runs):
    fig = plotting.surface_3d(neuron, {"fast": two_runs[0]}, resolution=15)
    (ax,) = fig.axes
    assert ax.name == "3d"
    assert ax.get_xlabel() == "w" and ax.get_zlabel() == "loss"
    (line,) = [line for line in ax.lines if line.get_label() == "fast"]
    x, y, z = line.get_data_3d()
    np.testing.assert_allclose(z, two_runs[0].losses)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["fast"]


def test_surface_3d_cuts_a_path_where_it_leaves_the_box():
    away = np.array([[1.0, 0.5], [1.5, 0.5], [50.0, 0.5]])
    fig = plotting.surface_3d(Bowl(), {"away": away}, resolution=10)
    (line,) = [line for line in fig.axes[0].lines if line.get_label() == "away"]
    x, _, _ = line.get_data_3d()
    assert np.isfinite(x[:2]).all() and np.isnan(x[2])
    with pytest.raises(ValueError, match="3-D axes"):
        plotting.surface_3d(Bowl(), ax=plt.figure().add_subplot(), resolution=5)


def test_surface_and_contours_side_by_side(neuron, two_runs):
    fig = plotting.surface_and_contours(neuron, {"fast": two_runs[0]}, resolution=15)
    assert [ax.name for ax in fig.axes] == ["3d", "rectilinear", "rectilinear"]  # + colour bar
    assert fig.get_suptitle() == "Toy sigmoid neuron"
    assert fig.axes[1].get_legend() is not None


# ---------------------------------------------------------------- loss curves


def test_loss_curves_one_line_per_run_on_a_log_axis(two_runs):
    fast, slow = two_runs
    fig = plotting.loss_curves({"fast": fast, "slow": slow})
    (ax,) = fig.axes
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() == "step t"
    np.testing.assert_allclose(ax.lines[1].get_ydata(), slow.losses)
    np.testing.assert_allclose(ax.lines[0].get_xdata(), np.arange(81))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["fast", "slow"]


def test_loss_curves_linear_symlog_and_computed_losses():
    fig, ax = plt.subplots()
    assert (
        plotting.loss_curves({"a": np.array([[1.0, 0.0]])}, ax=ax, log=False, problem=Bowl()) is ax
    )
    assert ax.get_yscale() == "linear"
    negative = Trajectory(np.zeros((3, 2)), np.array([1.0, -1.0, -5.0]), 2, 2)
    fig = plotting.loss_curves({"saddle": negative})
    assert fig.axes[0].get_yscale() == "symlog"


def test_loss_curves_cap_a_run_that_blows_up():
    blow_up = Trajectory(np.zeros((4, 2)), np.array([1.0, 1e10, 1e100, 1e300]), 3, 3)
    calm = Trajectory(np.zeros((4, 2)), np.array([1.0, 0.5, 0.2, 0.1]), 3, 3)
    fig = plotting.loss_curves({"blow-up": blow_up, "calm": calm})
    low, high = fig.axes[0].get_ylim()
    assert high == pytest.approx(1e6) and low == pytest.approx(0.1)
    fig.canvas.draw()  # the tick maths must not overflow


# ---------------------------------------------------------------- animations


@pytest.fixture(scope="module")
def anim(neuron, two_runs):
    fast, slow = two_runs
    return plotting.animate_paths(
        neuron, [(GD(lr=1.0), fast), ("slow", slow)], frames=6, resolution=20, dpi=40
    )


def test_frame_steps_subsample_long_runs():
    np.testing.assert_array_equal(animation.frame_steps(1000, 5), [0, 250, 500, 750, 1000])
    np.testing.assert_array_equal(animation.frame_steps(3, 30), [0, 1, 2, 3])


def test_animation_counts_frames_and_has_a_plain_repr(anim):
    assert anim.frames == 6 == len(anim.images)
    assert anim.steps == (0, 16, 32, 48, 64, 80)
    assert repr(anim) == "<Animation: 6 frames of GD (η=1), slow on Toy sigmoid neuron>"


def test_animation_shows_as_an_animated_png(anim):
    data, _ = format_display_data(anim)
    assert set(data) == {"text/plain", "image/png"}
    assert data["text/plain"] == repr(anim)
    image = Image.open(io.BytesIO(anim._repr_png_()))
    assert image.format == "PNG" and image.is_animated and image.n_frames == 6


def test_animated_png_decodes_to_the_rendered_frames(anim):
    # Unchanged pixels are stored as transparent; blending must rebuild every frame.
    image = Image.open(io.BytesIO(anim.to_png()))
    for index in (1, 5):
        image.seek(index)
        decoded = np.asarray(image.convert("RGB"))
        np.testing.assert_array_equal(decoded, np.asarray(anim.images[index].convert("RGB")))


def test_animation_saves_gif_and_png(anim, tmp_path):
    gif = anim.save(tmp_path / "run.gif")
    with Image.open(gif) as image:
        assert image.format == "GIF" and image.n_frames == 6
    png = anim.save(tmp_path / "run.png")
    with Image.open(png) as image:
        assert image.n_frames == 6
    with pytest.raises(ValueError, match=".gif or .png"):
        anim.save(tmp_path / "run.mp4")


def test_final_frame_is_a_static_png(anim, tmp_path):
    still = anim.final_frame()
    assert repr(still) == "<Frame 6 of 6: GD (η=1), slow on Toy sigmoid neuron>"
    image = Image.open(io.BytesIO(still._repr_png_()))
    assert not getattr(image, "is_animated", False)
    assert anim.frame(0).image is anim.images[0]
    assert still.save(tmp_path / "end.png").exists()
    with pytest.raises(ValueError, match="index"):
        anim.frame(6)


@pytest.mark.parametrize("panel, width", [("loss", 2), ("surface", 2)])
def test_animation_panels_and_no_stray_figure(neuron, two_runs, panel, width):
    before = plt.get_fignums()
    anim = plotting.animate_paths(
        neuron, {"fast": two_runs[0]}, frames=3, panel=panel, resolution=15, dpi=30,
        figsize=(4.0 * width, 3.0),
    )  # fmt: skip
    assert anim.frames == 3
    assert anim.images[0].size == (4 * width * 30, 90)
    assert plt.get_fignums() == before


def test_animation_checks_its_arguments(neuron, two_runs):
    with pytest.raises(ValueError, match="panel"):
        plotting.animate_paths(neuron, {"a": two_runs[0]}, panel="3d")
    with pytest.raises(ValueError, match="frames"):
        plotting.animate_paths(neuron, {"a": two_runs[0]}, frames=0)
    with pytest.raises(ValueError, match="colours"):
        plotting.animate_paths(neuron, {"a": two_runs[0]}, colours=256)
    with pytest.raises(ValueError, match="at least one path"):
        plotting.animate_paths(neuron, {})


def test_colour_for_label_starting_with_parenthesis():
    # A start-point label like "(-2, -2)" names no optimizer; it still gets a colour.
    from gdcourse.plotting.style import colour_for, optimizer_name

    assert optimizer_name("(-2, -2)") == "(-2,"
    assert colour_for("(-2, -2)").startswith("#")


@pytest.mark.parametrize(
    "value, label",
    [(1e-4, "10⁻⁴"), (1.0, "10⁰"), (100.0, "10²"), (0.5, "0.5"), (0.0, ""), (-1.0, "")],
)
def test_powers_of_ten_labels(value, label):
    assert plotting.powers_of_ten(value) == label


@pytest.mark.parametrize(
    "value, label",
    [(1e-4, "1e-4"), (1.0, "1e0"), (100.0, "1e2"), (0.5, "0.5"), (0.0, ""), (-1.0, "")],
)
def test_exponent_labels_have_full_size_digits(value, label):
    from gdcourse.plotting.style import exponent_label

    assert exponent_label(value) == label


def test_loss_curves_log_axis_uses_plain_labels():
    import matplotlib.pyplot as plt

    trajectory = run(GD(1.0), problems.sigmoid_neuron(), [-2, -2], steps=20)
    fig = plotting.loss_curves({"GD": trajectory})
    ax = fig.axes[0]
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert labels and all("$" not in text for text in labels)
    assert not ax.yaxis.get_minor_locator()()
    plt.close(fig)


# ---------------------------------------------------------------- accessibility


def test_animations_stop_after_a_few_loops(anim, tmp_path):
    image = Image.open(io.BytesIO(anim.to_png()))
    assert image.info["loop"] == animation.LOOPS == 3  # APNG num_plays; 0 would be for ever
    with Image.open(anim.save(tmp_path / "run.gif")) as gif:
        assert gif.info["loop"] == animation.LOOPS - 1  # GIF counts repeats after the first
    durations = anim._durations()
    assert durations[-1] == anim.hold > anim.interval  # the final frame holds


def test_animation_carries_its_alt_text_as_image_metadata(anim):
    assert anim.alt.startswith("Animation: GD (η=1) and slow move on the contour map")
    assert "plays 3 times and stops on the last frame" in anim.alt
    data, metadata = format_display_data(anim)
    assert metadata == {"image/png": {"alt": anim.alt}}
    assert data["text/plain"] == repr(anim)  # nbval compares text/plain: stable
    png = base64.b64decode(data["image/png"])
    assert Image.open(io.BytesIO(png)).n_frames == anim.frames
    still = anim.final_frame()
    _, still_metadata = format_display_data(still)
    assert still_metadata["image/png"]["alt"].startswith("Frame 6 of 6 (step t = 80). Anim")


def test_animation_takes_an_alt_and_checks_it(neuron, two_runs):
    alt = "GD crawls down the slope of the neuron's loss."
    anim = plotting.animate_paths(neuron, {"GD": two_runs[0]}, frames=2, resolution=10, alt=alt)
    assert anim.alt == alt
    with pytest.raises(ValueError, match="alt"):
        plotting.animate_paths(neuron, {"GD": two_runs[0]}, frames=2, alt="  ")


def test_animation_log_ticks_have_full_size_digits(neuron, two_runs, monkeypatch):
    from matplotlib.ticker import FuncFormatter

    made = []

    class Recording(FuncFormatter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    # At the frames' dpi, superscript digits are unreadable: the log axis says 1e-3.
    monkeypatch.setattr(animation, "FuncFormatter", Recording)
    plotting.animate_paths(neuron, {"fast": two_runs[0]}, frames=2, panel="loss", resolution=10)
    assert len(made) == 1 and made[0].axis.axes.get_yscale() == "log"
    assert [made[0](value) for value in (1e-3, 1.0)] == ["1e-3", "1e0"]
    assert animation.ANIMATION_TICK_SIZE >= 12


def test_contours_say_log_spaced_levels_on_the_figure():
    fig = plotting.contours(Valley(), resolution=40)
    ax, bar = fig.axes
    assert bar.get_ylabel() == "loss (log-spaced levels)"
    assert "log-spaced" not in ax.get_title()
    # Without a colour bar, the title says it.
    fig, ax = plt.subplots()
    plotting.contours(Valley(), ax=ax, resolution=40, title="valley")
    assert ax.get_title() == "valley (log-spaced levels)"
    assert len(fig.axes) == 1  # on a given axes the colour bar is off by default
    fig, ax = plt.subplots()
    plotting.contours(Bowl(), ax=ax, resolution=20, log_levels=False, colorbar=True)
    assert fig.axes[1].get_ylabel() == "loss" and "log" not in ax.get_title()


@pytest.mark.parametrize(
    "value, label",
    [(1421.3, "1421"), (5.23, "5.2"), (0.0123, "0.012"), (0.0, "0"), (2.5e-5, "2.5e-05")],
)
def test_colour_bar_labels_have_two_significant_digits(value, label):
    assert style.short_number(value) == label


def test_show_displays_a_figure_with_alt_text_and_closes_it(monkeypatch):
    shown = []
    monkeypatch.setattr(
        "IPython.display.display", lambda *args, **kwargs: shown.append((args, kwargs))
    )
    fig = plotting.contours(Bowl(), resolution=10)
    plotting.show(fig, alt="  A bowl: round contours around the minimum. ")
    (((data,), kwargs),) = shown
    assert kwargs == {
        "raw": True,
        "metadata": {"image/png": {"alt": "A bowl: round contours around the minimum."}},
    }
    assert data["text/plain"] == "A bowl: round contours around the minimum."
    assert Image.open(io.BytesIO(base64.b64decode(data["image/png"]))).format == "PNG"
    assert fig.number not in plt.get_fignums()  # closed: not shown twice


def test_show_gives_an_animation_its_alt(monkeypatch, anim):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kwargs: shown.append(obj))
    still = anim.frame(0)
    plotting.show(still, alt="The start: both runs at (-2, -2).")
    assert shown == [still] and still.alt == "The start: both runs at (-2, -2)."


def test_show_checks_its_arguments():
    fig = plotting.loss_curves({"a": np.array([[1.0, 2.0], [0.5, 1.0]])}, problem=Bowl())
    with pytest.raises(ValueError, match="alt must be a text"):
        plotting.show(fig, alt="")
    with pytest.raises(ValueError, match="alt must be a text"):
        plotting.show(fig, alt=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Figure or Axes"):
        plotting.show("figure.png", alt="a file name is no alt text")


def test_show_writes_default_log_labels_as_plain_text_and_keeps_chosen_ones():
    from matplotlib.ticker import FuncFormatter

    fig, (ax, custom) = plt.subplots(1, 2)
    ax.semilogy([1, 2, 3], [1e-3, 1e-1, 10])
    custom.semilogy([1, 2], [0.2, 0.7])
    custom.yaxis.set_major_formatter(FuncFormatter(lambda v, _: "mine"))
    plotting.style.plain_text_log_axes(fig)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert "10⁻³" in labels and "10¹" in labels and not any("$" in t for t in labels)
    assert {t.get_text() for t in custom.get_yticklabels()} <= {"mine", ""}
    assert len(ax.yaxis.get_minorticklocs()) == 0  # four decades: no minor ticks
    assert len(custom.yaxis.get_minorticklocs()) > 0  # under a decade: they stay
    plt.close(fig)


def _decoded(png: bytes) -> np.ndarray:
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def _constrained_figure():
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.5), layout="constrained")
    left.plot(np.arange(10), np.arange(10) ** 2, label="squares")
    left.set(xlabel="step", ylabel="loss", title="a title")
    left.legend()
    image = right.imshow(np.random.default_rng(0).random((10, 10)))
    fig.colorbar(image, ax=right, label="value")
    return fig


def test_show_draws_a_figure_once_and_crops_it_to_the_drawing_plus_the_pad():
    import sys

    from matplotlib.layout_engine import ConstrainedLayoutEngine

    show_module = sys.modules["gdcourse.plotting.show"]
    fig = _constrained_figure()
    png = _decoded(show_module.figure_png(fig))
    assert not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)  # solved once
    # The same pixels as the figure drawn whole, cut to what is drawn plus the pad of
    # matplotlib's tight crop (savefig.pad_inches): nothing drawn is lost.
    fig.canvas.draw()
    whole = np.asarray(fig.canvas.buffer_rgba())
    drawn = np.any(whole != whole[0, 0], axis=2)
    rows, columns = np.flatnonzero(drawn.any(axis=1)), np.flatnonzero(drawn.any(axis=0))
    pad = round(plt.rcParams["savefig.pad_inches"] * fig.dpi)
    top, left = max(rows[0] - pad, 0), max(columns[0] - pad, 0)  # the pad stops at the edge
    expected = whole[top : rows[-1] + 1 + pad, left : columns[-1] + 1 + pad]
    assert png.shape == expected.shape
    assert np.array_equal(png, expected)
    # and about the size of matplotlib's own tight crop (which shifts by a fraction of
    # a pixel, so its anti-aliasing differs slightly)
    tight = _decoded(show_module._tight_png(_constrained_figure()))
    assert abs(tight.shape[0] - png.shape[0]) <= 12 and abs(tight.shape[1] - png.shape[1]) <= 12
    plt.close("all")


@pytest.mark.parametrize(
    "place",
    [
        lambda fig, ax: ax.legend(["outside"], bbox_to_anchor=(1.6, 1.0)),
        lambda fig, ax: fig.text(1.05, 0.5, "beyond the right edge"),
        lambda fig, ax: ax.set_title("far above", y=1.6),
        lambda fig, ax: ax.plot([0, 1], [0, 1], clip_on=False, transform=fig.transFigure),
    ],
    ids=["legend outside", "text outside", "title outside", "drawn up to the edge"],
)
def test_show_crops_like_matplotlib_when_something_may_lie_outside_the_figure(place):
    import sys

    show_module = sys.modules["gdcourse.plotting.show"]

    def make():
        fig, ax = plt.subplots(figsize=(5, 3))
        ax.plot([1, 2], label="a line")
        place(fig, ax)
        return fig

    assert show_module.figure_png(make()) == show_module._tight_png(make())
    plt.close("all")
