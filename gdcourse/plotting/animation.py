"""Animations: several optimizers moving together on the contour map.

Why an animated PNG? The course's notebooks are checked with nbval in strict mode,
which compares the ``text/plain`` and ``text/html`` of every output exactly but skips
``image/png``. Matplotlib's own ``to_jshtml`` writes random ids into its HTML, so it
could never pass. An :class:`Animation` therefore shows itself as one ``image/png``: an
animated PNG (APNG) that plays in JupyterLab, in the static Jupyter Book and in every
current browser, next to a short ``text/plain`` that is the same on every run.

An animation plays ``LOOPS`` times and then stops on its last frame, where every path
has ended (WCAG 2.2.2: nothing moves on its own for ever). It carries a text
alternative, ``alt``, sent to Jupyter as the image's metadata; the book writes it into
the ``<img alt>`` (see :func:`gdcourse.plotting.show`).

Frames are drawn with the Agg renderer on a figure that pyplot never sees, so no
stray static copy of the figure appears under the animation. The background (contours,
surface, axes) is drawn once and only the moving lines are redrawn for each frame.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path as FilePath
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from PIL import Image, PngImagePlugin

from .._checks import check_positive, check_positive_int
from .curves import loss_curves
from .paths import as_paths, draw_path, path_losses
from .style import FONT_SIZES, exponent_label, fixed_margins, problem_title
from .surfaces import LEVELS, LOG_LEVELS, clip_to_box, contours, surface_3d

PANELS = (None, "loss", "surface")

#: How many times an animation plays before it stops on its last frame.
LOOPS = 3

#: GIF's loop count is the number of repeats after the first play, and 0 means for ever;
#: None leaves the count out (play once).
GIF_LOOP = (LOOPS - 1) or None

#: Tick labels of animation frames are at least this many points: frames are drawn at a
#: low dpi, where a 10-point superscript (the 3 of 10⁻³) is a few pixels high.
ANIMATION_TICK_SIZE = 12


#: zlib level of the animations' palette PNGs. Measured on a 15-frame animation: level 6
#: writes it in 17 ms and 27 kB, Pillow's ``optimize=True`` (level 9) in 50 ms and 24 kB.
APNG_COMPRESS_LEVEL = 6


def _png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=APNG_COMPRESS_LEVEL)
    return buffer.getvalue()


def _apng_bytes(images: list[Image.Image], durations: list[int], loops: int = LOOPS) -> bytes:
    """Animated PNG of palette frames that share one palette with a free last index.

    Each frame after the first stores only what changed: unchanged pixels get the free
    palette index, made transparent, and are blended over the previous frame. Long runs
    of one index compress to almost nothing, so a 30-frame animation takes tens of
    kilobytes instead of hundreds. ``loops``: how many times it plays (APNG ``num_plays``)
    before it stays on the last frame.
    """
    if len(images) == 1:
        return _png_bytes(images[0])
    pixels = [np.asarray(image) for image in images]
    unchanged = int(max(frame.max() for frame in pixels)) + 1  # first unused index
    if unchanged > 255:
        raise ValueError("frames must use at most 255 palette colours; see quantize()")
    palette = list(images[0].getpalette() or [])[: 3 * unchanged] + [255, 255, 255]
    first = images[0].copy()
    first.putpalette(palette)
    rest = []
    for before, now in zip(pixels[:-1], pixels[1:], strict=True):
        delta = Image.fromarray(np.where(now == before, unchanged, now).astype(np.uint8), "P")
        delta.putpalette(palette)
        rest.append(delta)
    buffer = io.BytesIO()
    first.save(
        buffer, format="PNG", save_all=True, append_images=rest, duration=durations, loop=loops,
        compress_level=APNG_COMPRESS_LEVEL, transparency=unchanged,
        disposal=PngImagePlugin.Disposal.OP_NONE, blend=PngImagePlugin.Blend.OP_OVER,
    )  # fmt: skip
    return buffer.getvalue()


def png_mimebundle(png: bytes, text: str, alt: str | None) -> tuple[dict, dict]:
    """A Jupyter display bundle: the PNG (base64), ``text`` as ``text/plain``, ``alt``.

    The alt text travels as the output's metadata ``{"image/png": {"alt": ...}}``, which
    the course's book writes into ``<img alt>``; JupyterLab ignores it.
    """
    data = {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": text}
    metadata = {"image/png": {"alt": alt}} if alt else {}
    return data, metadata


class Still:
    """One frame of an animation, shown as a plain PNG (for print or a static page).

    Attributes
    ----------
    image : PIL.Image.Image
        The frame.
    alt : str
        Text alternative: what the frame shows, for readers who cannot see it.
    """

    def __init__(self, image: Image.Image, description: str, alt: str = ""):
        self.image = image
        self._description = description
        self.alt = alt or f"Frame {description}"

    def __repr__(self) -> str:
        return f"<Frame {self._description}>"

    def _repr_png_(self) -> bytes:
        return _png_bytes(self.image)

    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        return png_mimebundle(self._repr_png_(), repr(self), self.alt)

    def save(self, path) -> FilePath:
        """Write the frame to ``path`` (format from the suffix, e.g. ``.png``)."""
        path = FilePath(path)
        self.image.save(path)
        return path


class Animation:
    """Frames of optimizers moving on a surface; Jupyter shows it as an animated PNG.

    Build one with :func:`animate_paths`. In a notebook, leave it as the last
    expression of a cell (or call ``display(anim)``) to see it play.

    Attributes
    ----------
    frames : int
        Number of frames.
    steps : tuple of int
        The step ``t`` shown in each frame.
    images : list of PIL.Image.Image
        The frames, palette images sharing one palette.
    interval : int
        Milliseconds per frame; the last frame is held for ``hold`` milliseconds.
    alt : str
        Text alternative (what the animation shows and its lesson), written into the
        book's ``<img alt>``. :func:`animate_paths` writes a plain description; give a
        better one with ``animate_paths(..., alt="...")`` or
        ``plotting.show(anim, alt="...")``.
    """

    def __init__(self, images, steps, description: str, interval: int, hold: int, alt: str = ""):
        self.images = list(images)
        self.steps = tuple(int(s) for s in steps)
        self.frames = len(self.images)
        self.interval = int(interval)
        self.hold = int(hold)
        self._description = description
        self.alt = alt or f"Animation of {description}."
        self._png: bytes | None = None

    def __repr__(self) -> str:
        return f"<Animation: {self.frames} frames of {self._description}>"

    def _durations(self) -> list[int]:
        return [self.interval] * (self.frames - 1) + [self.hold]

    def to_png(self) -> bytes:
        """The animation as animated-PNG bytes (what Jupyter displays)."""
        if self._png is None:
            self._png = _apng_bytes(self.images, self._durations())
        return self._png

    def _repr_png_(self) -> bytes:
        return self.to_png()

    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        return png_mimebundle(self.to_png(), repr(self), self.alt)

    def save(self, path) -> FilePath:
        """Write the animation to ``path``: ``.gif`` or ``.png`` (animated PNG).

        GIF plays everywhere (slides, chat); APNG is the smaller file.
        """
        path = FilePath(path)
        suffix = path.suffix.lower()
        if suffix == ".png":
            path.write_bytes(self.to_png())
        elif suffix == ".gif":
            self.images[0].save(
                path, format="GIF", save_all=True, append_images=self.images[1:],
                duration=self._durations(), loop=GIF_LOOP,
            )  # fmt: skip
        else:
            raise ValueError(f"path must end in .gif or .png, got path={str(path)!r}")
        return path

    def frame(self, index: int = -1) -> Still:
        """One frame as a static picture (default: the last, where every path has ended)."""
        if not -self.frames <= index < self.frames:
            raise ValueError(f"index must be in [-{self.frames}, {self.frames}), got index={index}")
        number = index % self.frames + 1
        description = f"{number} of {self.frames}: {self._description}"
        step = self.steps[index]
        alt = f"Frame {number} of {self.frames} (step t = {step}). {self.alt}"
        return Still(self.images[index], description, alt=alt)

    def final_frame(self) -> Still:
        """The final state, for print and for readers whose viewer cannot animate."""
        return self.frame(-1)


def quantize(images: list[Image.Image], colours: int = 255) -> list[Image.Image]:
    """Palette frames sharing one palette of at most ``colours`` (<= 255) colours.

    The palette comes from the last frame, which holds every path. No dithering, so a
    pixel that does not change between frames keeps its palette index, which is what
    lets :func:`_apng_bytes` store only the moving part of each frame.
    """
    palette = images[-1].quantize(colors=colours, method=Image.Quantize.FASTOCTREE)
    return [image.quantize(palette=palette, dither=Image.Dither.NONE) for image in images]


def frame_steps(max_steps: int, frames: int) -> np.ndarray:
    """The step shown in each frame: ``frames`` steps spread evenly from 0 to ``max_steps``.

    Long runs are subsampled (1000 steps, 30 frames: every ~34th step); never more frames
    than distinct steps.
    """
    frames = min(frames, max_steps + 1)
    return np.unique(np.round(np.linspace(0, max_steps, frames)).astype(int))


def _freeze_limits(ax) -> None:
    # Fixed limits: the background is drawn once, so the axes may not rescale later.
    ax.set_xlim(ax.get_xlim())
    ax.set_ylim(ax.get_ylim())
    if getattr(ax, "name", "") == "3d":
        ax.set_zlim(ax.get_zlim())
    ax.set_autoscale_on(False)


def animate_paths(
    problem,
    trajectories,
    frames: int = 30,
    *,
    panel: str | None = None,
    fps: float = 8.0,
    hold: float = 1.5,
    resolution: int = 100,
    bounds=None,
    levels=LEVELS,
    log_levels=LOG_LEVELS,
    equal_aspect: bool = False,
    dpi: int = 80,
    figsize=None,
    colours: int = 255,
    alt: str | None = None,
) -> Animation:
    """Animate several optimizers moving together on the contour map of ``problem``.

    Parameters
    ----------
    problem : Problem
        A 2-parameter problem.
    trajectories : dict, list of pairs or Trajectory
        ``{label: Trajectory}`` or ``[(label or optimizer, Trajectory), ...]``.
    frames : int
        Number of frames (at most one per step). Long runs are subsampled; each frame
        draws the whole path up to its step, so nothing is lost between frames.
    panel : {None, "loss", "surface"}
        A second panel beside the contours: the growing loss curves or the 3-D surface.
    fps : float
        Frames per second.
    hold : float
        Seconds the last frame stays before the animation loops.
    resolution, bounds, levels, log_levels, equal_aspect
        As in :func:`~gdcourse.plotting.contours`.
    dpi : int
        Pixels per inch of the frames (with ``figsize``, the image size).
    figsize : (float, float), optional
        Inches; default (6, 5), or (11, 4.6) with a panel.
    colours : int
        Palette size (2-255). Fewer colours give slightly smaller files.
    alt : str, optional
        Text alternative for readers who cannot see the animation: what it shows and
        what it teaches. Default: a plain description (which optimizers, on which
        problem, which steps).

    Returns
    -------
    Animation
        Shown as an animated PNG in Jupyter; ``.save("run.gif")`` writes a file.

    Examples
    --------
    >>> from gdcourse import problems, run
    >>> from gdcourse.optimizers import GD
    >>> neuron = problems.sigmoid_neuron()
    >>> path = run(GD(lr=1.0), neuron, [-2, -2], steps=100)
    >>> anim = animate_paths(neuron, {"GD": path}, frames=10)
    >>> anim
    <Animation: 10 frames of GD on Toy sigmoid neuron>
    >>> anim.save("gd.gif")  # doctest: +SKIP
    """
    frames = check_positive_int("frames", frames)
    fps = check_positive("fps", fps)
    hold = check_positive("hold", hold)
    dpi = check_positive_int("dpi", dpi)
    colours = check_positive_int("colours", colours)
    if not 2 <= colours <= 255:  # the 256th palette entry marks unchanged pixels
        raise ValueError(f"colours must be in [2, 255], got colours={colours}")
    if panel not in PANELS:
        raise ValueError(f"panel must be one of {PANELS}, got panel={panel!r}")
    if alt is not None and (not isinstance(alt, str) or not alt.strip()):
        raise ValueError(f"alt must be a non-empty text or None, got alt={alt!r}")
    paths = as_paths(trajectories)
    if not paths:
        raise ValueError(f"trajectories must hold at least one path, got {trajectories!r}")
    if figsize is None:
        figsize = (6.0, 5.0) if panel is None else (11.0, 4.6)

    canvas, ax, second = _animation_axes(figsize, dpi, panel)
    contours(
        problem, None, ax=ax, resolution=resolution, bounds=bounds, levels=levels,
        log_levels=log_levels, equal_aspect=equal_aspect, legend=False, colorbar=True,
    )  # fmt: skip
    moving, clock = _moving_on_map(ax, paths)
    if panel == "loss":
        moving += _moving_loss_curves(second, paths, problem)
    elif panel == "surface":
        moving += _moving_on_surface(second, paths, problem, resolution, bounds)
    _freeze_limits(ax)
    _legible_ticks(canvas.figure)

    steps = frame_steps(max(path.steps for path in paths), frames)
    images = quantize(_draw_frames(canvas, moving, clock, steps), colours)
    labels = ", ".join(path.label for path in paths)
    description = f"{labels} on {problem_title(problem)}"
    if alt is None:
        alt = default_alt(paths, problem, panel, int(steps[-1]))
    interval, hold_ms = round(1000 / fps), round(1000 * hold)
    return Animation(images, steps, description, interval=interval, hold=hold_ms, alt=alt)


#: What changes from frame to frame: (the axes it is in, the artist, update(step)).
Moving = list[tuple[Any, Any, Any]]


def _animation_axes(figsize, dpi: int, panel: str | None) -> tuple[FigureCanvasAgg, Any, Any]:
    """The figure's canvas, its contour-map axes and the second panel's axes (or None)."""
    # A Figure that pyplot does not know about: nothing is left open to show twice.
    fig = Figure(figsize=figsize, dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1 if panel is None else 2, 1)
    # The second panel (a 2-D or 3-D axes), made now so that the margins place both.
    second: Any = None
    if panel is not None:
        second = fig.add_subplot(1, 2, 2, projection="3d" if panel == "surface" else None)
    # Margins in inches (see fixed_margins): the frames are not cropped, and the 12-point
    # ticks need room; between the panels, the colour bar's labels and the right
    # panel's ticks and label.
    # (The 3-D panel's z label sits outside its box, on the right.)
    right = {None: 0.85, "loss": 0.3, "surface": 0.6}[panel]
    fixed_margins(fig, left=0.95, right=right, bottom=0.65, top=0.4, gap=1.45)
    return canvas, ax, second


def _moving_on_map(ax, paths) -> tuple[Moving, Any]:
    """Each path's line and end point on the map, its legend, and the step counter."""
    moving: Moving = []
    for path in paths:
        line, _start, end = draw_path(ax, path, markers=False)[:3]
        moving.append((ax, line, _set_line(line, path.thetas)))
        moving.append((ax, end, _set_point(end, path.thetas)))
    ax.legend(fontsize=FONT_SIZES["legend"], loc="best", framealpha=0.9)
    clock = ax.text(
        0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=FONT_SIZES["legend"],
        bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.8},
    )  # fmt: skip
    return moving, clock


