"""Record torch.optim trajectories that the optimizer tests compare against.

Runs every torch.optim optimizer the course re-implements, in float64, for a few
steps on two side-by-side Rosenbrock functions (a curved valley, so every step sees a
different, non-trivial gradient) and saves the paths to
``tests/data/torch_reference.npz``. The tests then need numpy only.

Run it in a throw-away environment, never in the project's::

    python3 -m venv /tmp/torchenv
    /tmp/torchenv/bin/pip install torch==2.13.0 numpy
    /tmp/torchenv/bin/python tools/make_torch_reference.py

Each case is ``name -> (torch class name, keyword arguments, learning-rate factor)``;
the factor, if given, is a ``LambdaLR`` multiplier ``t -> factor`` (torch then uses
``lr * factor(t)`` at 0-based step ``t``). The tests hold the matching gdcourse
constructors under the same names.
"""

from __future__ import annotations

import json
import pathlib

import numpy as np
import torch

STEPS = 25
# Two independent 2-D Rosenbrock problems, theta = (x1, y1, x2, y2).
THETA0 = (-1.2, 1.0, 0.3, -0.4)
OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "data" / "torch_reference.npz"


def rosenbrock_grad(theta: torch.Tensor) -> torch.Tensor:
    """Gradient of (1 - x)^2 + 100 (y - x^2)^2 for each (x, y) pair, written out by hand
    (the tests use the same expression in numpy, so both sides see identical gradients)."""
    x, y = theta[0::2], theta[1::2]
    grad = torch.empty_like(theta)
    grad[0::2] = -2.0 * (1.0 - x) - 400.0 * x * (y - x * x)
    grad[1::2] = 200.0 * (y - x * x)
    return grad


# factor names map to the lambdas below; the tests rebuild the same schedules.
FACTORS = {
    "harmonic": lambda t: 1.0 / (1.0 + 0.1 * t),
    "exponential": lambda t: 0.9**t,
}

CASES = {
    "sgd": ("SGD", {"lr": 1e-3}, None),
    "sgd_harmonic": ("SGD", {"lr": 1e-3}, "harmonic"),
    "momentum": ("SGD", {"lr": 1e-3, "momentum": 0.9}, None),
    "momentum_05": ("SGD", {"lr": 5e-4, "momentum": 0.5}, None),
    "momentum_harmonic": ("SGD", {"lr": 1e-3, "momentum": 0.9}, "harmonic"),
    "nesterov": ("SGD", {"lr": 1e-3, "momentum": 0.9, "nesterov": True}, None),
    "nesterov_05": ("SGD", {"lr": 5e-4, "momentum": 0.5, "nesterov": True}, None),
    "adagrad": ("Adagrad", {}, None),
    "adagrad_custom": ("Adagrad", {"lr": 0.1, "eps": 1e-6}, None),
    "adagrad_lr_decay": ("Adagrad", {"lr": 0.1, "lr_decay": 0.05}, None),
    "rmsprop": ("RMSprop", {}, None),
    "rmsprop_custom": ("RMSprop", {"lr": 1e-3, "alpha": 0.9, "eps": 1e-6}, None),
    "adadelta": ("Adadelta", {}, None),
    "adadelta_custom": ("Adadelta", {"lr": 0.5, "rho": 0.95, "eps": 1e-5}, None),
    "adam": ("Adam", {}, None),
    "adam_custom": ("Adam", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6}, None),
    "adam_exponential": ("Adam", {"lr": 0.05}, "exponential"),
    "amsgrad": ("Adam", {"amsgrad": True}, None),
    "amsgrad_custom": ("Adam", {"amsgrad": True, "lr": 0.05, "betas": (0.5, 0.9)}, None),
    "adamax": ("Adamax", {}, None),
    "adamax_custom": ("Adamax", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-4}, None),
    "nadam": ("NAdam", {}, None),
    "nadam_custom": ("NAdam", {"lr": 0.05, "betas": (0.8, 0.99), "momentum_decay": 0.01}, None),
    "rprop": ("Rprop", {}, None),
    "rprop_custom": ("Rprop", {"lr": 0.05, "etas": (0.3, 1.5), "step_sizes": (1e-3, 0.2)}, None),
}


def trajectory(class_name: str, kwargs: dict, factor: str | None) -> np.ndarray:
    theta = torch.tensor(THETA0, dtype=torch.float64, requires_grad=True)
    # foreach=False: the plain per-tensor loop, the order of operations gdcourse follows.
    optimizer = getattr(torch.optim, class_name)([theta], foreach=False, **kwargs)
    scheduler = None
    if factor is not None:
        scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, FACTORS[factor])
    path = [theta.detach().clone().numpy()]
    for _ in range(STEPS):
        with torch.no_grad():
            theta.grad = rosenbrock_grad(theta.detach())
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        path.append(theta.detach().clone().numpy())
    return np.array(path)


def main() -> None:
    # Scalar optimizer state (step counts, NAdam's mu product) then lives in float64 too.
    torch.set_default_dtype(torch.float64)
    arrays = {name: trajectory(*case) for name, case in CASES.items()}
    for name, path in arrays.items():
        assert np.all(np.isfinite(path)), name
    arrays["_meta"] = np.array(
        json.dumps({"torch": torch.__version__, "steps": STEPS, "theta0": THETA0, "cases": CASES})
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {len(CASES)} trajectories of {STEPS} steps to {OUT}")


if __name__ == "__main__":
    main()
