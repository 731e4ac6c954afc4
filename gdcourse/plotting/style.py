"""One look for every picture in the course: colours, labels and font sizes.

Each optimizer keeps its colour in every chapter, so a student who has learnt that
Adam is blue can read a new figure without the legend. Names that are not in the
table (a new optimizer, a custom label) get a colour from a fallback cycle chosen by
a checksum of the name, so they too keep their colour from one figure to the next.
"""

from __future__ import annotations

import zlib

import numpy as np

#: The colour of each optimizer, everywhere in the course.
OPTIMIZER_COLOURS = {
    "GD": "#222222",
    "Momentum": "#d62728",
    "NAG": "#ff7f0e",
    "AdaGrad": "#2ca02c",
    "RMSProp": "#9467bd",
    "Adadelta": "#8c564b",
    "Adam": "#1f77b4",
    "AMSGrad": "#17becf",
    "AdaMax": "#e377c2",
    "NAdam": "#bcbd22",
    "Rprop": "#7f7f7f",
    "Yogi": "#800000",
    "LineSearchGD": "#000080",
}

#: Colours for names outside the table, and for telling apart two runs of one optimizer.
FALLBACK_COLOURS = (
    "#e6ab02",
    "#1b9e77",
    "#fb8072",
    "#6a3d9a",
    "#a6761d",
    "#e7298a",
    "#66a61e",
    "#386cb0",
    "#f0027f",
    "#bf5b17",
)

#: Font sizes (points), large enough to read on a projector.
FONT_SIZES = {"title": 13, "label": 12, "ticks": 10, "legend": 10}

#: Colour map of filled contours and surfaces: dark valleys, light peaks.
SURFACE_CMAP = "viridis"

#: How the lecture's hyperparameters appear in the label of an object that is not a
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
    "alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu", "rho",
    "sigma", "tau", "phi", "omega",
}  # fmt: skip


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


def colour_for(name_or_optimizer) -> str:
    """The course colour of an optimizer, given its name, a label or the optimizer itself.

    Parameters
    ----------
    name_or_optimizer : str or Optimizer
        ``"Momentum"``, ``"Momentum (η=0.1, γ=0.9)"`` or ``Momentum(lr=0.1)``.

    Returns
    -------
    str
        A hex colour. Unknown names get a colour of ``FALLBACK_COLOURS``, always the
        same one for the same name.
    """
    name = optimizer_name(name_or_optimizer)
    if name in OPTIMIZER_COLOURS:
        return OPTIMIZER_COLOURS[name]
    # crc32, not hash(): Python salts string hashes per process, crc32 is stable.
    key = name_or_optimizer if isinstance(name_or_optimizer, str) else name
    return FALLBACK_COLOURS[zlib.crc32(key.encode("utf-8")) % len(FALLBACK_COLOURS)]


def distinct_colours(keys) -> list[str]:
    """One colour per key, the course colour unless an earlier key already took it.

    Two runs of the same optimizer (say GD with two learning rates) would otherwise be
    drawn in the same colour; the second one moves on to the next free fallback colour.
    """
    used: set[str] = set()
    colours = []
    for key in keys:
        colour = colour_for(key)
        if colour in used:
            free = [c for c in FALLBACK_COLOURS if c not in used]
            colour = free[0] if free else colour
        used.add(colour)
        colours.append(colour)
    return colours


def _format_value(value) -> str:
    if callable(value):
        return "schedule"
    return f"{value:g}"


def label_for(optimizer) -> str:
    """A legend label with the lecture's symbols, e.g. ``"Momentum (η=0.1, γ=0.9)"``.

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
    """A parameter name as the lecture writes it.

    ``"w"`` -> ``"$w$"``, ``"theta1"`` -> ``"$\\theta_{1}$"``; text with ``$`` is kept as is.
    """
    if "$" in name:
        return name
    stem, digits = name.rstrip("0123456789"), name[len(name.rstrip("0123456789")) :]
    stem = stem.rstrip("_")
    if stem.lower() in _GREEK:
        stem = "\\" + stem
    return f"${stem}_{{{digits}}}$" if digits else f"${stem}$"


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
    exponent = np.log10(value)
    if abs(exponent - round(exponent)) < 1e-9:
        return "10" + str(int(round(exponent))).translate(_SUPERSCRIPTS)
    return f"{value:g}"


def plain_log_ticks(ax, axis: str = "y") -> None:
    """Use :func:`powers_of_ten` labels and no minor ticks on a log-scaled axis of ``ax``."""
    from matplotlib.ticker import FuncFormatter, NullLocator

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(powers_of_ten))
    # Minor ticks on a log axis triple the drawing time and add little to read.
    target.set_minor_locator(NullLocator())
