"""One look for every picture in the course: colours, line styles, labels and font sizes.

Each optimizer keeps its style in every chapter, so a student who has learnt that Adam
is the solid blue line with diamonds can read a new figure without the legend. The
colours are Okabe and Ito's palette, which readers with every common kind of colour
blindness can tell apart; and no two optimizers differ by colour alone: each has its own
pair of line style and marker, so a figure also reads in greyscale (Momentum is dashed
with downward triangles, NAG dash-dotted with rightward ones).

Names that are not in the table (a new optimizer, a custom label) get a style from a
fallback cycle chosen by a checksum of the name, so they too keep their style from one
figure to the next.
"""

from __future__ import annotations

import zlib
from typing import NamedTuple

import numpy as np

#: Okabe & Ito's colour-blind-safe palette ("Color Universal Design", 2008). Its yellow
#: (#F0E442) is left out: too pale for a line on a white page.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}


class Style(NamedTuple):
    """How one optimizer is drawn: colour, line style and marker (matplotlib names).

    ``dict(style._asdict())`` or :func:`style_for` gives keyword arguments for
    ``ax.plot``: ``ax.plot(x, y, **style_for("Adam"), markevery=0.1)``.
    """

    color: str
    linestyle: str
    marker: str


_C = OKABE_ITO
#: The style of each optimizer, everywhere in the course. Optimizers shown together in a
#: chapter have different colours; every optimizer has its own (line style, marker) pair.
OPTIMIZER_STYLES: dict[str, Style] = {
    "GD": Style(_C["black"], "-", "^"),
    "Momentum": Style(_C["vermillion"], "--", "v"),
    "NAG": Style(_C["sky blue"], "-.", ">"),
    "AdaGrad": Style(_C["bluish green"], ":", "P"),
    "RMSProp": Style(_C["reddish purple"], "--", "X"),
    "Adadelta": Style(_C["orange"], "-.", "<"),
    "Adam": Style(_C["blue"], "-", "D"),
    "AMSGrad": Style(_C["bluish green"], "--", "p"),
    "AdaMax": Style(_C["orange"], ":", "h"),
    "NAdam": Style(_C["sky blue"], ":", "d"),
    "Rprop": Style(_C["orange"], "-", "8"),
    "Yogi": Style(_C["reddish purple"], "-.", "H"),
    "LineSearchGD": Style(_C["vermillion"], ":", "^"),
}

#: The colour of each optimizer, everywhere in the course.
OPTIMIZER_COLOURS = {name: style.color for name, style in OPTIMIZER_STYLES.items()}

#: Colours for names outside the table, and for telling apart two runs of one optimizer.
FALLBACK_COLOURS = tuple(OKABE_ITO.values())

_LINESTYLES = ("-", "--", "-.", ":")
_FALLBACK_MARKERS = ("o", "s", "^", "v", "D", "P", "X", "<", ">", "p", "h", "d", "H", "8")

#: Styles for names outside the table: 7 colours x 4 line styles, each with a marker.
#: Neighbours differ in colour, line style and marker (7 and 4 share no factor).
FALLBACK_STYLES = tuple(
    Style(
        FALLBACK_COLOURS[i % len(FALLBACK_COLOURS)],
        _LINESTYLES[i % len(_LINESTYLES)],
        _FALLBACK_MARKERS[i % len(_FALLBACK_MARKERS)],
    )
    for i in range(len(FALLBACK_COLOURS) * len(_LINESTYLES))
)

#: Markers along a line are spaced by this fraction of the axes' diagonal
#: (matplotlib's float ``markevery``): evenly, however many steps the line has.
MARKER_SPACING = 0.1

#: Font sizes (points), large enough to read on a projector.
FONT_SIZES = {"title": 13, "label": 12, "ticks": 10, "legend": 10}

#: Colour map of filled contours and surfaces: dark valleys, light peaks.
SURFACE_CMAP = "viridis"

#: How the course's hyperparameter symbols appear in the label of an object that is not a
#: gdcourse optimizer (those declare ``in_label`` in their spec). ``eps`` is left out on
#: purpose: it guards a division and rarely changes a picture.
HYPERPARAMETER_SYMBOLS = {
    "lr": "η",
    "gamma": "γ",
    "beta": "β",
    "beta1": "β₁",
    "beta2": "β₂",
    "rho": "ρ",
}

