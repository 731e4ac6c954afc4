"""Tests of gdcourse.plotting.scrubber: the widgets' HTML version, frames and page weight."""

import base64
import html.parser
import io
import json
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402
from steep_bowl import Steep  # noqa: E402

from gdcourse import widgets  # noqa: E402
from gdcourse.plotting import scrubber  # noqa: E402

# Every position drawn, as for the book (see gdcourse.plotting.scrubber.FRAMES_ENV).
pytestmark = pytest.mark.usefixtures("all_frames")


class Parts(html.parser.HTMLParser):
    """The tags of a snippet (with their attributes) and the text of its scripts."""

    def __init__(self, text):
        super().__init__()
        self.tags, self.scripts, self._in_script = [], [], False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)

    def all(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]


def decode(uri: str) -> np.ndarray:
    header, data = uri.split(",", 1)
    assert header == "data:image/png;base64"
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB"))


@pytest.fixture(scope="module")
def rates():
    """A learning-rate widget on a steep bowl, and its scrubbable figure (16 positions)."""
    widget = widgets.learning_rate_explorer(Steep(), lr=0.01, steps=80, resolution=12)
    return widget, widget.scrubber


def test_default_positions_are_round_and_include_the_start(rates):
    widget, scrub = rates
    (axis,) = scrub.axes
    assert axis.values == (
        1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0
    )  # fmt: skip
    assert axis.values[axis.start] == 0.01 and len(scrub.frames) == 16
    assert scrubber.nice_positions(0.0, 0.99, log=False) == [
        0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99
    ]  # fmt: skip
    assert scrubber.with_start((0.1, 1.0), 0.5) == ((0.1, 0.5, 1.0), 1)


def test_each_frame_is_the_live_widgets_picture_at_that_value(rates):
    widget, scrub = rates
    for lr in (0.05, 10.0):
        widget.controls["lr"].value = lr
        live = np.asarray(Image.open(io.BytesIO(bytes(widget.image.value))).convert("RGB"))
        frame = scrub.frame_for(lr=lr)
        np.testing.assert_array_equal(live, frame.rgba[..., :3])
        # The page's 256-colour copy looks the same: colours move a little, none by much.
        shown = decode(scrubber.data_uri(*scrubber.encode(frame.rgba)))
        difference = np.abs(shown.astype(int) - live.astype(int))
        assert difference.max() <= 48 and difference.mean() < 2.0
    widget.controls["lr"].value = 0.01


def test_readouts_and_alt_texts_name_the_value_and_the_outcome(rates):
    _, scrub = rates
    start = scrub.frames[scrub.start]
    assert start.readout.startswith("η = 0.01 · final loss ")
    assert start.readout.endswith(" after 80 steps")
    assert start.alt == f"Path and loss of GD on Steep bowl at η = 0.01: {start.outcome}"
    blown = scrub.frame_for(lr=10.0)
    assert blown.outcome.startswith("diverged at step ")
    assert blown.readout == f"η = 10 · {blown.outcome}"
    assert len({frame.alt for frame in scrub.frames}) == 16


def test_a_diverging_position_shows_its_message_in_its_frame(rates):
    _, scrub = rates

    def has_message(frame):  # the firebrick box on the loss panel (nothing else is red)
        r, g, b = (frame.rgba[..., k].astype(int) for k in range(3))
        return int(np.sum((r > 130) & (r - g > 70) & (r - b > 70))) > 50

    calm, blown = scrub.frame_for(lr=0.001), scrub.frame_for(lr=10.0)
    assert not has_message(calm) and has_message(blown)
    # Not a blank picture: the map and the path up to the last finite point are there.
    assert len(np.unique(blown.rgba.reshape(-1, 4), axis=0)) > 50