def _moving_loss_curves(loss_ax, paths, problem) -> Moving:
    """The loss curves of the second panel, growing with the steps."""
    loss_curves(paths, ax=loss_ax, problem=problem, legend=False)
    moving: Moving = []
    for path, line in zip(paths, loss_ax.lines[-len(paths) :], strict=True):
        losses = path_losses(path, problem)
        steps = np.arange(losses.size)
        moving.append((loss_ax, line, _set_line(line, np.column_stack([steps, losses]))))
    _freeze_limits(loss_ax)
    return moving


def _moving_on_surface(surf_ax, paths, problem, resolution: int, bounds) -> Moving:
    """The paths on the 3-D surface of the second panel, cut to its box."""
    surf_ax.computed_zorder = False  # the paths over the surface, in drawing order
    surface_3d(
        problem, None, ax=surf_ax, resolution=min(resolution, 40), bounds=bounds,
        legend=False, title="surface",
    )  # fmt: skip
    _freeze_limits(surf_ax)
    window = (surf_ax.get_xlim(), surf_ax.get_ylim())
    moving: Moving = []
    for path in paths:
        losses = path_losses(path, problem)
        points = clip_to_box(path.thetas, losses, window, surf_ax.get_zlim())
        (line,) = surf_ax.plot(
            *points.T, color=path.colour, linestyle=path.linestyle, lw=2, zorder=10
        )
        moving.append((surf_ax, line, _set_line_3d(line, points)))
    return moving