_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "eta": "η",
    "theta": "θ", "lambda": "λ", "mu": "μ", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ",
    "omega": "ω",
}  # fmt: skip
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def optimizer_name(name_or_optimizer) -> str:
    """The bare optimizer name: ``"Adam"`` for ``Adam(...)``, ``"Adam"`` or ``"Adam (η=0.1)"``.

    A string is cut at its first space or parenthesis, so a label made by
    :func:`label_for` maps back to the name of its optimizer.
    """
    if isinstance(name_or_optimizer, str):
        # A label such as "(-2, -2)" has no name before its parenthesis: keep it whole.
        words = name_or_optimizer.split("(")[0].split() or name_or_optimizer.split()
        return words[0] if words else ""
    return type(name_or_optimizer).__name__


def _checksum_style(key: str) -> Style:
    # crc32, not hash(): Python salts string hashes per process, crc32 is stable.
    return FALLBACK_STYLES[zlib.crc32(key.encode("utf-8")) % len(FALLBACK_STYLES)]


def course_style(name_or_optimizer) -> Style:
    """The :class:`Style` of an optimizer, given its name, a label or the optimizer itself."""
    name = optimizer_name(name_or_optimizer)
    if name in OPTIMIZER_STYLES:
        return OPTIMIZER_STYLES[name]
    key = name_or_optimizer if isinstance(name_or_optimizer, str) else name
    return _checksum_style(key)


def style_for(name_or_optimizer) -> dict[str, str]:
    """The course's colour, line style and marker of an optimizer, as ``ax.plot`` arguments.

    Parameters
    ----------
    name_or_optimizer : str or Optimizer
        ``"Momentum"``, ``"Momentum (η=0.1, γ=0.9)"`` or ``Momentum(lr=0.1)``.

    Returns
    -------
    dict
        ``{"color": ..., "linestyle": ..., "marker": ...}``. Pass ``markevery=0.1`` (or
        ``MARKER_SPACING``) with it, so a long line gets a few markers, not one per
        point: ``ax.plot(steps, losses, **style_for("Adam"), markevery=0.1)``.
    """
    return dict(course_style(name_or_optimizer)._asdict())


def colour_for(name_or_optimizer) -> str:
    """The course colour of an optimizer, given its name, a label or the optimizer itself.

    Colour alone does not tell optimizers apart for every reader: draw lines with
    :func:`style_for` (same argument), which adds the optimizer's line style and marker.

    Returns
    -------
    str
        A hex colour. Unknown names get a colour of ``FALLBACK_COLOURS``, always the
        same one for the same name.
    """
    return course_style(name_or_optimizer).color


def distinct_styles(keys) -> list[Style]:
    """One style per key, the course style unless an earlier key already took part of it.

    Two runs of the same optimizer (say GD with two learning rates) would otherwise look
    the same; the second one moves on to the first fallback style whose colour and whose
    (line style, marker) pair are both still free. Past seven lines the colours run out
    and only the (line style, marker) pair stays unique.
    """
    used_colours: set[str] = set()
    used_shapes: set[tuple[str, str]] = set()
    styles = []
    for key in keys:
        style = course_style(key)
        if style.color in used_colours or (style.linestyle, style.marker) in used_shapes:
            free = [
                s
                for s in FALLBACK_STYLES
                if (s.linestyle, s.marker) not in used_shapes
                and (s.color not in used_colours or len(used_colours) >= len(FALLBACK_COLOURS))
            ]
            style = free[0] if free else style
        used_colours.add(style.color)
        used_shapes.add((style.linestyle, style.marker))
        styles.append(style)
    return styles


def distinct_colours(keys) -> list[str]:
    """The colours of :func:`distinct_styles`: one per key, no two alike while they last."""
    return [style.color for style in distinct_styles(keys)]


def _format_value(value) -> str:
    if callable(value):
        return "schedule"
    return f"{value:g}"


