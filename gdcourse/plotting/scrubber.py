"""Scrubbable figures: a widget's slider that works on a static page, without a kernel.

For one or two sliders, a fixed list of positions is drawn ahead of time by the same
code the live widget runs; the page swaps the pictures as the reader moves an
``<input type="range">`` (mouse, arrow keys, touch). The HTML is self-contained: the
pictures are data URIs, the style and a few lines of plain JavaScript are inline, and
nothing is fetched. Without JavaScript (JupyterLab strips scripts from untrusted
outputs) the reader sees the starting picture and its readout, and no dead slider.

Each frame carries a readout ("η = 0.1 · final loss 0.0123 after 100 steps") and alt
text saying what changed and what happened; a run that diverges shows its message in
its own frame.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from .._checks import check_number

#: Frames are palette PNGs: the filled contour maps have few colours, so 256 keep them
#: exact to the eye at a third of the size of a full-colour PNG (see the module notes).
IMAGE_FORMATS = ("png", "webp")


@dataclass(frozen=True)
class ScrubAxis:
    """One slider of a scrubbable figure.

    Attributes
    ----------
    name : str
        The value's name in the widget (``"lr"``).
    symbol : str
        What the reader sees (``"η"``).
    values : tuple of float
        The positions, increasing.
    start : int
        Index of the starting position.
    """

    name: str
    symbol: str
    values: tuple[float, ...]
    start: int

    def text(self, index: int) -> str:
        """``"η = 0.1"`` for position ``index``."""
        return f"{self.symbol} = {self.values[index]:.4g}"


class ScrubFrame(NamedTuple):
    """One pre-drawn position.

    Attributes
    ----------
    position : tuple of int
        The position on each slider.
    rgba : ndarray, shape (height, width, 4)
        The picture's pixels, exactly as the live widget draws them.
    outcome : str
        What the run did ("final loss 0.0123 after 100 steps", "diverged at step 12").
    readout : str
        The value(s) and the outcome, shown under the picture.
    alt : str
        The picture's alt text: what it shows, the value(s) and the outcome.
    """

    position: tuple[int, ...]
    rgba: np.ndarray
    outcome: str
    readout: str
    alt: str


def nice_positions(
    low: float, high: float, log: bool, mantissas: Sequence[int] = (1, 2, 5)
) -> list[float]:
    """Round slider positions between ``low`` and ``high`` (both ends included).

    Log sliders step 1, 2, 5, 10, 20, ... (16 positions for η from 1e-4 to 10; with
    ``mantissas=(1, 3)``: 1, 3, 10, 30, ..., 11 positions); linear ones step by a round
    tenth of the range (0, 0.1, ..., 0.9, 0.99 for γ).
    """
    if log:
        found = []
        for exponent in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
            for mantissa in mantissas:
                value = float(f"{mantissa}e{exponent}")
                if low <= value <= high:
                    found.append(value)
    else:
        raw = (high - low) / 10
        power = 10 ** math.floor(math.log10(raw))
        step = min((m * power for m in (1, 2, 5, 10) if m * power >= raw * 0.99), default=raw)
        count = int(math.floor((high - low) / step + 1e-9))
        found = [round(low + k * step, 12) for k in range(count + 1)]
    found = [value for value in found if low <= value <= high]
    for end in (low, high):
        if not any(math.isclose(end, value, rel_tol=1e-9) for value in found):
            found.append(end)
    return sorted(found)


def check_positions(name: str, values: Any, low: float, high: float) -> tuple[float, ...]:
    """Slider positions: a non-empty, increasing list of numbers within ``[low, high]``.

    Raises ``ValueError`` naming ``positions[name]`` otherwise (nothing is clipped).
    """
    label = f"positions[{name!r}]"
    try:
        numbers = [check_number(label, value) for value in values]
    except TypeError:
        raise ValueError(f"{label} must be a list of numbers, got {values!r}") from None
    if not numbers:
        raise ValueError(f"{label} must not be empty, got {values!r}")
    if any(b <= a for a, b in zip(numbers[:-1], numbers[1:], strict=True)):
        raise ValueError(f"{label} must be increasing, got {values!r}")
    outside = [value for value in numbers if not low <= value <= high]
    if outside:
        raise ValueError(
            f"{label} has values {outside} outside the slider's range [{low:g}, {high:g}]; "
            "pick positions in that range"
        )
    return tuple(numbers)


def with_start(values: Sequence[float], start: float) -> tuple[tuple[float, ...], int]:
    """``values`` with ``start`` added where it belongs, and the index of ``start``."""
    for index, value in enumerate(values):
        if math.isclose(value, start, rel_tol=1e-9, abs_tol=1e-15):
            return tuple(values), index
    merged = sorted([*values, start])
    return tuple(merged), merged.index(start)


def encode(rgba: np.ndarray, image_format: str = "png") -> tuple[str, bytes]:
    """A frame as (MIME type, bytes): a 256-colour PNG, or a WebP (lossy, quality 80).

    Measured on the 880 x 416 two-panel pictures: full-colour PNG 60 kB, 256-colour PNG
    16 kB (18 ms), WebP 13 kB (52 ms), JPEG 31 kB (and blurred lines).
    """
    from PIL import Image

    if image_format not in IMAGE_FORMATS:
        raise ValueError(f"image_format must be one of {IMAGE_FORMATS}, got {image_format!r}")
    image = Image.fromarray(rgba[..., :3])
    buffer = io.BytesIO()
    if image_format == "png":
        # 256 colours, no dithering: the filled bands stay flat and compress well. The
        # fast octree is 4x quicker than median cut here, at the same size and look.
        palette = image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        palette.save(buffer, format="png")
    else:
        image.save(buffer, format="webp", quality=80, method=4)
    return f"image/{image_format}", buffer.getvalue()


def data_uri(mime: str, data: bytes) -> str:
    """``data:<mime>;base64,...``: the picture inside the page, nothing to fetch."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


