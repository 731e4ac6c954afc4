"""Show a figure in a notebook together with its text alternative (alt text).

``plt.show()`` sends a figure to Jupyter as a bare ``image/png``: a reader who cannot
see it gets nothing, and the book falls back to the image's file name. :func:`show`
sends the same PNG with the alt text as the output's metadata,
``{"image/png": {"alt": "..."}}``, which the course's book (``book/_ext``) writes into
the ``<img alt>`` of the page. JupyterLab ignores the metadata harmlessly, and nbval
never compares output metadata, so a notebook stays checkable.

In a notebook::

    fig = plotting.contours(valley, paths)
    plotting.show(fig, alt="Contour map of the valley: GD zig-zags across it, Adam "
                           "goes straight down its floor.")
"""

from __future__ import annotations

import base64
import io
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.legend import Legend
from matplotlib.offsetbox import AnchoredOffsetbox
from matplotlib.text import Text
from PIL import Image

from .animation import Animation, Still
from .style import plain_text_log_axes


def check_alt(alt) -> str:
    """``alt`` stripped, or a ``ValueError`` when it is not a text that says something."""
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(
            f"alt must be a text that says what the figure shows, got alt={alt!r}; "
            'e.g. alt="Contour map of the valley with the paths of GD and Adam"'
        )
    return alt.strip()


def figure_png(fig: Figure) -> bytes:
    """The PNG bytes of ``fig`` as the notebook's inline backend would draw it.

    Same dpi (``figure.dpi``) and the same crop to what is drawn plus
    ``savefig.pad_inches`` around it, so a figure looks the same shown with :func:`show`
    or with ``plt.show()``, except that log axes with matplotlib's default labels get
    the same labels as plain text (:func:`~gdcourse.plotting.style.plain_text_log_axes`).

    Why not simply ``bbox_inches="tight"``, as ``plt.show()`` does: to find the crop,
    matplotlib lays the whole figure out and measures every label in a first pass, then
    draws it in a second, which costs about twice one drawing. Here the figure is drawn
    once and cropped to its drawn pixels. Only a figure drawn right up to its edge, which
    may have something outside it (a legend placed beyond the axes), takes matplotlib's
    two passes, whose crop grows the picture to take it in.
    """
    plain_text_log_axes(fig)  # 10⁻³ as text, not typeset maths: the same look, far quicker
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        # Lay the figure out once, then keep it: the crop's measuring pass and the
        # drawing would each solve the same layout again (same pixels, less time).
        engine.execute(fig)
        fig.set_layout_engine("none")
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    rgba = np.asarray(canvas.buffer_rgba())
    crop = _drawn_part(rgba, fig)
    if crop is None or not _labels_inside(fig, renderer):
        return _tight_png(fig, renderer)
    return png_bytes(rgba[crop])


#: zlib level of the course's PNGs. Measured on an 80-dpi contour map: level 3 encodes in
#: 7 ms where Pillow's default (6) takes 10 ms, for 85 kB instead of 81 kB.
PNG_COMPRESS_LEVEL = 3


def png_bytes(rgba: np.ndarray) -> bytes:
    """PNG bytes of a drawn picture (rows x columns x RGBA, as the Agg canvas holds it).

    An opaque picture (every figure with the default white face) is written as RGB: a
    quarter less to compress and to send, the same pixels. One that shows through
    somewhere keeps its alpha channel.
    """
    opaque = bool(np.all(rgba[..., 3] == 255))
    pixels = np.ascontiguousarray(rgba[..., :3] if opaque else rgba)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="png", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


def _pad_inches() -> float | None:
    """``savefig.pad_inches`` as a number, or None when it is ``"layout"``."""
    pad_inches = mpl.rcParams["savefig.pad_inches"]
    return float(pad_inches) if isinstance(pad_inches, (int, float)) else None


def _drawn_part(rgba: np.ndarray, fig: Figure) -> tuple[slice, slice] | None:
    """The rows and columns of ``rgba`` that hold the drawing, padded by
    ``savefig.pad_inches``; None when the drawing touches the figure's edge (something
    may lie outside it) or nothing is drawn."""
    background = np.round(np.array(to_rgba(fig.get_facecolor())) * 255).astype(np.uint8)
    drawn = np.any(rgba != background, axis=2)
    rows, columns = np.flatnonzero(drawn.any(axis=1)), np.flatnonzero(drawn.any(axis=0))
    height, width = drawn.shape
    if rows.size == 0 or rows[0] == 0 or columns[0] == 0:
        return None
    if rows[-1] == height - 1 or columns[-1] == width - 1:
        return None
    pad_inches = _pad_inches()
    if pad_inches is None:  # "layout": matplotlib's own crop, then
        return None
    pad = round(pad_inches * fig.dpi)
    return (
        slice(max(rows[0] - pad, 0), min(rows[-1] + 1 + pad, height)),
        slice(max(columns[0] - pad, 0), min(columns[-1] + 1 + pad, width)),
    )