def label_for(optimizer) -> str:
    """A legend label with the course's symbols, e.g. ``"Momentum (η=0.1, γ=0.9)"``.

    Parameters
    ----------
    optimizer : Optimizer or str
        A :mod:`gdcourse.optimizers` optimizer (its spec says which hyperparameters a
        label shows, see :meth:`~gdcourse.optimizers.Optimizer.hyperparameters`), any
        other object with ``lr``, ``gamma``, ``beta``, ``beta1``, ``beta2`` or ``rho``
        attributes, or a string, returned unchanged.
    """
    if isinstance(optimizer, str):
        return optimizer
    hyperparameters = getattr(optimizer, "hyperparameters", None)
    specs = hyperparameters() if callable(hyperparameters) else ()
    if specs:
        shown = [(spec.name, spec.symbol) for spec in specs if spec.in_label]
    else:
        shown = list(HYPERPARAMETER_SYMBOLS.items())
    parts = []
    for attribute, symbol in shown:
        value = getattr(optimizer, attribute, None)
        if value is not None:
            if attribute == "lr" and callable(value):
                parts.append(f"{symbol}={symbol}(t)")
            else:
                parts.append(f"{symbol}={_format_value(value)}")
    name = type(optimizer).__name__
    return f"{name} ({', '.join(parts)})" if parts else name


def axis_label(name: str) -> str:
    """A parameter name as the course writes it, in plain text.

    ``"w"`` -> ``"w"``, ``"theta1"`` -> ``"θ₁"``, ``"x_2"`` -> ``"x₂"``; text with ``$``
    (matplotlib's maths) is kept as is. Plain text, not ``$w$``: typesetting maths costs
    matplotlib a parser and a layout pass for every figure, for letters that look the same.
    """
    if "$" in name:
        return name
    stem, digits = name.rstrip("0123456789"), name[len(name.rstrip("0123456789")) :]
    stem = stem.rstrip("_")
    if stem.lower() in _GREEK:
        stem = _GREEK[stem.lower()]
    return stem + digits.translate(_SUBSCRIPTS)


def axis_labels(problem) -> tuple[str, str]:
    """The two axis labels of a 2-parameter problem, from ``problem.names``."""
    names = tuple(getattr(problem, "names", ("x", "y")))
    if len(names) < 2:
        names = ("x", "y")
    return axis_label(str(names[0])), axis_label(str(names[1]))


def style_axes(ax, *, xlabel=None, ylabel=None, title=None, zlabel=None) -> None:
    """Apply the course's font sizes and labels to ``ax`` (2-D or 3-D)."""
    if xlabel is not None:
        ax.set_xlabel(xlabel, fontsize=FONT_SIZES["label"])
    if ylabel is not None:
        ax.set_ylabel(ylabel, fontsize=FONT_SIZES["label"])
    if zlabel is not None:  # padded: 3-D tick labels otherwise run into it
        ax.set_zlabel(zlabel, fontsize=FONT_SIZES["label"], labelpad=8)
    if title is not None:
        ax.set_title(title, fontsize=FONT_SIZES["title"])
    ax.tick_params(labelsize=FONT_SIZES["ticks"])


def fixed_margins(
    fig, *, left: float, right: float, bottom: float, top: float, gap: float = 0.0
) -> None:
    """Place the subplots of ``fig`` by margins in inches instead of a layout engine.

    ``gap`` is the space between side-by-side subplots. A figure too small for the
    margins gets the constrained layout instead.

    Why not ``layout="constrained"`` always: the constraint solver measures every label
    of the figure again before each drawing, which costs a contour map with its colour
    bar about a third of its drawing time (half of an animation's). Fixed margins are
    generous enough for the course's labels; :func:`~gdcourse.plotting.show` (and the
    notebook's inline backend) crop a figure to what is drawn.
    """
    width, height = fig.get_size_inches()
    columns = max(1, len(fig.axes))
    if left + right + gap * (columns - 1) > 0.5 * width or bottom + top > 0.5 * height:
        fig.set_layout_engine("constrained")
        return
    panel = (width - left - right - gap * (columns - 1)) / columns
    fig.subplots_adjust(
        left=left / width, right=1 - right / width, bottom=bottom / height,
        top=1 - top / height, wspace=gap / panel,
    )  # fmt: skip


