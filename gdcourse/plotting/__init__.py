"""Pictures of optimizers: error surfaces, contour maps, paths, loss curves, animations.

Import it explicitly (``from gdcourse import plotting``); ``import gdcourse`` alone does
not load matplotlib. Every function returns the ``Figure`` it made (or the ``Axes`` you
passed with ``ax=...``) and never calls ``plt.show()`` itself: in a notebook, show a
figure with ``plotting.show(fig, alt="what it shows")``, which gives it a text
alternative and closes it, or with ``plt.show()``, so that no figure is left open.
Optimizers are drawn in colour-blind-safe colours and told apart by line style and
marker as well (:func:`style_for`).

================================  =================================================
:func:`contours`                  contour map with paths, start/end markers, minimum
:func:`surface_3d`                the error surface in 3-D with paths on it
:func:`surface_and_contours`      the "guess the surface" pair, side by side
:func:`loss_curves`               loss against step, one line per optimizer
:func:`animate_paths`             optimizers moving together (animated PNG or GIF)
:func:`grid`                      the loss on a grid, in one vectorized call
:func:`style_for`                 the course colour, line style and marker of an optimizer
:func:`colour_for`                the course colour of an optimizer
:func:`label_for`                 a legend label such as "Momentum (η=0.1, γ=0.9)"
:func:`plain_log_ticks`           fast plain-text ``10⁻³`` labels on a log axis
:func:`explorer_figure`           one optimizer's path and loss (a widget's picture)
:func:`race_figure`               several optimizers from one start (a widget's picture)
:func:`learning_rate_figure`      several learning rates side by side
:class:`Scrubber`                 pre-drawn pictures behind a slider, as static HTML
:class:`ScrubAxis`                one slider of a scrubber: its positions
:class:`ScrubFrame`               one pre-drawn picture, its readout and alt text
:func:`show`                      show a figure or animation with its alt text
================================  =================================================
"""

from .animation import Animation, Still, animate_paths
from .curves import loss_curves
from .figures import explorer_figure, learning_rate_figure, race_figure
from .paths import Path, as_paths
from .scrubber import ScrubAxis, Scrubber, ScrubFrame
from .show import show
from .style import (
    OKABE_ITO,
    OPTIMIZER_COLOURS,
    OPTIMIZER_STYLES,
    Style,
    axis_label,
    colour_for,
    label_for,
    plain_log_ticks,
    powers_of_ten,
    style_for,
)
from .surfaces import Grid, contour_levels, contours, grid, surface_3d, surface_and_contours

__all__ = [
    "Animation",
    "Grid",
    "OKABE_ITO",
    "OPTIMIZER_COLOURS",
    "OPTIMIZER_STYLES",
    "Path",
    "ScrubAxis",
    "ScrubFrame",
    "Scrubber",
    "Still",
    "Style",
    "animate_paths",
    "as_paths",
    "axis_label",
    "colour_for",
    "contour_levels",
    "contours",
    "explorer_figure",
    "grid",
    "label_for",
    "learning_rate_figure",
    "loss_curves",
    "plain_log_ticks",
    "powers_of_ten",
    "race_figure",
    "show",
    "style_for",
    "surface_3d",
    "surface_and_contours",
]
