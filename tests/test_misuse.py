"""Misuses a student makes by accident: each fails at once, naming the argument.

Every row calls part of the public API of run, problems, nn, schedules, batching,
gradient_free, datasets, initializers or exercises.check the wrong way and states the
error type and the argument the message must name. None may be accepted silently.
A wrong *kind* of object raises TypeError (``ArgumentTypeError`` is also a ValueError,
so older ``except ValueError`` code still catches it).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from gdcourse import batching, datasets, initializers, schedules
from gdcourse import gradient_free as gf
from gdcourse.exercises import check
from gdcourse.nn import MLP, NetworkProblem, clip_by_norm, clip_by_value, clip_grad_fn, clipped
from gdcourse.optimizers import GD, Adam
from gdcourse.problems import (
    LogisticRegression,
    SigmoidNeuron,
    make_points,
    quadratic_bowl,
    rosenbrock,
    saddle,
    sigmoid_neuron,
    sparse_data,
)
from gdcourse.run import DivergenceError, run

RNG = np.random.default_rng(0)
BOWL = quadratic_bowl(10.0)
TOY = sigmoid_neuron()
BANANA = rosenbrock()
DATA = make_points(np.random.default_rng(1))
NET_MLP = MLP([2, 3, 1])
NET_X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
NET_Y = [1, 1, 0, 0]
NET = NetworkProblem(NET_MLP, NET_X, NET_Y)
NET_THETA = NET_MLP.init_params(np.random.default_rng(2))
X4 = np.arange(8.0).reshape(4, 2)
Y4 = np.array([0, 1, 0, 1])


class VectorLoss:
    """A problem whose loss forgot the mean: one loss per point."""

    def loss(self, theta, batch=None):
        return np.ones(3)

    def grad(self, theta, batch=None):
        return np.zeros_like(theta)


def nan_gradient(theta):
    return np.full_like(theta, np.nan)


def ars(**changes):
    kwargs = dict(
        loss_fn=BOWL.loss, theta0=[1.0, 1.0], step_size=0.1, noise=0.1, n_directions=2,
        steps=3, rng=np.random.default_rng(0),
    )  # fmt: skip
    kwargs.update(changes)
    return gf.augmented_random_search(**kwargs)


def go(problem=BOWL, theta0=(1.0, 1.0), optimizer=None, **kwargs):
    kwargs.setdefault("steps", 3)
    return run(GD(lr=0.01) if optimizer is None else optimizer, problem, theta0, **kwargs)


V, T, D = ValueError, TypeError, DivergenceError

MISUSES = [
    # ---- run: the optimizer
    ("class instead of instance", lambda: run(GD, BOWL, [1.0, 1.0], steps=3), T, "optimizer"),
    ("Adam class", lambda: run(Adam, BOWL, [1.0, 1.0], steps=3), T, "optimizer"),
    ("optimizer name", lambda: run("GD", BOWL, [1.0, 1.0], steps=3), T, "optimizer"),
    ("optimizer None", lambda: run(None, BOWL, [1.0, 1.0], steps=3), T, "optimizer"),
    ("a number as optimizer", lambda: run(0.1, BOWL, [1.0, 1.0], steps=3), T, "optimizer"),
    # ---- run: the problem
    ("factory not called", lambda: go(problem=rosenbrock), T, "problem"),
    ("bowl factory", lambda: go(problem=quadratic_bowl), T, "problem"),
    ("make_points factory", lambda: go(problem=make_points), T, "problem"),
    ("problem class", lambda: go(problem=LogisticRegression), T, "problem"),
    ("array as gradient", lambda: go(problem=np.array([1.0, 2.0])), T, "problem"),
    ("number as problem", lambda: go(problem=3.0), T, "problem"),
    ("string as problem", lambda: go(problem="rosenbrock"), T, "problem"),
    ("loss instead of problem", lambda: go(problem=BOWL.loss), T, "problem"),
    ("None as problem", lambda: go(problem=None), T, "problem"),
    ("vector loss", lambda: go(problem=VectorLoss(), theta0=[1.0]), V, "loss"),
    ("gradient wrong shape", lambda: go(problem=lambda t: np.zeros(3)), V, "problem"),
    ("gradient complex", lambda: go(problem=lambda t: t * 1j), T, "problem"),
    ("gradient text", lambda: go(problem=lambda t: "down"), T, "problem"),
    ("gradient None", lambda: go(problem=lambda t: None), T, "problem"),
    ("gradient bool", lambda: go(problem=lambda t: t > 0), T, "problem"),
    ("gradient nan", lambda: go(problem=nan_gradient), D, "gradient"),
    # ---- run: theta0
    ("3 entries on a surface", lambda: go(theta0=[1.0, 2.0, 3.0]), V, "theta0"),
    ("1 entry on a surface", lambda: go(theta0=[1.0]), V, "theta0"),
    ("5 entries on the toy", lambda: go(problem=TOY, theta0=np.zeros(5)), V, "theta0"),
    ("wrong count on a network", lambda: go(problem=NET, theta0=np.zeros(5)), V, "theta0"),
    ("grid as start", lambda: go(theta0=np.zeros((2, 3))), V, "theta0"),
    ("complex start", lambda: go(theta0=[1 + 1j, 0.0]), T, "theta0"),
    ("text start", lambda: go(theta0="ab"), T, "theta0"),
    ("bool start", lambda: go(theta0=[True, False]), T, "theta0"),
    ("None start", lambda: go(theta0=None), T, "theta0"),
    ("ragged start", lambda: go(theta0=[[1.0, 2.0], [3.0]]), T, "theta0"),
    ("nan start", lambda: go(theta0=[np.nan, 0.0]), V, "theta0"),
    ("inf start", lambda: go(theta0=[np.inf, 0.0]), V, "theta0"),
    ("empty start", lambda: go(problem=lambda t: t, theta0=[]), V, "theta0"),
    # ---- run: steps, epochs, batches
    ("steps 0", lambda: go(steps=0), V, "steps"),
    ("steps negative", lambda: go(steps=-5), V, "steps"),
    ("steps float", lambda: go(steps=2.5), V, "steps"),
    ("steps text", lambda: go(steps="10"), V, "steps"),
    ("steps bool", lambda: go(steps=True), V, "steps"),
    ("steps and epochs", lambda: run(GD(0.1), DATA, DATA.start, steps=3, epochs=2), V, "steps"),
    ("neither steps nor epochs", lambda: run(GD(0.1), BOWL, [1.0, 1.0]), V, "steps"),
    ("epochs without data", lambda: run(GD(0.1), BOWL, [1.0, 1.0], epochs=2), V, "epochs"),
    ("epochs 0", lambda: run(GD(0.1), DATA, DATA.start, epochs=0), V, "epochs"),
    ("batch without data", lambda: go(batch_size=2), V, "batch_size"),
    (
        "batch 0",
        lambda: go(problem=DATA, theta0=DATA.start, batch_size=0, rng=RNG),
        V,
        "batch_size",
    ),
    (
        "batch > N",
        lambda: go(problem=DATA, theta0=DATA.start, batch_size=99, rng=RNG),
        V,
        "batch_size",
    ),
    (
        "batch float",
        lambda: go(problem=DATA, theta0=DATA.start, batch_size=2.5, rng=RNG),
        V,
        "batch_size",
    ),
    ("mini-batch without rng", lambda: go(problem=DATA, theta0=DATA.start, batch_size=4), V, "rng"),
    ("rng a seed", lambda: go(problem=DATA, theta0=DATA.start, batch_size=4, rng=42), T, "rng"),
    ("legacy RandomState", lambda: go(rng=np.random.RandomState(0)), T, "rng"),
    ("shuffle text", lambda: go(shuffle="yes"), T, "shuffle"),
    ("on_divergence typo", lambda: go(on_divergence="ignore"), V, "on_divergence"),
    ("on_divergence bool", lambda: go(on_divergence=True), V, "on_divergence"),
    ("record_loss text", lambda: go(record_loss="epoch"), T, "record_loss"),
    # ---- problems: parameter vectors
    ("toy with 5 entries", lambda: TOY.loss(np.zeros(5)), V, "theta"),
    ("toy grad with 3 entries", lambda: TOY.grad(np.zeros(3)), V, "theta"),
    ("toy predict with 3 entries", lambda: TOY.predict([1.0, 2.0, 3.0], [0.5]), V, "theta"),
    ("rosenbrock with 3 entries", lambda: BANANA.loss([1.0, 2.0, 3.0]), V, "theta"),
    ("rosenbrock grad with 3", lambda: BANANA.grad(np.zeros(3)), V, "theta"),
    ("bowl with 1 entry", lambda: BOWL.loss([1.0]), V, "theta"),
    ("bowl with a number", lambda: BOWL.loss(1.0), V, "theta"),
    ("bowl with text", lambda: BOWL.loss("ab"), T, "theta"),
    ("bowl with complex", lambda: BOWL.loss([1 + 0j, 1.0]), T, "theta"),
    ("bowl with bools", lambda: BOWL.grad([True, False]), T, "theta"),
    ("bowl with mismatched grids", lambda: BOWL.loss([np.zeros(3), np.zeros(4)]), V, "theta"),
    ("bowl with None", lambda: BOWL.loss([None, 1.0]), T, "theta"),
    ("data with 3 entries", lambda: DATA.loss(np.zeros(3)), V, "theta"),
    ("data grad with 3", lambda: DATA.grad([1.0, 2.0, 3.0]), V, "theta"),
    ("data predict with 1", lambda: DATA.predict([1.0], [0.5]), V, "theta"),
    ("network with 5", lambda: NET.loss(np.zeros(5)), V, "theta"),
    ("network with a grid", lambda: NET.grad(np.zeros((NET.n_params, 2))), V, "theta"),
    ("network with complex", lambda: NET.loss(NET_THETA + 0j), T, "theta"),
    # ---- problems: batches
    ("empty batch", lambda: DATA.loss(DATA.start, batch=[]), V, "batch"),
    ("float batch", lambda: DATA.loss(DATA.start, batch=[0.5]), V, "batch"),
    ("boolean mask batch", lambda: DATA.grad(DATA.start, batch=np.ones(40, bool)), V, "batch"),
    ("batch out of range", lambda: DATA.loss(DATA.start, batch=[1000]), V, "batch"),
    ("negative batch index", lambda: TOY.loss(TOY.start, batch=[-1]), V, "batch"),
    ("toy batch out of range", lambda: TOY.grad(TOY.start, batch=[5]), V, "batch"),
    ("batch on a surface", lambda: BANANA.loss(BANANA.start, batch=[0]), V, "batch"),
    ("network batch out of range", lambda: NET.loss(NET_THETA, batch=[99]), V, "batch"),
    # ---- problems: factories and constructors
    ("condition number < 1", lambda: quadratic_bowl(0.5), V, "condition_number"),
    ("condition number text", lambda: quadratic_bowl("10"), V, "condition_number"),
    ("condition number bool", lambda: quadratic_bowl(True), V, "condition_number"),
    ("condition number nan", lambda: quadratic_bowl(np.nan), V, "condition_number"),
    ("complex angle", lambda: quadratic_bowl(angle=1j), V, "angle"),
    ("rosenbrock b < 0", lambda: rosenbrock(b=-1.0), V, "b"),
    ("rosenbrock a text", lambda: rosenbrock(a="1"), V, "a"),
    ("saddle quartic < 0", lambda: saddle(-1.0), V, "quartic"),
    ("logistic empty X", lambda: LogisticRegression(np.zeros((0, 1)), []), V, "X"),
    ("logistic y too short", lambda: LogisticRegression([1.0, 2.0], [1.0]), V, "y"),
    (
        "logistic loss typo",
        lambda: LogisticRegression([1.0, 2.0], [0.0, 1.0], loss="hinge"),
        V,
        "loss",
    ),
    ("bce target 2", lambda: LogisticRegression([1.0, 2.0], [0.0, 2.0]), V, "y"),
    ("logistic text X", lambda: LogisticRegression(["a", "b"], [0.0, 1.0]), T, "X"),
    ("logistic nan X", lambda: LogisticRegression([np.nan, 1.0], [0.0, 1.0]), V, "X"),
    ("sparse_data seed", lambda: sparse_data(0), T, "rng"),
    ("sparse_data n 0", lambda: sparse_data(RNG, n=0), V, "n"),
    ("sparse fraction 1.5", lambda: sparse_data(RNG, sparse_fraction=1.5), V, "sparse_fraction"),
    ("make_points noise < 0", lambda: make_points(RNG, noise=-1.0), V, "noise"),
    ("make_points x_range reversed", lambda: make_points(RNG, x_range=(3.0, 0.0)), V, "x_range"),
    ("make_points x_range number", lambda: make_points(RNG, x_range=3.0), V, "x_range"),
    ("make_points w text", lambda: make_points(RNG, w="2"), V, "w"),
    ("make_points no rng", lambda: make_points(None), T, "rng"),
    ("neuron no points", lambda: SigmoidNeuron([], []), V, "x"),
    ("neuron y too short", lambda: SigmoidNeuron([1.0, 2.0], [1.0]), V, "y"),
    ("neuron text x", lambda: SigmoidNeuron(["a"], [1.0]), T, "x"),
    # ---- nn
    ("MLP one layer", lambda: MLP([2]), V, "layer_sizes"),
    ("MLP zero units", lambda: MLP([2, 0, 1]), V, "layer_sizes"),
    ("MLP float units", lambda: MLP([2, 2.5, 1]), V, "layer_sizes"),
    ("MLP sizes as text", lambda: MLP("2,3,1"), V, "layer_sizes"),
    ("MLP activation typo", lambda: MLP([2, 3, 1], activation="softplus"), V, "activation"),
    ("MLP output typo", lambda: MLP([2, 3, 1], output="tanh"), V, "output"),
    ("MLP loss typo", lambda: MLP([2, 3, 1], loss="hinge"), V, "loss"),
    ("MLP bce with linear", lambda: MLP([2, 3, 1], output="linear", loss="bce"), V, "loss"),
    ("MLP init typo", lambda: MLP([2, 3, 1], init="glorot"), V, "init"),
    ("MLP init a class", lambda: MLP([2, 3, 1], init=np.ndarray), V, "init"),
    ("init_params seed", lambda: NET_MLP.init_params(0), T, "rng"),
    ("mlp theta too short", lambda: NET_MLP.loss(np.zeros(5), NET_X, NET_Y), V, "theta"),
    ("mlp X wrong width", lambda: NET_MLP.loss(NET_THETA, np.zeros((4, 3)), NET_Y), V, "X"),
    ("mlp X text", lambda: NET_MLP.forward(NET_THETA, [["a", "b"]]), T, "X"),
    ("mlp y rows", lambda: NET_MLP.loss(NET_THETA, NET_X, [0, 1]), V, "y"),
    ("mlp y complex", lambda: NET_MLP.loss(NET_THETA, NET_X, [0j, 1, 1, 0]), T, "y"),
    (
        "mlp flatten too few",
        lambda: NET_MLP.flatten([(np.zeros((2, 3)), np.zeros(3))]),
        V,
        "params",
    ),
    ("network mlp text", lambda: NetworkProblem("mlp", NET_X, NET_Y), T, "mlp"),
    ("network X wrong width", lambda: NetworkProblem(MLP([3, 1]), NET_X, NET_Y), V, "X"),
    ("clip by value 0", lambda: clip_by_value(np.ones(2), 0.0), V, "limit"),
    ("clip by norm < 0", lambda: clip_by_norm(np.ones(2), -1.0), V, "max_norm"),
    ("clip complex grad", lambda: clip_by_value(np.ones(2) * 1j, 1.0), T, "grad"),
    ("clipped without limits", lambda: clipped(GD(0.1)), V, "limit"),
    ("clipped a class", lambda: clipped(GD, limit=1.0), T, "optimizer"),
    ("clipped a name", lambda: clipped("GD", limit=1.0), T, "optimizer"),
    ("clip_grad_fn an array", lambda: clip_grad_fn(np.zeros(2), limit=1.0), T, "grad_fn"),
    # ---- schedules
    ("step decay lr0 < 0", lambda: schedules.step_decay(-0.1), V, "lr0"),
    ("step decay drop 0", lambda: schedules.step_decay(0.1, drop=0.0), V, "drop"),
    ("step decay every 0", lambda: schedules.step_decay(0.1, every=0), V, "every"),
    (
        "steps_per_epoch 0",
        lambda: schedules.step_decay(0.1, steps_per_epoch=0),
        V,
        "steps_per_epoch",
    ),
    ("exponential rate > 1", lambda: schedules.exponential_decay(0.1, rate=1.5), V, "rate"),
    ("inverse time decay < 0", lambda: schedules.inverse_time_decay(0.1, decay=-1.0), V, "decay"),
    ("inverse sqrt k text", lambda: schedules.inverse_sqrt_decay("1"), V, "k"),
    ("cosine total 0", lambda: schedules.cosine_annealing(0.1, total_steps=0), V, "total_steps"),
    (
        "cosine lr_min > lr_max",
        lambda: schedules.cosine_annealing(0.1, 10, lr_min=1.0),
        V,
        "lr_min",
    ),
    ("restarts mult 0", lambda: schedules.cosine_with_restarts(0.1, 10, mult=0), V, "mult"),
    ("one cycle pct 1.5", lambda: schedules.one_cycle(0.1, 10, pct_start=1.5), V, "pct_start"),
    ("warmup 0 steps", lambda: schedules.linear_warmup(0.1, 0), V, "warmup_steps"),
    (
        "warmup start factor 2",
        lambda: schedules.linear_warmup(0.1, 5, start_factor=2.0),
        V,
        "start_factor",
    ),
    ("sutskever gamma 1", lambda: schedules.sutskever_momentum(1.0), V, "gamma_max"),
    ("constant text", lambda: schedules.constant("0.1"), V, "lr"),
    ("constant complex", lambda: schedules.constant(0.1j), V, "lr"),
    (
        "sequential too few",
        lambda: schedules.sequential([schedules.constant(0.1)], [5]),
        V,
        "schedules",
    ),
    (
        "sequential not a list",
        lambda: schedules.sequential(schedules.constant(0.1), 5),
        T,
        "schedules",
    ),
    (
        "sequential milestones down",
        lambda: schedules.sequential([schedules.constant(0.1)] * 3, [5, 2]),
        V,
        "milestones",
    ),
    ("schedule at t < 0", lambda: schedules.step_decay(0.1)(-1), V, "t"),
    ("schedule at t 1.5", lambda: schedules.step_decay(0.1)(1.5), V, "t"),
    ("schedule at t True", lambda: schedules.step_decay(0.1)(True), V, "t"),
    # ---- batching
    ("steps_per_epoch N 0", lambda: batching.steps_per_epoch(0, 1), V, "n_samples"),
    ("steps_per_epoch B > N", lambda: batching.steps_per_epoch(10, 11), V, "batch_size"),
    ("minibatches no rng", lambda: batching.minibatches(10, 2), T, "rng"),
    ("minibatches seed", lambda: batching.minibatches(10, 2, rng=1), T, "rng"),
    ("minibatches shuffle text", lambda: batching.minibatches(10, 2, shuffle="no"), T, "shuffle"),
    ("running loss lam 0", lambda: batching.running_loss([1.0, 2.0], lam=0.0), V, "lam"),
    ("running loss text", lambda: batching.running_loss("abc", 0.5), T, "losses"),
    (
        "running loss initial inf",
        lambda: batching.running_loss([1.0], 0.5, initial=np.inf),
        V,
        "initial",
    ),
    # ---- gradient_free
    (
        "fd of an array",
        lambda: gf.finite_difference_gradient(np.zeros(2), [0.0, 0.0]),
        T,
        "loss_fn",
    ),
    ("fd of a problem", lambda: gf.finite_difference_gradient(BOWL, [0.0, 0.0]), T, "loss_fn"),
    ("fd h 0", lambda: gf.finite_difference_gradient(BOWL.loss, [0.0, 0.0], h=0.0), V, "h"),
    ("fd theta text", lambda: gf.finite_difference_gradient(BOWL.loss, "ab"), T, "theta"),
    ("gradient_check factory", lambda: gf.gradient_check(rosenbrock, [0.0, 0.0]), T, "problem"),
    ("gradient_check floor 0", lambda: gf.gradient_check(BOWL, [0.0, 0.0], floor=0.0), V, "floor"),
    ("gradient_check theta count", lambda: gf.gradient_check(BOWL, [0.0, 0.0, 0.0]), V, "theta"),
    (
        "random search lo > hi",
        lambda: gf.random_search(BOWL.loss, ((1, 0), (0, 1)), 10, RNG),
        V,
        "bounds",
    ),
    ("random search bounds text", lambda: gf.random_search(BOWL.loss, "box", 10, RNG), V, "bounds"),
    ("random search n 0", lambda: gf.random_search(BOWL.loss, BOWL.bounds, 0, RNG), V, "n_samples"),
    ("random search seed", lambda: gf.random_search(BOWL.loss, BOWL.bounds, 10, 0), T, "rng"),
    (
        "random search vector loss",
        lambda: gf.random_search(lambda t: np.ones(2), BOWL.bounds, 10, RNG),
        V,
        "loss_fn",
    ),
    ("ARS step < 0", lambda: ars(step_size=-1.0), V, "step_size"),
    ("ARS noise 0", lambda: ars(noise=0.0), V, "noise"),
    ("ARS directions 0", lambda: ars(n_directions=0), V, "n_directions"),
    ("ARS top > directions", lambda: ars(top_directions=5), V, "top_directions"),
    ("ARS scale text", lambda: ars(scale_by_std="yes"), T, "scale_by_std"),
    ("ARS complex start", lambda: ars(theta0=[1j, 0.0]), T, "theta0"),
    ("ARS problem as loss", lambda: ars(loss_fn=BOWL), T, "loss_fn"),
    ("ARS vector loss", lambda: ars(loss_fn=lambda t: t), V, "loss_fn"),
    ("ARS seed", lambda: ars(rng=7), T, "rng"),
    # ---- datasets
    ("standardize empty", lambda: datasets.standardize([]), V, "X"),
    ("standardize text", lambda: datasets.standardize([["a", "b"]]), T, "X"),
    ("standardize mean short", lambda: datasets.standardize([[1.0, 2.0]], mean=[0.0]), V, "mean"),
    ("standardize std < 0", lambda: datasets.standardize([[1.0, 2.0]], std=[-1.0, 1.0]), V, "std"),
    ("split empty", lambda: datasets.train_test_split([], [], RNG), V, "X"),
    ("split y short", lambda: datasets.train_test_split(X4, Y4[:3], RNG), V, "y"),
    (
        "split fraction 1",
        lambda: datasets.train_test_split(X4, Y4, RNG, test_fraction=1.0),
        V,
        "test_fraction",
    ),
    ("split seed", lambda: datasets.train_test_split(X4, Y4, 0), T, "rng"),
    (
        "split stratify text",
        lambda: datasets.train_test_split(X4, Y4, RNG, stratify="y"),
        T,
        "stratify",
    ),
    ("one_hot empty", lambda: datasets.one_hot([]), V, "y"),
    ("one_hot fraction", lambda: datasets.one_hot([0.5]), V, "y"),
    ("one_hot negative", lambda: datasets.one_hot([-1]), V, "y"),
    ("one_hot n_classes 0", lambda: datasets.one_hot([0, 1], n_classes=0), V, "n_classes"),
    ("one_hot n_classes float", lambda: datasets.one_hot([0, 1], n_classes=2.0), V, "n_classes"),
    ("one_hot label too big", lambda: datasets.one_hot([3], n_classes=2), V, "n_classes"),
    # ---- initializers
    ("xavier 1-D shape", lambda: initializers.xavier_normal((3,), RNG), V, "shape"),
    ("he zero fan", lambda: initializers.he_normal((0, 3), RNG), V, "shape"),
    ("xavier shape text", lambda: initializers.xavier_uniform("3x3", RNG), V, "shape"),
    ("normal scale < 0", lambda: initializers.normal((2, 2), RNG, scale=-1.0), V, "scale"),
    ("normal seed", lambda: initializers.normal((2, 2), 0, 1.0), T, "rng"),
    ("constant init text", lambda: initializers.constant((2, 2), "a"), V, "value"),
    ("get a typo", lambda: initializers.get("glorot"), V, "init"),
    # ---- exercises.check: the course's own expected value
    ("expected nan", lambda: check("q", 1.0, np.nan), V, "expected"),
    ("expected inf", lambda: check("q", 1.0, np.inf), V, "expected"),
    ("expected complex", lambda: check("q", 1.0, 1 + 2j), V, "expected"),
    ("expected complex array", lambda: check("q", 1.0, np.array([1 + 0j])), V, "expected"),
    ("expected nan entry", lambda: check("q", [1.0, 2.0], [1.0, np.nan]), V, "expected"),
    ("expected None", lambda: check("q", 1.0, None), V, "expected"),
    ("expected empty", lambda: check("q", 1.0, []), V, "expected"),
    ("check empty name", lambda: check("", 1.0, 1.0), V, "name"),
    ("check rtol < 0", lambda: check("q", 1.0, 1.0, rtol=-1.0), V, "rtol"),
    ("check hint number", lambda: check("q", 1.0, 1.0, hint=3), V, "hint"),
]


@pytest.mark.parametrize(
    "call, error, argument", [row[1:] for row in MISUSES], ids=[row[0] for row in MISUSES]
)
def test_misuse_fails_naming_the_argument(call, error, argument):
    with pytest.raises(error) as info:
        call()
    assert re.search(rf"\b{re.escape(argument)}\b", str(info.value)), str(info.value)


def test_the_table_is_big_enough_and_names_are_unique():
    assert len(MISUSES) >= 90
    assert len({row[0] for row in MISUSES}) == len(MISUSES)


STUDENT_ANSWERS = [
    None, ..., "abc", [1.0, 2.0], np.nan, np.inf, 1 + 2j, np.array([1 + 0j]), object(),
    [[1.0], [2.0, 3.0]], True, {"a": 1}, np.zeros((2, 2)),
]  # fmt: skip


@pytest.mark.parametrize("answer", STUDENT_ANSWERS, ids=repr)
def test_a_student_answer_never_raises_and_is_never_correct(answer):
    result = check("q", answer, 1.0)
    assert result.status in ("wrong", "unanswered") and not result
    assert result.message


def test_a_complex_answer_is_not_read_as_its_real_part():
    result = check("q", np.array([1.0 + 0j]), 1.0)
    assert result.status == "wrong" and "complex" in result.message


def test_a_nan_gradient_at_a_finite_point_blames_the_gradient_not_the_learning_rate():
    path = run(GD(lr=0.1), nan_gradient, [1.0, 2.0], steps=5, on_divergence="stop")
    assert path.diverged and path.steps == 0
    assert "gradient" in path.message and "step 1" in path.message
    assert "nan" in path.message and "learning rate" not in path.message


def test_an_overflowing_gradient_after_the_parameters_blew_up_suggests_the_learning_rate():
    def steep(theta):  # finite until |theta| passes about 1e150, then inf
        return theta * np.abs(theta) ** 1.0 * 1e150

    path = run(GD(lr=1.0), steep, [1.0], steps=50, on_divergence="stop")
    assert path.diverged and "smaller learning rate" in path.message


def test_record_loss_false_skips_the_full_and_the_batch_losses():
    rng = np.random.default_rng(3)
    path = run(GD(lr=0.5), DATA, DATA.start, epochs=2, batch_size=8, rng=rng, record_loss=False)
    assert path.losses is None and path.batch_losses is None
    assert path.thetas.shape[0] == 11  # every step still recorded
    same = run(GD(lr=0.5), DATA, DATA.start, epochs=2, batch_size=8, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(path.thetas, same.thetas)


def test_surfaces_still_accept_grids_and_a_grid_with_a_number():
    X, Y = np.meshgrid(np.linspace(-1, 1, 4), np.linspace(-1, 1, 3))
    assert BANANA.loss([X, Y]).shape == (3, 4)
    assert BANANA.grad([X, Y]).shape == (2, 3, 4)
    np.testing.assert_allclose(TOY.loss([X, 0.5]), TOY.loss([X, np.full_like(X, 0.5)]))
    assert DATA.loss(np.stack([X, Y])).shape == (3, 4)


def test_parameter_blocks_cut_the_flat_vector_in_order():
    blocks = NET.parameter_blocks()
    assert blocks == [("W1", (2, 3)), ("b1", (3,)), ("W2", (3, 1)), ("b2", (1,))]
    assert sum(int(np.prod(shape)) for _, shape in blocks) == NET.n_params
    start = 0
    for (_, shape), (W, b) in zip(blocks[::2], NET_MLP.unflatten(NET_THETA), strict=True):
        size = int(np.prod(shape))
        np.testing.assert_array_equal(NET_THETA[start : start + size].reshape(shape), W)
        start += size + b.size
    assert BOWL.parameter_blocks() == [("theta", (2,))]
