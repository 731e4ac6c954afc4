"""How fast is a surface picture, and how big is an embedded animation?

Run: ``.venv/bin/python bench/bench_surface.py``

Prints
* the time to draw a 400 x 400 contour map of the toy neuron with a 1000-step GD path
  (grid, contours, path, Agg render), next to the floor of the naive approach: a Python
  double loop that only evaluates the same grid, calling ``loss`` once per point;
* the size of a typical embedded animation (30 frames, 2 optimizers), as shown by Jupyter
  (animated PNG) and as a GIF.

Times are machine-dependent; the ratios are the numbers to compare.
"""

from __future__ import annotations

import io
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gdcourse import optimizers, plotting, problems, run  # noqa: E402

RESOLUTION = 400
STEPS = 1000


def best_of(repeats, function):
    """The shortest of ``repeats`` wall-clock times of ``function()``, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def double_loop(problem, surface):
    """The naive floor: one Python call to ``loss`` per grid point."""
    out = np.empty_like(surface.x)
    for i in range(surface.x.shape[0]):
        for j in range(surface.x.shape[1]):
            out[i, j] = problem.loss(np.array([surface.x[i, j], surface.y[i, j]]))
    return out


def draw_contours(problem, trajectory):
    fig = plotting.contours(problem, {"GD": trajectory}, resolution=RESOLUTION)
    fig.canvas.draw()
    plt.close(fig)


def second_runner():
    """Momentum when it exists, else GD with a second learning rate."""
    if hasattr(optimizers, "Momentum"):
        return optimizers.Momentum(lr=0.5, gamma=0.9)
    return optimizers.GD(lr=0.3)


def main():
    problem = problems.sigmoid_neuron()
    trajectory = run(optimizers.GD(lr=1.0), problem, [-2.0, -2.0], steps=STEPS)

    surface = plotting.grid(problem, resolution=RESOLUTION)
    t_grid = best_of(5, lambda: plotting.grid(problem, resolution=RESOLUTION))
    t_draw = best_of(3, lambda: draw_contours(problem, trajectory))
    start = time.perf_counter()
    looped = double_loop(problem, surface)
    t_loop = time.perf_counter() - start
    assert np.allclose(looped, surface.loss), "the loop and the vectorized grid disagree"

    print(f"grid {RESOLUTION}x{RESOLUTION}, path of {STEPS} steps (toy neuron)")
    print(f"  vectorized grid evaluation      {t_grid * 1e3:8.1f} ms")
    print(f"  whole contour figure, rendered  {t_draw * 1e3:8.1f} ms")
    print(f"  Python double loop, grid only   {t_loop * 1e3:8.1f} ms")
    print(f"  ratio loop / vectorized grid    {t_loop / t_grid:8.0f} x")
    print(f"  ratio loop / whole figure       {t_loop / t_draw:8.1f} x")
    surface = (t_draw, t_loop / t_draw)

    second = second_runner()
    other = run(second, problem, [-2.0, -2.0], steps=300)
    first = run(optimizers.GD(lr=1.0), problem, [-2.0, -2.0], steps=300)
    start = time.perf_counter()
    anim = plotting.animate_paths(problem, [(optimizers.GD(lr=1.0), first), (second, other)])
    png = anim._repr_png_()
    t_anim = time.perf_counter() - start
    gif = io.BytesIO()
    anim.images[0].save(
        gif, format="GIF", save_all=True, append_images=anim.images[1:], duration=125, loop=0
    )
    print(f"animation: {anim!r}")
    print(f"  embedded animated PNG           {len(png):8d} bytes ({len(png) / 1024:.0f} KiB)")
    print(f"  same as GIF                     {gif.tell():8d} bytes")
    print(f"  time to build                   {t_anim * 1e3:8.1f} ms")
    print(
        f"RESULT: 400x400 contour + 1000-step path {surface[0] * 1e3:.0f} ms "
        f"({surface[1]:.1f}x faster than a Python double loop over the grid alone); "
        f"animation {len(png) / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
