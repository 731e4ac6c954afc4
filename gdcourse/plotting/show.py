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

from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

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

    Same dpi (``figure.dpi``) and the same tight crop (``bbox_inches="tight"``), so a
    figure looks the same shown with :func:`show` or with ``plt.show()``, except that
    log axes with matplotlib's default labels get the same labels as plain text
    (:func:`~gdcourse.plotting.style.plain_text_log_axes`).
    """
    from IPython.core.pylabtools import print_figure

    plain_text_log_axes(fig)  # 10⁻³ as text, not typeset maths: the same look, far quicker
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        # Lay the figure out once, then keep it: the crop's measuring pass and the
        # drawing would each solve the same layout again (same pixels, less time).
        engine.execute(fig)
        fig.set_layout_engine("none")
    png = print_figure(fig, fmt="png", bbox_inches="tight")
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