def test_the_html_works_with_keyboard_mouse_and_without_javascript(rates):
    _, scrub = rates
    text = scrub.html()
    parts = Parts(text)
    (slider,) = parts.all("input")
    assert slider["type"] == "range"
    assert (slider["min"], slider["max"], slider["step"], slider["value"]) == ("0", "15", "1", "6")
    assert slider["aria-valuetext"] == "η = 0.01"
    assert slider["aria-label"] == "η: η = 0.0001 to η = 10"
    (label,) = [attrs for name, attrs in parts.tags if attrs.get("class") == "gd-scrubber-slider"]
    assert "hidden" in label  # shown by the script: without it a slider would do nothing
    (image,) = parts.all("img")
    assert image["alt"] == scrub.frames[scrub.start].alt
    assert (image["width"], image["height"]) == ("880", "416")
    assert parts.all("output")[0]["aria-live"] == "polite"
    payload, script = parts.scripts
    data = json.loads(payload)
    assert data["sizes"] == [16] and len(data["src"]) == len(data["alt"]) == 16
    assert data["src"][scrub.start] == image["src"]
    assert data["readout"] == [frame.readout for frame in scrub.frames]
    # Nothing fetched from elsewhere: no address outside the pictures' data URIs (whose
    # base64 may spell "http" by chance).
    without_pictures = re.sub(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+", "", text)
    assert "addEventListener('input'" in script and "http" not in without_pictures
    assert "<script src" not in text


def test_the_widget_carries_both_versions(rates):
    widget, scrub = rates
    bundle = widget._repr_mimebundle_()
    assert bundle["text/plain"] == "<learning_rate_explorer: GD on Steep bowl>"
    assert "model_id" in bundle["application/vnd.jupyter.widget-view+json"]
    assert bundle["text/html"] == scrub.html()  # drawn once, the same on every display


def test_page_weight_of_a_sixteen_position_scrubber_stays_small(rates):
    _, scrub = rates
    assert scrub.nbytes < 600_000


def test_bad_positions_are_refused_when_the_figure_is_built():
    steep = Steep()
    for positions, match in [
        ([], r"positions\['lr'\] must not be empty"),
        ([0.1, 0.01], r"positions\['lr'\] must be increasing"),
        ([0.1, 0.1], r"positions\['lr'\] must be increasing"),
        ([0.01, 100.0], r"positions\['lr'\] has values \[100.0\] outside the slider's range"),
        ([0.01, float("nan")], r"positions\['lr'\] must be a finite number"),
        (0.1, r"positions\['lr'\] must be a list of numbers"),
    ]:
        with pytest.raises(ValueError, match=match):
            widgets.learning_rate_explorer(
                steep, lr=0.01, steps=3, resolution=5, positions=positions
            )
    with pytest.raises(ValueError, match=r"scrub must name controls among \['gamma', 'lr'"):
        widgets.optimizer_explorer(steep, "Momentum", steps=3, resolution=5, scrub="beta")
    with pytest.raises(ValueError, match=r"positions given for \['gamma'\]"):
        widgets.optimizer_explorer(steep, "Momentum", 3, resolution=5, positions={"gamma": [0.5]})


def test_two_sliders_give_every_pair_in_row_major_order():
    calls = []

    def render(values):
        calls.append(dict(values))
        return np.full((2, 3, 4), 255, dtype=np.uint8), f"sum {values['a'] + values['b']:g}"

    axes = [
        scrubber.ScrubAxis("a", "α", (1.0, 2.0), 1),
        scrubber.ScrubAxis("b", "β", (10.0, 20.0, 30.0), 0),
    ]
    scrub = scrubber.Scrubber("Two knobs", axes, render)
    assert calls[:4] == [
        {"a": 1.0, "b": 10.0},
        {"a": 1.0, "b": 20.0},
        {"a": 1.0, "b": 30.0},
        {"a": 2.0, "b": 10.0},
    ]
    assert scrub.start == 3 and scrub.frames[3].readout == "α = 2, β = 10 · sum 12"
    assert scrub.frame_for(a=1.0, b=30.0).alt == "Two knobs at α = 1, β = 30: sum 31"
    assert len(Parts(scrub.html()).all("input")) == 2
    with pytest.raises(ValueError, match="image_format must be one of"):
        scrubber.Scrubber("x", axes, render, image_format="gif")
    assert scrubber.encode(np.zeros((2, 2, 4), dtype=np.uint8), "webp")[0] == "image/webp"


def test_a_race_scrubs_eta_at_one_and_three_per_decade():
    race = widgets.optimizer_race(Steep(), ["GD", "Adam"], steps=5, lr=0.01, resolution=5)
    (axis,) = race._scrub_axes
    assert axis.values == (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
    assert axis.start == 4


def test_without_the_frames_switch_only_the_starting_picture_is_drawn(monkeypatch):
    from gdcourse.plotting import scrubber

    monkeypatch.delenv(scrubber.FRAMES_ENV, raising=False)
    axis = scrubber.ScrubAxis("lr", "η", (0.01, 0.1, 1.0), start=1)
    drawn = []

    def render(values):
        drawn.append(values["lr"])
        return np.zeros((4, 6, 4), dtype=np.uint8), "final loss 0.5"

    light = scrubber.Scrubber("GD on a test", [axis], render)
    assert drawn == [0.1]
    assert [frame is None for frame in light.frames] == [True, False, True]
    page = light.html()
    assert 'type="range"' not in page  # no dead slider
    assert "η = 0.1 · final loss 0.5" in page
    with pytest.raises(ValueError, match="all_frames=True"):
        light.frame_for(lr=1.0)
    full = scrubber.Scrubber("GD on a test", [axis], render, all_frames=True)
    assert drawn == [0.1, 0.01, 0.1, 1.0] and 'type="range"' in full.html()