def _legible_ticks(fig: Figure) -> None:
    """Tick labels large enough to read at the frames' low dpi (colour bar included)."""
    for axes in fig.axes:
        axes.tick_params(labelsize=max(FONT_SIZES["ticks"], ANIMATION_TICK_SIZE))
        if axes.get_yscale() == "log":
            # At 80 dpi the plain superscripts of powers_of_ten are 4 pixels high and
            # 10⁻³ reads as 10⁻²; 1e-3 has full-size digits (and, unlike typeset
            # exponents, needs no maths parser: 0.1-0.2 s the first time in a kernel).
            axes.yaxis.set_major_formatter(FuncFormatter(exponent_label))


def _draw_frames(
    canvas: FigureCanvasAgg, moving: Moving, clock, steps: np.ndarray
) -> list[Image.Image]:
    """One picture per step: the background drawn once, the moving artists over it."""
    max_steps = int(steps[-1])
    for _axes, artist, update in moving:
        update(max_steps)  # full paths while laying out, so loc="best" avoids them
        artist.set_animated(True)
    clock.set_animated(True)
    canvas.draw()
    background = canvas.copy_from_bbox(canvas.figure.bbox)
    images = []
    for step in steps:
        canvas.restore_region(background)
        for axes, artist, update in moving:
            update(step)
            axes.draw_artist(artist)
        clock.set_text(f"step t = {step}")
        clock.axes.draw_artist(clock)
        rgba = np.asarray(canvas.buffer_rgba())
        images.append(Image.fromarray(rgba[..., :3].copy()))
    return images