#: Set to ``all`` (``tools/execute_notebooks.py`` does, for the committed notebooks the
#: book is built from) to draw every position. Otherwise a scrubber draws only its
#: starting picture: a student running a chapter has the live widget, and drawing a few
#: dozen frames per widget would double the time a chapter takes to run.
FRAMES_ENV = "GDCOURSE_SCRUBBER_FRAMES"


def draw_all_frames() -> bool:
    """True when scrubbers should draw every position (see :data:`FRAMES_ENV`)."""
    return os.environ.get(FRAMES_ENV, "") == "all"


#: Rendering callback: slider values -> (pixels, outcome text).
Render = Callable[[Mapping[str, float]], "tuple[np.ndarray, str]"]


class Scrubber:
    """Pre-drawn pictures for every position of one or two sliders, as a static HTML snippet.

    Parameters
    ----------
    title : str
        What the pictures show (the start of every alt text), e.g. "GD on Toy neuron".
    axes : sequence of ScrubAxis
        One or two sliders (none: the one picture ``render({})`` and its readout).
    render : callable
        ``render(values) -> (rgba, outcome)`` for ``values = {axis.name: value, ...}``:
        the live widget's own drawing.
    image_format : {"png", "webp"}
        Format of the frames in the page.
    all_frames : bool or None
        Draw every position (True) or only the starting picture (False); None reads
        the environment variable ``GDCOURSE_SCRUBBER_FRAMES`` (``all``: every
        position). With only the starting picture the HTML shows it with its
        readout and no slider.

    Attributes
    ----------
    frames : list of ScrubFrame or None
        In row-major order of the sliders' positions; None where not drawn.
    seconds : float
        Time taken to draw and encode all frames.
    """

    def __init__(
        self,
        title: str,
        axes: Sequence[ScrubAxis],
        render: Render,
        *,
        image_format: str = "png",
        all_frames: bool | None = None,
    ) -> None:
        if len(axes) > 2:
            raise ValueError(f"a scrubbable figure has at most two sliders, got {len(axes)}")
        if image_format not in IMAGE_FORMATS:
            raise ValueError(f"image_format must be one of {IMAGE_FORMATS}, got {image_format!r}")
        self.title = title
        self.axes = tuple(axes)
        self.image_format = image_format
        self.complete = draw_all_frames() if all_frames is None else bool(all_frames)
        began = time.perf_counter()
        start = self.start
        self.frames: list[ScrubFrame | None] = [
            self._frame(index, render) if self.complete or number == start else None
            for number, index in enumerate(np.ndindex(*self.sizes))
        ]
        self._sources = [
            "" if frame is None else data_uri(*encode(frame.rgba, image_format))
            for frame in self.frames
        ]
        self.seconds = time.perf_counter() - began

    @property
    def sizes(self) -> tuple[int, ...]:
        """Number of positions of each slider."""
        return tuple(len(axis.values) for axis in self.axes)

    @property
    def start(self) -> int:
        """Index in ``frames`` of the starting picture (the widget's starting state)."""
        index = 0
        for axis in self.axes:
            index = index * len(axis.values) + axis.start
        return index

    def frame_for(self, **values: float) -> ScrubFrame:
        """The frame drawn at the given slider values (they must be positions)."""
        index = 0
        for axis in self.axes:
            value = values[axis.name]
            matches = [i for i, v in enumerate(axis.values) if math.isclose(v, value)]
            if not matches:
                raise ValueError(f"{axis.name}={value!r} is not one of the positions {axis.values}")
            index = index * len(axis.values) + matches[0]
        frame = self.frames[index]
        if frame is None:
            raise ValueError(
                f"the frame at {values} was not drawn; build the scrubber with "
                f"all_frames=True (or set {FRAMES_ENV}=all)"
            )
        return frame

    def _frame(self, index: tuple[int, ...], render: Render) -> ScrubFrame:
        values = {axis.name: axis.values[i] for axis, i in zip(self.axes, index, strict=True)}
        rgba, outcome = render(values)
        setting = ", ".join(axis.text(i) for axis, i in zip(self.axes, index, strict=True))
        readout = " · ".join(part for part in (setting, outcome) if part)
        where = f"{self.title} at {setting}" if setting else self.title
        alt = f"{where}: {outcome}" if outcome else where
        return ScrubFrame(tuple(int(i) for i in index), rgba, outcome, readout, alt)

    @property
    def nbytes(self) -> int:
        """Size of the HTML snippet in bytes (what the page weighs)."""
        return len(self.html().encode("utf-8"))

    def html(self) -> str:
        """The self-contained snippet: picture, readout, slider(s), inline style and script."""
        first = self.frames[self.start]
        assert first is not None  # the starting picture is always drawn
        height, width = first.rgba.shape[:2]
        sliders = "".join(self._slider(number, axis) for number, axis in enumerate(self.axes))
        if not self.complete:
            sliders = ""  # no dead slider: only the starting picture was drawn
        data = {
            "sizes": list(self.sizes),
            "src": self._sources,
            "alt": ["" if frame is None else frame.alt for frame in self.frames],
            "readout": ["" if frame is None else frame.readout for frame in self.frames],
            "valuetext": [[axis.text(i) for i in range(len(axis.values))] for axis in self.axes],
        }
        # "<" escaped so that no string can close the script element early.
        payload = json.dumps(data, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c")
        return (
            '<figure class="gd-scrubber" style="margin:0.5em 0;max-width:100%">'
            f"<style>{_STYLE}</style>"
            f'<img src="{self._sources[self.start]}" alt="{html.escape(first.alt)}" '
            f'width="{width}" height="{height}">'
            f'<figcaption><output aria-live="polite">{html.escape(first.readout)}</output>'
            f"{sliders}</figcaption>"
            f'<script type="application/json">{payload}</script>'
            f"<script>{_SCRIPT}</script>"
            "</figure>"
        )

    def _slider(self, number: int, axis: ScrubAxis) -> str:
        # Hidden until the script runs: without JavaScript a slider would do nothing. The
        # inline style too, in case a sanitizer drops the hidden attribute.
        low, high = axis.text(0), axis.text(len(axis.values) - 1)
        return (
            '<label class="gd-scrubber-slider" hidden style="display:none">'
            f"<span>{html.escape(axis.symbol)}</span>"
            f'<input type="range" min="0" max="{len(axis.values) - 1}" step="1" '
            f'value="{axis.start}" data-axis="{number}" '
            f'aria-label="{html.escape(axis.symbol)}: {html.escape(low)} to {html.escape(high)}" '
            f'aria-valuetext="{html.escape(axis.text(axis.start))}"></label>'
        )

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        sizes = " x ".join(str(size) for size in self.sizes)
        return f"<Scrubber: {self.title}, {sizes} positions>"


_STYLE = (
    ".gd-scrubber img{max-width:100%;height:auto;display:block}"
    ".gd-scrubber figcaption{font-size:0.95em}"
    ".gd-scrubber-slider{display:flex;align-items:center;gap:0.6em;margin:0.3em 0}"
    ".gd-scrubber-slider input{flex:1;min-height:2.2em;max-width:36em}"
)

# Plain JavaScript, no library: read the frames, show the one the slider(s) point at.
_SCRIPT = (
    "(function(){var f=document.currentScript.parentNode;"
    "var d=JSON.parse(f.querySelector('script[type=\"application/json\"]').textContent);"
    "var img=f.querySelector('img'),out=f.querySelector('output');"
    "var s=f.querySelectorAll('input[type=range]');"
    "function show(){var k=0;for(var i=0;i<s.length;i++){var v=Number(s[i].value);"
    "k=k*d.sizes[i]+v;s[i].setAttribute('aria-valuetext',d.valuetext[i][v]);}"
    "img.src=d.src[k];img.alt=d.alt[k];out.textContent=d.readout[k];}"
    "for(var i=0;i<s.length;i++){s[i].addEventListener('input',show);"
    "s[i].parentNode.hidden=false;s[i].parentNode.style.display='';}})();"
)
