"""The numpy network: derivatives against finite differences, clipping, training."""

import functools
import itertools

import numpy as np
import pytest

from gdcourse import initializers, run
from gdcourse.nn import MLP, NetworkProblem, activations, clip_by_norm, clip_by_value, losses
from gdcourse.nn.clipping import ClippedOptimizer, clip_grad_fn, clipped
from gdcourse.optimizers.gd import GD
from gdcourse.run import DivergenceError

H = 1e-6  # finite-difference step: truncation ~H^2, rounding ~1e-16/H


def central_difference(f, x):
    """Numerical gradient of a scalar function f at x (any shape)."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = H
        grad[index] = (f(x + step) - f(x - step)) / (2 * H)
    return grad


# ---------------------------------------------------------------- activations
def test_activation_values_by_hand():
    assert activations.sigmoid(0.0) == 0.5
    assert activations.sigmoid(np.log(3.0)) == pytest.approx(0.75)  # 1 / (1 + 1/3)
    assert np.array_equal(activations.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    assert activations.tanh(0.0) == 0.0


def test_sigmoid_is_safe_far_from_zero():
    with np.errstate(over="raise", invalid="raise"):
        values = activations.sigmoid(np.array([-1000.0, 1000.0]))
    assert np.array_equal(values, [0.0, 1.0])


@pytest.mark.parametrize("name", sorted(activations.ACTIVATIONS))
def test_activation_derivative_matches_finite_differences(name):
    act = activations.ACTIVATIONS[name]
    z = np.array([-2.3, -0.7, 0.4, 1.9])  # no point at ReLU's kink
    a = act.forward(z)
    numeric = np.array([(act.forward(zi + H) - act.forward(zi - H)) / (2 * H) for zi in z])
    assert np.allclose(act.derivative(z, a), numeric, atol=1e-8)
    assert np.max(act.derivative(z, a)) <= act.max_slope


def test_softmax_rows_sum_to_one_and_ignore_shifts():
    z = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0]])
    p = activations.softmax(z)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert np.allclose(p[1], 1 / 3)
    assert np.allclose(activations.softmax(z + 5.0), p)


def test_softmax_backward_matches_finite_differences():
    rng = np.random.default_rng(0)
    z, g = rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    numeric = central_difference(lambda zz: np.sum(g * activations.softmax(zz)), z)
    assert np.allclose(activations.softmax_backward(activations.softmax(z), g), numeric, atol=1e-8)


# ---------------------------------------------------------------- losses
def test_loss_values_by_hand():
    assert losses.binary_cross_entropy(np.array([[0.8], [0.4]]), np.array([[1.0], [0.0]])) == (
        pytest.approx(-(np.log(0.8) + np.log(0.6)) / 2)
    )
    y_hat, y = np.array([[0.2, 0.7, 0.1]]), np.array([[0.0, 1.0, 0.0]])
    assert losses.cross_entropy(y_hat, y) == pytest.approx(-np.log(0.7))
    assert losses.mse(np.array([[1.0], [2.0]]), np.zeros((2, 1))) == pytest.approx(2.5)
    assert losses.mae(np.array([[1.0], [-2.0]]), np.zeros((2, 1))) == pytest.approx(1.5)


def test_log_losses_stay_finite_at_certain_wrong_predictions():
    assert np.isfinite(losses.binary_cross_entropy(np.array([[0.0]]), np.array([[1.0]])))
    assert np.isfinite(losses.cross_entropy(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]])))


@pytest.mark.parametrize("name", sorted(losses.LOSSES))
def test_loss_gradient_matches_finite_differences(name):
    loss = losses.LOSSES[name]
    rng = np.random.default_rng(1)
    y_hat = rng.uniform(0.1, 0.9, size=(5, 3))
    y = (
        np.eye(3)[rng.integers(0, 3, size=5)]
        if name == "cross_entropy"
        else rng.uniform(size=(5, 3))
    )
    numeric = central_difference(lambda p: loss.value(p, y), y_hat)
    assert np.allclose(loss.grad(y_hat, y), numeric, atol=1e-7)


def test_unknown_names_raise():
    with pytest.raises(ValueError, match="loss"):
        losses.get_loss("hinge")
    with pytest.raises(ValueError, match="activation"):
        activations.get_activation("gelu")


# ---------------------------------------------------------------- the network
OUTPUT_LOSS = [
    ("sigmoid", "bce"),
    ("softmax", "cross_entropy"),
    ("linear", "mse"),
    ("linear", "mae"),
    ("sigmoid", "mse"),
    ("softmax", "mse"),
    ("sigmoid", "mae"),
]


def small_case(activation, output, loss, seed=3):
    rng = np.random.default_rng(seed)
    n_out = 1 if output == "sigmoid" else 3
    mlp = MLP([3, 5, 4, n_out], activation=activation, output=output, loss=loss)
    X = rng.normal(size=(6, 3))
    if loss in ("bce", "cross_entropy") or output == "softmax":
        y = rng.integers(0, 2 if n_out == 1 else n_out, size=6)
    else:
        y = rng.normal(size=(6, n_out))
    theta = mlp.init_params(rng) + 0.1 * rng.normal(size=mlp.n_params)  # nonzero biases too
    return mlp, X, y, theta


@pytest.mark.parametrize(
    "activation, output, loss",
    [
        (act, out, loss)
        for act, (out, loss) in itertools.product(["sigmoid", "tanh", "relu"], OUTPUT_LOSS)
    ],
)
def test_backprop_matches_finite_differences(activation, output, loss):
    mlp, X, y, theta = small_case(activation, output, loss)
    value, grad = mlp.loss_and_grad(theta, X, y)
    assert value == pytest.approx(mlp.loss(theta, X, y))
    numeric = central_difference(lambda t: mlp.loss(t, X, y), theta)
    assert np.allclose(grad, numeric, rtol=1e-5, atol=1e-8)


def test_flat_vector_layout():
    mlp = MLP([2, 3, 1])
    assert mlp.n_params == 2 * 3 + 3 + 3 * 1 + 1
    theta = np.arange(mlp.n_params, dtype=float)
    (W1, b1), (W2, b2) = mlp.unflatten(theta)
    assert np.array_equal(W1, [[0, 1, 2], [3, 4, 5]])
    assert np.array_equal(b1, [6, 7, 8])
    assert np.array_equal(W2, [[9], [10], [11]]) and np.array_equal(b2, [12])
    assert np.array_equal(mlp.flatten(mlp.unflatten(theta)), theta)


def test_forward_by_hand():
    # One hidden unit: z1 = 2x, a1 = relu(z1); output y = 3 a1 + 1 (linear).
    mlp = MLP([1, 1, 1], activation="relu", output="linear")
    theta = mlp.flatten(
        [(np.array([[2.0]]), np.array([0.0])), (np.array([[3.0]]), np.array([1.0]))]
    )
    assert np.allclose(mlp.forward(theta, [[-1.0], [2.0]]), [[1.0], [13.0]])
    assert mlp.loss(theta, [[2.0]], [10.0]) == pytest.approx(9.0)  # (13 - 10)^2


def test_init_params_biases_zero_and_reproducible():
    mlp = MLP([4, 6, 3], output="softmax", init="he_normal")
    theta = mlp.init_params(np.random.default_rng(7))
    assert np.array_equal(theta, mlp.init_params(np.random.default_rng(7)))
    for W, b in mlp.unflatten(theta):
        assert np.all(b == 0) and np.all(W != 0)


def test_constant_init_never_breaks_symmetry():
    mlp = MLP([2, 4, 1], init=functools.partial(initializers.constant, value=0.5))
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(8, 2)), rng.integers(0, 2, size=8)
    (dW1, _), _ = mlp.unflatten(mlp.grad(mlp.init_params(rng), X, y))
    assert np.allclose(dW1, dW1[:, :1])  # every hidden unit gets the same gradient


def test_deep_sigmoid_network_has_vanishing_gradients():
    mlp = MLP([10] * 8 + [1], activation="sigmoid")
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(32, 10)), rng.integers(0, 2, size=32)
    norms = mlp.layer_grad_norms(mlp.init_params(rng), X, y)
    assert norms.shape == (8,)
    assert norms[0] < norms[-1] / 100


def test_activation_stats_show_saturation():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 20))
    big = MLP(
        [20, 30, 30, 1], activation="tanh", init=functools.partial(initializers.normal, scale=5.0)
    )
    good = MLP([20, 30, 30, 1], activation="tanh", init="xavier_normal")
    big_stats = big.activation_stats(big.init_params(rng), X)
    good_stats = good.activation_stats(good.init_params(rng), X)
    assert [s.layer for s in big_stats] == [1, 2]
    assert all(s.saturated > 0.8 for s in big_stats)
    assert all(s.saturated < 0.1 for s in good_stats)
    assert len(good.hidden_activations(good.init_params(rng), X)) == 2
    dead = MLP([20, 30, 1], activation="relu", init="zeros")
    assert dead.activation_stats(dead.init_params(rng), X)[0].saturated == 1.0


def test_predict_and_accuracy():
    mlp = MLP([1, 2], activation="relu", output="softmax")
    theta = mlp.flatten([(np.array([[-1.0, 1.0]]), np.zeros(2))])
    assert np.array_equal(mlp.predict(theta, [[-2.0], [3.0]]), [0, 1])
    assert mlp.accuracy(theta, [[-2.0], [3.0]], [0, 0]) == 0.5
    with pytest.raises(ValueError, match="classifier"):
        MLP([1, 1], output="linear").accuracy(np.zeros(2), [[1.0]], [1.0])


def test_repr_is_stable():
    mlp = MLP([2, 3, 1], init=functools.partial(initializers.normal, scale=0.01))
    assert repr(mlp) == (
        "MLP([2, 3, 1], activation='sigmoid', output='sigmoid', loss='bce', "
        "init=partial(normal, scale=0.01))"
    )


BAD_NETWORKS = [
    (dict(layer_sizes=[3]), "layer_sizes"),
    (dict(layer_sizes=[3, 0, 1]), "layer_sizes"),
    (dict(layer_sizes=[3, 2.5, 1]), "layer_sizes"),
    (dict(layer_sizes="3,1"), "layer_sizes"),
    (dict(layer_sizes=[3, 1], activation="swish"), "activation"),
    (dict(layer_sizes=[3, 1], output="tanh"), "output"),
    (dict(layer_sizes=[3, 1], output="softmax"), "softmax"),
    (dict(layer_sizes=[3, 2], output="linear", loss="bce"), "loss='bce' needs output='sigmoid'"),
    (dict(layer_sizes=[3, 2], output="sigmoid", loss="cross_entropy"), "needs output='softmax'"),
    (dict(layer_sizes=[3, 1], loss="hinge"), "loss"),
    (dict(layer_sizes=[3, 1], init="glorot"), "init"),
]


@pytest.mark.parametrize("kwargs, match", BAD_NETWORKS, ids=[m for _, m in BAD_NETWORKS])
def test_bad_networks_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        MLP(**kwargs)


def test_bad_data_raises():
    mlp = MLP([2, 3])  # 3 sigmoid outputs
    theta = np.zeros(mlp.n_params)
    with pytest.raises(ValueError, match="theta"):
        mlp.loss(np.zeros(3), [[0.0, 0.0]], [[0, 0, 0]])
    with pytest.raises(ValueError, match="X must have shape"):
        mlp.loss(theta, [[0.0, 0.0, 0.0]], [[0, 0, 0]])
    with pytest.raises(ValueError, match="finite"):
        mlp.loss(theta, [[np.nan, 0.0]], [[0, 0, 0]])
    with pytest.raises(ValueError, match="class labels"):
        mlp.loss(theta, [[0.0, 0.0]], [3])
    with pytest.raises(ValueError, match="rows"):
        mlp.loss(theta, [[0.0, 0.0]], [[0, 0, 0], [1, 1, 1]])
    with pytest.raises(ValueError, match="rng"):
        mlp.init_params(42)


# ---------------------------------------------------------------- clipping
def test_clip_by_value_by_hand():
    assert np.array_equal(clip_by_value([-3.0, 0.5, 2.0], 1.0), [-1.0, 0.5, 1.0])


def test_clip_by_norm_keeps_direction_and_caps_length():
    g = np.array([3.0, 4.0])  # norm 5
    assert np.allclose(clip_by_norm(g, 1.0), [0.6, 0.8])
    assert np.array_equal(clip_by_norm(g, 10.0), g)  # short enough: untouched
    rng = np.random.default_rng(0)
    for _ in range(20):
        v = rng.normal(size=7) * rng.uniform(0.1, 10)
        c = clip_by_norm(v, 2.0)
        assert np.linalg.norm(c) <= 2.0 + 1e-12
        assert np.dot(c, v) == pytest.approx(np.linalg.norm(c) * np.linalg.norm(v))


def test_clipping_does_not_hide_nan():
    assert np.isnan(clip_by_value([np.nan, 1.0], 1.0)[0])
    assert np.all(np.isnan(clip_by_norm([np.inf, 1.0], 1.0)))


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), "1"])
def test_clip_limits_must_be_positive(bad):
    with pytest.raises(ValueError, match="limit"):
        clip_by_value([1.0], bad)
    with pytest.raises(ValueError, match="max_norm"):
        clip_by_norm([1.0], bad)


def test_clip_grad_fn_passes_batches_through():
    def grad(theta, batch=None):
        return np.full(2, 10.0 if batch is None else float(len(batch)))

    wrapped = clip_grad_fn(grad, limit=3.0)
    assert np.array_equal(wrapped(np.zeros(2)), [3.0, 3.0])
    assert np.array_equal(wrapped(np.zeros(2), batch=[0, 1]), [2.0, 2.0])
    with pytest.raises(ValueError, match="neither"):
        clip_grad_fn(grad)


def test_clipped_optimizer_takes_a_clipped_step():
    opt = clipped(GD(lr=0.5), max_norm=1.0)
    theta = np.array([0.0, 0.0])
    state = opt.init(theta)
    new_theta, _ = opt.update(theta, state, lambda t: np.array([30.0, 40.0]))
    assert np.allclose(new_theta, [-0.3, -0.4])  # 0.5 * (0.6, 0.8)
    assert opt.lr == 0.5  # hyperparameters read through
    assert repr(opt) == "ClippedOptimizer(GD(lr=0.5, weight_decay=0.0), max_norm=1.0)"
    with pytest.raises(ValueError, match="optimizer"):
        ClippedOptimizer("GD", limit=1.0)


# ---------------------------------------------------------------- training through run()
XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])


def test_network_problem_matches_the_network():
    rng = np.random.default_rng(0)
    mlp = MLP([2, 3, 1], activation="tanh")
    problem = NetworkProblem(mlp, XOR_X, XOR_Y)
    theta = mlp.init_params(rng)
    assert problem.n_samples == 4
    assert problem.loss(theta) == pytest.approx(mlp.loss(theta, XOR_X, XOR_Y))
    batch = np.array([3, 1])
    assert np.allclose(
        problem.grad(theta, batch=batch), mlp.grad(theta, XOR_X[batch], XOR_Y[batch])
    )
    with pytest.raises(ValueError, match="mlp"):
        NetworkProblem("net", XOR_X, XOR_Y)


def test_xor_trains_with_gradient_descent():
    rng = np.random.default_rng(0)
    mlp = MLP([2, 4, 1], activation="tanh")
    problem = NetworkProblem(mlp, XOR_X, XOR_Y, name="xor")
    trajectory = run(GD(lr=1.0), problem, mlp.init_params(rng), steps=1000)
    assert trajectory.losses[-1] < 0.05 < trajectory.losses[0]
    assert np.array_equal(mlp.predict(trajectory.final, XOR_X), XOR_Y)
    assert problem.accuracy(trajectory.final) == 1.0


def test_mini_batches_and_clipping_through_run():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    mlp = MLP([2, 8, 2], activation="relu", output="softmax", init="he_uniform")
    problem = NetworkProblem(mlp, X, y)
    optimizer = clipped(GD(lr=0.5), max_norm=1.0)
    trajectory = run(optimizer, problem, mlp.init_params(rng), epochs=30, batch_size=8, rng=rng)
    assert trajectory.steps == 30 * 5
    assert trajectory.losses[-1] < trajectory.losses[0]


def test_divergence_is_reported_not_hidden():
    rng = np.random.default_rng(0)
    mlp = MLP([2, 16, 1], activation="relu", output="linear")
    X = rng.normal(size=(20, 2))
    problem = NetworkProblem(mlp, X, 100.0 * X[:, :1])
    with pytest.raises(DivergenceError, match="diverged"):
        with np.errstate(all="ignore"):
            run(GD(lr=10.0), problem, mlp.init_params(rng), steps=200)
