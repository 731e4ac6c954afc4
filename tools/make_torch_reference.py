"""Record torch.optim trajectories that the optimizer tests compare against.

Runs every torch.optim optimizer the course re-implements, in float64, for a few
steps on two side-by-side Rosenbrock functions (a curved valley, so every step sees a
different, non-trivial gradient) and saves the paths to
``tests/data/torch_reference.npz``. The tests then need numpy only.

Run it in a throw-away environment, never in the project's::

    python3 -m venv /tmp/torchenv
    /tmp/torchenv/bin/pip install torch==2.13.0 numpy   # the CPU build (or its wheel file)
    /tmp/torchenv/bin/python tools/make_torch_reference.py

Each case is ``name -> (torch class name, keyword arguments, learning-rate factor)``;
the factor, if given, is a ``LambdaLR`` multiplier ``t -> factor`` (torch then uses
``lr * factor(t)`` at 0-based step ``t``). The tests hold the matching gdcourse
constructors under the same names.

``MODERN_CASES`` (weight decay, AdamW, RAdam, Adafactor, ASGD, L-BFGS, Muon; tested in
``tests/test_modern_optimizers.py``) add matrix-parameter problems and several parameter
tensors per case; see the comments above them. Their names go to ``_meta["modern_cases"]``
so that ``_meta["cases"]`` still lists exactly the cases above. A regenerated path that
agrees with the committed one to round-off keeps the committed numbers
(:func:`keep_committed_round_off`), so rerunning the script on another CPU leaves the
file as it is.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import tempfile

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


# ---------------------------------------------------------------------------------------
# The optimizers of today (issue 17): weight decay, AdamW, RAdam, Adafactor, ASGD, L-BFGS,
# Muon. Some act on weight matrices, so besides the Rosenbrock pair there are two
# least-squares problems with matrix parameters. Each case is
# ``name -> (problem, [(torch class name, keyword arguments, indices of the problem's
# parameters it gets), ...], options)``; the path is all parameters flattened in order.
# The problem's constants are saved in the npz (``_lsq_X`` ...) so the tests use the very
# same numbers.


def _grid(rows: int, cols: int, phase: float) -> np.ndarray:
    """Deterministic, well-spread numbers (no random generator needed)."""
    i, j = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    return np.sin(1.0 + phase + 0.7 * i + 1.3 * j + 0.1 * i * j)


MATRICES = {
    # lsq: 0.5 ||X W + b - Y||^2 with W (6, 3) tall and b (3,)
    "lsq_X": _grid(8, 6, 0.0),
    "lsq_Y": _grid(8, 3, 0.5),
    "lsq_W0": 0.5 * _grid(6, 3, 1.0),
    "lsq_b0": 0.5 * _grid(1, 3, 2.0)[0],
    # wide: 0.5 ||X W - Y||^2 with W (3, 5) wide
    "wide_X": _grid(4, 3, 3.0),
    "wide_Y": _grid(4, 5, 3.5),
    "wide_W0": 0.5 * _grid(3, 5, 4.0),
}


def rosenbrock_loss(theta: torch.Tensor) -> float:
    """The sum of the two Rosenbrock functions (L-BFGS's closure needs the loss too)."""
    x, y = theta[0::2], theta[1::2]
    return float(((1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2).sum())


def lsq_loss_and_grads(params, X, Y):
    """0.5 ||X W (+ b) - Y||^2 and its gradients, written out by hand like the tests'."""
    W = params[0]
    R = X @ W - Y if len(params) == 1 else X @ W + params[1] - Y
    grads = [X.T @ R] + ([R.sum(0)] if len(params) == 2 else [])
    return 0.5 * float((R * R).sum()), grads


def problem_start(problem: str) -> list[np.ndarray]:
    if problem == "rosenbrock":
        return [np.array(THETA0)]
    if problem == "rosenbrock2":
        return [np.array(THETA0[:2])]
    if problem == "lsq":
        return [MATRICES["lsq_W0"], MATRICES["lsq_b0"]]
    if problem == "lsq_W":
        return [MATRICES["lsq_W0"]]
    return [MATRICES["wide_W0"]]  # "wide"


def loss_and_grads(problem: str, params):
    if problem in ("rosenbrock", "rosenbrock2"):
        return rosenbrock_loss(params[0]), [rosenbrock_grad(params[0])]
    prefix = "wide" if problem == "wide" else "lsq"
    X = torch.tensor(MATRICES[f"{prefix}_X"])
    Y = torch.tensor(MATRICES[f"{prefix}_Y"])
    return lsq_loss_and_grads(params, X, Y)


class float64_newton_schulz:
    """torch.optim.Muon runs its Newton-Schulz iteration in bfloat16 (``grad.bfloat16()``,
    a GPU speed trick worth ~3 digits). Inside this context that cast keeps float64, so
    the rest of torch's own Muon code can be compared at 1e-12; the unpatched run is
    recorded as well (``muon_bfloat16``)."""

    def __enter__(self):
        self.saved = torch.Tensor.bfloat16
        torch.Tensor.bfloat16 = lambda tensor, *args, **kwargs: tensor.clone()  # type: ignore

    def __exit__(self, *exc):
        torch.Tensor.bfloat16 = self.saved  # type: ignore


# L-BFGS's line search interpolates between losses that differ in the last digits, which
# amplifies round-off: torch's vectorized kernels fuse ``p + t * d`` into one FMA
# (rounded once), numpy rounds twice, and the strong-Wolfe paths then part by ~1e-8
# after 25 steps. These cases run in a child process with torch's plain (non-vectorized)
# CPU kernels, ATEN_CPU_CAPABILITY=default, which round like numpy.
SCALAR = {"cpu_capability": "default"}

MUON_AUX = {"lr": 3e-4, "betas": (0.9, 0.95), "eps": 1e-10}  # Keller Jordan's AdamW for vectors

MODERN_CASES = {
    # weight decay as an L2 term (torch's weight_decay) on SGD, momentum and Adam
    "sgd_weight_decay": ("rosenbrock", [("SGD", {"lr": 1e-3, "weight_decay": 0.5}, [0])], {}),
    "momentum_weight_decay": (
        "rosenbrock",
        [("SGD", {"lr": 1e-3, "momentum": 0.9, "weight_decay": 0.1}, [0])],
        {},
    ),
    "adam_weight_decay": ("rosenbrock", [("Adam", {"lr": 0.05, "weight_decay": 0.1}, [0])], {}),
    # decoupled weight decay
    "adamw": ("rosenbrock", [("AdamW", {}, [0])], {}),
    "adamw_custom": (
        "rosenbrock",
        [("AdamW", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}, [0])],
        {},
    ),
    "adamw_amsgrad": (
        "rosenbrock",
        [("AdamW", {"lr": 0.05, "betas": (0.5, 0.9), "weight_decay": 0.05, "amsgrad": True}, [0])],
        {},
    ),
    "radam": ("rosenbrock", [("RAdam", {}, [0])], {}),
    "radam_custom": (
        "rosenbrock",
        [("RAdam", {"lr": 1e-3, "betas": (0.8, 0.9), "eps": 1e-6, "weight_decay": 0.1}, [0])],
        {},
    ),
    "radam_decoupled": (
        "rosenbrock",
        [
            (
                "RAdam",
                {
                    "lr": 1e-3,
                    "betas": (0.8, 0.9),
                    "weight_decay": 0.1,
                    "decoupled_weight_decay": True,
                },
                [0],
            )
        ],
        {},
    ),
    "asgd": ("rosenbrock", [("ASGD", {"lr": 1e-3, "t0": 5}, [0])], {}),
    "asgd_custom": (
        "rosenbrock",
        [("ASGD", {"lr": 2e-3, "lambd": 0.01, "alpha": 0.5, "t0": 3, "weight_decay": 0.01}, [0])],
        {},
    ),
    # Adafactor: a vector (unfactored), a matrix (factored), a matrix and a vector
    "adafactor": ("rosenbrock", [("Adafactor", {}, [0])], {}),
    "adafactor_custom": (
        "rosenbrock",
        [
            (
                "Adafactor",
                {
                    "lr": 0.05,
                    "beta2_decay": -0.5,
                    "eps": (1e-10, 1e-2),
                    "d": 1.5,
                    "weight_decay": 0.1,
                },
                [0],
            )
        ],
        {},
    ),
    "adafactor_matrix": ("lsq_W", [("Adafactor", {"lr": 0.05}, [0])], {}),
    "adafactor_blocks": (
        "lsq",
        [("Adafactor", {"lr": 0.05, "weight_decay": 0.01, "eps": (1e-12, 1e-3)}, [0, 1])],
        {},
    ),
    # L-BFGS: one torch step() is up to max_iter iterations, with loss-and-gradient calls.
    # On the classic 2-D Rosenbrock: torch's dot product of 4 numbers sums in another
    # order than numpy's, of 2 numbers in the same.
    "lbfgs": ("rosenbrock2", [("LBFGS", {"lr": 0.1, "max_iter": 2}, [0])], SCALAR),
    "lbfgs_history": (
        "rosenbrock2",
        [("LBFGS", {"lr": 0.2, "max_iter": 3, "history_size": 2}, [0])],
        SCALAR,
    ),
    "lbfgs_wolfe": (
        "rosenbrock2",
        [("LBFGS", {"max_iter": 2, "line_search_fn": "strong_wolfe"}, [0])],
        SCALAR,
    ),
    "lbfgs_wolfe_default": (
        "rosenbrock2",
        [("LBFGS", {"line_search_fn": "strong_wolfe"}, [0])],
        SCALAR,
    ),
    # Muon: a tall matrix, a wide one, matrix + bias (AdamW on the bias), torch's bfloat16
    "muon": ("lsq_W", [("Muon", {"lr": 0.02}, [0])], {"float64": True}),
    "muon_wide": (
        "wide",
        [
            (
                "Muon",
                {
                    "lr": 0.02,
                    "momentum": 0.9,
                    "nesterov": False,
                    "weight_decay": 0.01,
                    "adjust_lr_fn": "match_rms_adamw",
                },
                [0],
            )
        ],
        {"float64": True},
    ),
    "muon_blocks": (
        "lsq",
        [("Muon", {"lr": 0.02}, [0]), ("AdamW", {**MUON_AUX, "weight_decay": 0.1}, [1])],
        {"float64": True},
    ),
    "muon_bfloat16": ("lsq_W", [("Muon", {"lr": 0.02}, [0])], {}),
}


def modern_trajectory(problem: str, groups: list, options: dict):
    """The path of all parameters (flattened in order); ASGD also records its average ``ax``."""
    capability = options.get("cpu_capability")
    if capability and os.environ.get("ATEN_CPU_CAPABILITY") != capability:
        return in_child_process(problem, groups, options, capability)
    params = [
        torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in problem_start(problem)
    ]
    optimizers = []
    for class_name, kwargs, indices in groups:
        chosen = [params[i] for i in indices]
        if class_name in ("Muon", "LBFGS"):  # neither takes ``foreach``
            optimizers.append(getattr(torch.optim, class_name)(chosen, **kwargs))
        else:
            optimizers.append(getattr(torch.optim, class_name)(chosen, foreach=False, **kwargs))

    def closure():
        loss, grads = loss_and_grads(problem, [p.detach() for p in params])
        for p, g in zip(params, grads, strict=True):
            p.grad = g
        return loss

    def flat():
        return np.concatenate([p.detach().clone().numpy().ravel() for p in params])

    path, averages = [flat()], []
    for _ in range(STEPS):
        with torch.no_grad():
            closure()
        for optimizer in optimizers:
            if options.get("float64"):
                with float64_newton_schulz():
                    optimizer.step()
            elif isinstance(optimizer, torch.optim.LBFGS):
                optimizer.step(closure)
            else:
                optimizer.step()
        path.append(flat())
        if isinstance(optimizers[0], torch.optim.ASGD):
            averages.append(optimizers[0].state[params[0]]["ax"].clone().numpy())
    return np.array(path), ({"ax": np.array(averages)} if averages else {})


def in_child_process(problem: str, groups: list, options: dict, capability: str):
    """Run one case in a fresh interpreter whose torch uses the given CPU kernels."""
    with tempfile.TemporaryDirectory() as folder:
        out = pathlib.Path(folder) / "path.npy"
        case = json.dumps([problem, groups, options])
        env = {**os.environ, "ATEN_CPU_CAPABILITY": capability}
        subprocess.run([sys.executable, __file__, "--case", case, str(out)], env=env, check=True)
        return np.load(out), {}


def keep_committed_round_off(arrays: dict) -> None:
    """Where a regenerated path agrees with the committed file to round-off, keep the
    committed numbers. torch picks its CPU kernels at run time (AVX2, AVX-512), and they
    may differ in the last bit (adam_custom does by 1 ulp between two machines), so a
    plain regeneration would churn the file; a real change (> 1e-14 relative) is kept
    and reported."""
    if not OUT.exists():
        return
    committed = np.load(OUT)
    for name in set(arrays) & set(committed.files):
        old, new = committed[name], arrays[name]
        if old.shape == new.shape and not np.array_equal(old, new):
            if np.allclose(new, old, rtol=1e-14, atol=0):
                arrays[name] = old
            else:
                print(f"{name}: changed by {np.abs(new - old).max():.3g} (kept the new path)")


def main() -> None:
    # Scalar optimizer state (step counts, NAdam's mu product) then lives in float64 too.
    torch.set_default_dtype(torch.float64)
    arrays = {name: trajectory(*case) for name, case in CASES.items()}
    for name, case in MODERN_CASES.items():
        arrays[name], extras = modern_trajectory(*case)
        arrays.update({f"{name}__{key}": value for key, value in extras.items()})
    for name, path in arrays.items():
        assert np.all(np.isfinite(path)), name
    keep_committed_round_off(arrays)
    arrays.update({f"_{name}": value for name, value in MATRICES.items()})
    arrays["_meta"] = np.array(
        json.dumps(
            {
                "torch": torch.__version__,
                "steps": STEPS,
                "theta0": THETA0,
                "cases": CASES,
                "modern_cases": MODERN_CASES,
            }
        )
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {len(CASES) + len(MODERN_CASES)} trajectories of {STEPS} steps to {OUT}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--case":  # see in_child_process
        torch.set_default_dtype(torch.float64)
        path, _ = modern_trajectory(*json.loads(sys.argv[2]))
        np.save(sys.argv[3], path)
    else:
        main()