def new_single_axes(figsize, *, colorbar: bool = False):
    """A figure with one axes placed by fixed margins (see :func:`fixed_margins`)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=figsize)
    # ticks + axis label on the left and bottom, the title on top, and on the right
    # the colour bar's ticks and label (the bar itself takes a slice of the axes).
    right = 1.1 if colorbar else 0.3
    fixed_margins(fig, left=0.85, right=right, bottom=0.7, top=0.5)
    return fig, ax


def problem_title(problem) -> str:
    """A short title for a problem: its ``name`` with a capital first letter."""
    name = str(getattr(problem, "name", "") or type(problem).__name__)
    return name[:1].upper() + name[1:]


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def powers_of_ten(value, _position=None) -> str:
    """Tick label ``10⁻³`` in plain text (a ``FuncFormatter`` for log axes).

    matplotlib's default log labels are typeset as maths and parsed again for every
    figure, which makes a log axis about twice as slow to draw; superscript digits look
    the same and cost nothing. Values between the powers of ten get ``:g`` labels.
    """
    if value <= 0:
        return ""
    exponent = _exponent_of_power_of_ten(value)
    if exponent is not None:
        return "10" + str(exponent).translate(_SUPERSCRIPTS)
    return f"{value:g}"


def exponent_label(value, _position=None) -> str:
    """Tick label ``1e-3`` for a power of ten (a ``FuncFormatter`` for log axes).

    For pictures drawn at a low dpi, such as animation frames, where the small
    superscript digits of :func:`powers_of_ten` are a few pixels high: every glyph here
    is full size, and no maths is typeset. Values between the powers of ten get ``:g``
    labels.
    """
    if value <= 0:
        return ""
    exponent = _exponent_of_power_of_ten(value)
    if exponent is not None:
        return f"1e{exponent}"
    return f"{value:g}"


def _exponent_of_power_of_ten(value: float) -> int | None:
    """``k`` when ``value`` (> 0) is ``10**k`` up to round-off, else None."""
    exponent = np.log10(value)
    return int(round(exponent)) if abs(exponent - round(exponent)) < 1e-9 else None


def short_number(value, _position=None) -> str:
    """A tick label with two significant digits and full-size glyphs (a ``FuncFormatter``).

    For colour bars of contour levels, whose values are not round: ``1421`` -> ``"1421"``,
    ``5.23`` -> ``"5.2"``, ``0.0123`` -> ``"0.012"``; outside [0.001, 10000) the
    exponent is written plainly, ``2.5e-05``, because superscript digits are hard to read.
    """
    value = float(value)
    if value == 0 or not np.isfinite(value):
        return f"{value:g}"
    magnitude = abs(value)
    if 1e-3 <= magnitude < 1e4:
        decimals = max(0, 1 - int(np.floor(np.log10(magnitude))))
        return f"{value:.{decimals}f}"
    return f"{value:.1e}"


def plain_log_ticks(ax, axis: str = "y") -> None:
    """Use :func:`powers_of_ten` labels and no minor ticks on a log-scaled axis of ``ax``."""
    from matplotlib.ticker import FuncFormatter, NullLocator

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(powers_of_ten))
    # Minor ticks on a log axis triple the drawing time and add little to read.
    target.set_minor_locator(NullLocator())


def plain_text_log_axes(fig) -> None:
    """Give every log axis of ``fig`` that has matplotlib's default labels plain-text ones.

    The same ticks keep their labels (``10⁻³`` instead of the typeset
    :math:`10^{-3}`); a formatter chosen by the caller is left alone. An axis that
    spans more than two decades also loses its unlabelled minor ticks, as in
    :func:`plain_log_ticks`: they triple the drawing time and add little to read.
    """
    from matplotlib.ticker import LogFormatter, LogFormatterSciNotation, NullLocator

    class PlainLogFormatter(LogFormatter):
        def _num_to_string(self, x, vmin, vmax):
            return powers_of_ten(x)

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_scale() != "log":
                continue
            low, high = sorted(abs(v) for v in axis.get_view_interval())
            many_decades = low > 0 and high / low > 100.0
            for minor in (False, True):
                old = axis.get_minor_formatter() if minor else axis.get_major_formatter()
                if type(old) is not LogFormatterSciNotation:  # the caller chose one: keep it
                    continue
                if minor and many_decades:
                    axis.set_minor_locator(NullLocator())
                    continue
                # The same settings, so the same ticks are labelled (matplotlib labels some
                # minor ticks when an axis spans less than a decade or two).
                plain = PlainLogFormatter(
                    base=getattr(old, "_base", 10.0), labelOnlyBase=old.labelOnlyBase,
                    minor_thresholds=old.minor_thresholds,
                    linthresh=getattr(old, "_linthresh", None),
                )  # fmt: skip
                if minor:
                    axis.set_minor_formatter(plain)
                else:
                    axis.set_major_formatter(plain)