def _labels_inside(fig: Figure, renderer) -> bool:
    """Whether every text and legend of ``fig`` (titles, axis labels, annotations, legends
    anchored anywhere) lies inside the figure: one placed wholly outside leaves no drawn
    pixel at the edge, but matplotlib's tight crop would take it in."""
    figure_box = fig.bbox
    artists = fig.get_children()  # its texts, legends and added artists among them
    for ax in fig.axes:
        artists += [*ax.get_children(), ax.xaxis.label, ax.yaxis.label]
        if hasattr(ax, "zaxis"):
            artists.append(ax.zaxis.label)
    for artist in artists:
        if not isinstance(artist, (Text, Legend, AnchoredOffsetbox)) or not artist.get_visible():
            continue
        if isinstance(artist, Text) and not artist.get_text():
            continue
        box = artist.get_window_extent(renderer)
        if (
            box.x0 < figure_box.x0 - 0.5
            or box.y0 < figure_box.y0 - 0.5
            or box.x1 > figure_box.x1 + 0.5
            or box.y1 > figure_box.y1 + 0.5
        ):
            return False
    return True


def _tight_png(fig: Figure, renderer=None) -> bytes:
    """PNG bytes by IPython's ``print_figure`` with matplotlib's ``bbox_inches="tight"``.

    Given the ``renderer`` of a drawing just made, the tight box is measured on that
    drawing and passed as the crop, which spares matplotlib its own measuring pass
    (the same box, so the same picture).
    """
    from IPython.core.pylabtools import print_figure

    pad_inches = _pad_inches()
    crop: Any = "tight"
    # With a layout engine (even the placeholder left by a solved constrained layout)
    # matplotlib measures again whatever crop it is given, so the box would not help.
    if renderer is not None and fig.get_layout_engine() is None and pad_inches is not None:
        crop = fig.get_tightbbox(renderer).padded(pad_inches)
    pil_kwargs = {"compress_level": PNG_COMPRESS_LEVEL}
    png = print_figure(fig, fmt="png", bbox_inches=crop, pil_kwargs=pil_kwargs)
    if not isinstance(png, bytes):  # IPython returns bytes for "png"; be sure of it
        raise TypeError(f"expected PNG bytes from IPython's print_figure, got {type(png)}")
    return png


def figure_mimebundle(fig: Figure, alt: str) -> tuple[dict, dict]:
    """The display bundle of ``fig``: base64 PNG, ``text/plain`` and the alt metadata.

    ``text/plain`` is the alt text itself: a text-only front end (a terminal, a
    screen reader reading the notebook's source) gets the description instead of
    ``<Figure size 600x500 with 1 Axes>``.
    """
    alt = check_alt(alt)
    data = {
        "image/png": base64.b64encode(figure_png(fig)).decode("ascii"),
        "text/plain": alt,
    }
    return data, {"image/png": {"alt": alt}}


def show(picture, *, alt: str) -> None:
    """Display a figure or animation in the notebook with ``alt`` as its text alternative.

    Use it instead of ``plt.show()``: it shows ``picture`` once, as ``image/png`` with
    the metadata ``{"image/png": {"alt": alt}}``, and closes a figure so that it is
    not shown a second time at the end of the cell. The course's book writes the alt
    text into the page's ``<img alt>``.

    Parameters
    ----------
    picture : matplotlib.figure.Figure, matplotlib.axes.Axes, Animation or Still
        What to show; an ``Axes`` shows its whole figure.
    alt : str
        What the picture shows and what it teaches, in a sentence or two: what is
        plotted, which optimizers, the lesson. Not a file name.

    Raises
    ------
    ValueError
        When ``alt`` is empty or not a text.
    TypeError
        When ``picture`` is none of the above.

    Examples
    --------
    >>> fig = plotting.loss_curves({"GD": gd_run, "Adam": adam_run})  # doctest: +SKIP
    >>> plotting.show(fig, alt="Loss against step: Adam reaches 1e-6 in 40 steps, "
    ...               "GD needs 400.")  # doctest: +SKIP
    """
    from IPython.display import display

    alt = check_alt(alt)
    if isinstance(picture, (Animation, Still)):
        picture.alt = alt
        display(picture)
        return
    figure = getattr(picture, "figure", None) if not isinstance(picture, Figure) else picture
    if not isinstance(figure, Figure):
        raise TypeError(
            "picture must be a matplotlib Figure or Axes, an Animation or a Still, "
            f"got {type(picture).__name__}"
        )
    data, metadata = figure_mimebundle(figure, alt)
    import matplotlib.pyplot as plt

    plt.close(figure)  # shown once, here: not again by the inline backend
    display(data, raw=True, metadata=metadata)