def default_alt(paths, problem, panel: str | None, last_step: int) -> str:
    """A plain description of an animation: which optimizers move where, for how long.

    It says what is drawn, not what it teaches; a notebook gives the lesson with
    ``alt=...``.
    """
    names = [path.label + (" (diverges)" if path.diverged else "") for path in paths]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    verb = "moves" if len(names) == 1 else "move"
    beside = {
        None: "",
        "loss": ", with their loss curves growing beside the map",
        "surface": ", and on the 3-D error surface beside the map",
    }[panel]
    return (
        f"Animation: {who} {verb} on the contour map of {problem_title(problem)} from step 0 "
        f"to step {last_step}{beside}; it plays {LOOPS} times and stops on the last frame."
    )


def _set_line(line, points: np.ndarray):
    def update(step: int) -> None:
        shown = points[: min(step, len(points) - 1) + 1]
        line.set_data(shown[:, 0], shown[:, 1])

    return update


def _set_point(marker, points: np.ndarray):
    def update(step: int) -> None:
        x, y = points[min(step, len(points) - 1)]
        marker.set_data([x], [y])

    return update


def _set_line_3d(line, points: np.ndarray):
    def update(step: int) -> None:
        shown = points[: min(step, len(points) - 1) + 1]
        line.set_data_3d(shown[:, 0], shown[:, 1], shown[:, 2])

    return update
