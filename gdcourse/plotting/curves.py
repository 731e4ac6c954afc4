"""Loss curves: the loss against the step number, one line per optimizer."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from .paths import as_paths, legend_label, line_style, path_losses
from .style import FONT_SIZES, new_single_axes, plain_log_ticks, style_axes


def _needs_symlog(curves) -> bool:
    # A log axis hides losses <= 0 (a saddle's loss goes negative); symlog shows them.
    return any(np.any(losses[np.isfinite(losses)] <= 0) for losses in curves)


def _capped_limits(curves, scale: str):
    """Limits that keep the axis near where the runs started when one of them blows up.

    A diverging run can reach 1e300 before it stops; an axis that wide flattens every
    other curve (and overflows the tick maths). The cap is a million times the largest
    start loss on a log axis, ten start-loss widths on a linear one: the runaway curve
    leaves through the top, which is the lesson. None when nothing needs capping.
    """
    finite = [c[np.isfinite(c)] for c in curves if np.isfinite(c).any()]
    if not finite:
        return None
    starts = np.array([c[0] for c in finite])
    low, high = min(c.min() for c in finite), max(c.max() for c in finite)
    scale_width = max(float(np.abs(starts).max()), 1e-12)
    if scale == "log":
        cap_low, cap_high = low, 1e6 * float(starts.max())
    else:
        factor = 1e6 if scale == "symlog" else 10.0
        cap_low = float(starts.min()) - factor * scale_width
        cap_high = float(starts.max()) + factor * scale_width
    if high > cap_high or low < cap_low:
        return max(low, cap_low), min(high, cap_high)
    return None


def loss_curves(
    trajectories,
    ax=None,
    *,
    log: bool = True,
    problem=None,
    legend: bool = True,
    title: str | None = "loss",
    figsize=(6.0, 4.0),
):
    """The loss against the step ``t`` for one or more runs.

    Parameters
    ----------
    trajectories : dict, list of pairs or Trajectory
        ``{label: Trajectory}``, ``[(label or optimizer, Trajectory), ...]`` or one
        ``Trajectory``. Any number of parameters (data problems too).
    ax : matplotlib Axes, optional
        Draw here instead of on a new figure.
    log : bool
        Logarithmic loss axis: fast and slow convergence both stay readable. When some
        loss is <= 0 (a saddle) the axis is symmetric-log instead, so nothing vanishes.
        A run that blows up leaves through the top: the axis stops at a million times
        the largest start loss (ten start-loss widths on a linear axis).
    problem : Problem, optional
        Computes the loss along paths whose trajectory recorded none.
    legend : bool
        Add a legend naming each run.
    title : str, optional
        Axes title.
    figsize : (float, float)
        Size of a new figure in inches.

    Returns
    -------
    matplotlib.figure.Figure or matplotlib.axes.Axes
        The new figure, or ``ax`` when it was given. Show it with ``plt.show()``.
    """
    paths = as_paths(trajectories, dims=None)
    given_ax = ax is not None
    if not given_ax:
        fig, ax = new_single_axes(figsize)
    curves = [path_losses(path, problem) for path in paths]
    for path, losses in zip(paths, curves, strict=True):
        ax.plot(
            np.arange(losses.size), losses, label=legend_label(path),
            **line_style(path, halo=False),
        )  # fmt: skip
    scale, options = "linear", {}
    if log and curves:
        if _needs_symlog(curves):
            finite = np.concatenate([np.abs(c[np.isfinite(c)]) for c in curves])
            positive = finite[finite > 0]
            scale = "symlog"
            options = {"linthresh": float(positive.min()) if positive.size else 1.0}
        else:
            scale = "log"
    limits = _capped_limits(curves, scale)
    if limits is not None:  # before the scale: autoscaling 1e300 would overflow
        ax.set_ylim(*limits)
    ax.set_yscale(scale, **options)
    if scale == "log":
        plain_log_ticks(ax)
    elif scale == "symlog":
        ax.minorticks_off()  # minor ticks triple the drawing time and add little to read
    # Whole steps, at most six ticks: each tick is about a millisecond to make and draw.
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    style_axes(ax, xlabel="step t", ylabel="loss L", title=title)
    if legend and paths:
        ax.legend(fontsize=FONT_SIZES["legend"], loc="best")
    return ax if given_ax else ax.figure
