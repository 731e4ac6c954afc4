r"""A multi-layer perceptron whose parameters are one flat vector.

The optimizers of this course work on a single vector :math:`\theta`. A network has
many weight matrices and bias vectors, so :class:`MLP` lays them end to end::

    theta = [W_1 (row by row), b_1, W_2, b_2, ..., W_L, b_L]

and :meth:`MLP.unflatten` cuts the vector back into ``(W, b)`` pairs.

Forward pass, for a batch :math:`X` of shape ``(n, n_in)`` (one row per example) and
layers :math:`l = 1, \dots, L` with :math:`W_l` of shape ``(fan_in, fan_out)``:

.. math::

    a_0 = X, \qquad z_l = a_{l-1} W_l + b_l, \qquad a_l = f_l(z_l), \qquad
    \hat y = a_L

Backward pass (backpropagation), with :math:`\delta_l = \partial L / \partial z_l`:

.. math::

    \frac{\partial L}{\partial W_l} = a_{l-1}^\top \delta_l, \qquad
    \frac{\partial L}{\partial b_l} = \textstyle\sum_{\text{rows}} \delta_l, \qquad
    \delta_{l-1} = (\delta_l W_l^\top) \odot f_{l-1}'(z_{l-1})

Every line works on the whole batch at once (matrix products, no loop over examples).
"""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

import numpy as np

from .. import initializers
from .._checks import as_parameters, as_real_array, check_rng
from ..datasets import one_hot
from .activations import get_activation, sigmoid, softmax, softmax_backward
from .losses import get_loss

__all__ = ["MLP", "LayerStats", "OUTPUTS", "DEFAULT_LOSS"]

#: Output layers: what the last layer does to its pre-activation.
OUTPUTS = ("sigmoid", "softmax", "linear")

#: The loss that goes with each output unless another is asked for.
DEFAULT_LOSS = {"sigmoid": "bce", "softmax": "cross_entropy", "linear": "mse"}

# Losses that only make sense after a given output: log(y_hat) needs probabilities.
_LOSS_NEEDS_OUTPUT = {"bce": "sigmoid", "cross_entropy": "softmax"}


class LayerStats(NamedTuple):
    """Summary of one hidden layer's activations on a batch.

    Attributes
    ----------
    layer : int
        1 for the first hidden layer.
    mean, std : float
        Mean and standard deviation of all activations in the layer.
    saturated : float
        Fraction of units whose slope :math:`f'(z)` is below 1% of its largest value:
        a saturated sigmoid/tanh or a dead ReLU. Almost no gradient passes through them.
    """

    layer: int
    mean: float
    std: float
    saturated: float


def _describe_init(init: Any) -> str:
    """A stable name for an initializer (no memory addresses, so notebook output is fixed)."""
    if isinstance(init, str):
        return repr(init)
    if isinstance(init, functools.partial):
        args = ", ".join(f"{key}={value!r}" for key, value in init.keywords.items())
        return f"partial({getattr(init.func, '__name__', 'init')}, {args})"
    return getattr(init, "__name__", type(init).__name__)


def _check_layer_sizes(layer_sizes: Any) -> tuple[int, ...]:
    """At least two whole numbers >= 1: inputs, (hidden layers,) outputs."""
    sizes = list(layer_sizes) if isinstance(layer_sizes, (list, tuple)) else []
    if len(sizes) < 2 or not all(
        isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1 for n in sizes
    ):
        raise ValueError(
            "layer_sizes must be a list of at least two whole numbers >= 1, "
            f"got layer_sizes={layer_sizes!r}"
        )
    return tuple(int(n) for n in sizes)


def _layout(shapes: list[tuple[int, int]]) -> tuple[list[tuple[slice, slice]], int]:
    """Where each layer's W (row by row) and then b sit in the flat theta; and its length."""
    slices = []
    start = 0
    for n_in, n_out in shapes:
        w_end = start + n_in * n_out
        slices.append((slice(start, w_end), slice(w_end, w_end + n_out)))
        start = w_end + n_out
    return slices, start


class MLP:
    r"""A fully connected network: ``layer_sizes = [n_in, hidden..., n_out]``.

    Parameters
    ----------
    layer_sizes : sequence of int
        Number of units per layer, inputs first; at least two entries (no hidden layer
        gives logistic or softmax regression).
    activation : {"sigmoid", "tanh", "relu", "linear"}
        :math:`f` of every hidden layer.
    output : {"sigmoid", "softmax", "linear"}
        The last layer: probabilities for binary (or multi-label) targets, class
        probabilities for one-of-M targets, or raw numbers for regression.
    loss : {"bce", "cross_entropy", "mse", "mae"}, optional
        Defaults to the natural partner of ``output``: BCE, cross-entropy, MSE.
        ``"bce"`` needs ``output="sigmoid"`` and ``"cross_entropy"`` needs ``"softmax"``.
    init : str or callable
        Weight initializer: a name in :data:`gdcourse.initializers.INITIALIZERS` or a
        callable ``(shape, rng=...) -> array``. Biases start at zero.

    Notes
    -----
    With a sigmoid output and BCE, or a softmax output and cross-entropy, the derivative
    of the loss through the output squashing simplifies to
    :math:`\delta_L = (\hat y - y)/n`; the backward pass uses that form, which stays
    accurate when the output saturates. Any other pairing uses the chain rule step by step.
    """

    def __init__(
        self,
        layer_sizes: Any,
        activation: str = "sigmoid",
        output: str = "sigmoid",
        loss: str | None = None,
        init: Any = "xavier_uniform",
    ):
        self.layer_sizes = _check_layer_sizes(layer_sizes)
        self.hidden = get_activation(activation, "activation")
        if output not in OUTPUTS:
            raise ValueError(f"output must be one of {list(OUTPUTS)}, got output={output!r}")
        if output == "softmax" and self.layer_sizes[-1] < 2:
            raise ValueError(
                f"output='softmax' needs at least 2 output units, got layer_sizes={layer_sizes!r}"
            )
        self.output = output
        loss = DEFAULT_LOSS[output] if loss is None else loss
        self.loss_fn = get_loss(loss)
        needed = _LOSS_NEEDS_OUTPUT.get(loss)
        if needed is not None and output != needed:
            raise ValueError(f"loss={loss!r} needs output={needed!r}, got output={output!r}")
        self.init = init
        self._init_fn = initializers.get(init)

        # Where each layer's W and b sit inside theta.
        self.shapes = list(zip(self.layer_sizes[:-1], self.layer_sizes[1:], strict=True))
        self._slices, self.n_params = _layout(self.shapes)

    def __repr__(self) -> str:
        return (
            f"MLP({list(self.layer_sizes)}, activation={self.hidden.name!r}, "
            f"output={self.output!r}, loss={self.loss_fn.name!r}, init={_describe_init(self.init)})"
        )

    @property
    def n_layers(self) -> int:
        """Number of weight layers L (hidden layers + the output layer)."""
        return len(self.shapes)

    # ----------------------------------------------------------------- parameters
    def init_params(self, rng: np.random.Generator) -> np.ndarray:
        """A fresh flat parameter vector: weights from ``init``, biases zero."""
        check_rng(rng)
        theta = np.zeros(self.n_params)
        for shape, (w_slice, _) in zip(self.shapes, self._slices, strict=True):
            weights = np.asarray(self._init_fn(shape, rng=rng), dtype=np.float64)
            if weights.shape != shape:
                raise ValueError(
                    f"init returned shape {weights.shape} for a layer of shape {shape}"
                )
            theta[w_slice] = weights.ravel()
        return theta

    def parameter_blocks(self) -> list[tuple[str, tuple[int, ...]]]:
        """``[("W1", (n_in, n_1)), ("b1", (n_1,)), ...]`` in the order they sit in ``theta``.

        For optimizers that treat a weight matrix as a matrix (e.g. Muon) rather than
        as a run of numbers.

        >>> MLP([2, 3, 1]).parameter_blocks()
        [('W1', (2, 3)), ('b1', (3,)), ('W2', (3, 1)), ('b2', (1,))]
        """
        blocks: list[tuple[str, tuple[int, ...]]] = []
        for layer, (n_in, n_out) in enumerate(self.shapes, start=1):
            blocks += [(f"W{layer}", (n_in, n_out)), (f"b{layer}", (n_out,))]
        return blocks

    def check_theta(self, theta: Any) -> np.ndarray:
        """``theta`` as a flat float vector of ``n_params`` entries, or a ``ValueError``."""
        return as_parameters("theta", theta, self.n_params, grid=False)

    def unflatten(self, theta: Any) -> list[tuple[np.ndarray, np.ndarray]]:
        """``[(W_1, b_1), ..., (W_L, b_L)]``; these are views into ``theta``, not copies."""
        theta = self.check_theta(theta)
        return [
            (theta[w_slice].reshape(shape), theta[b_slice])
            for shape, (w_slice, b_slice) in zip(self.shapes, self._slices, strict=True)
        ]

    def flatten(self, params: Any) -> np.ndarray:
        """The inverse of :meth:`unflatten`: one vector from ``[(W, b), ...]``."""
        if len(params) != self.n_layers:
            raise ValueError(f"params must hold {self.n_layers} (W, b) pairs, got {len(params)}")
        theta = np.empty(self.n_params)
        for (weights, bias), shape, (w_slice, b_slice) in zip(
            params, self.shapes, self._slices, strict=True
        ):
            weights, bias = (
                np.asarray(weights, dtype=np.float64),
                np.asarray(bias, dtype=np.float64),
            )
            if weights.shape != shape or bias.shape != (shape[1],):
                raise ValueError(
                    f"expected W of shape {shape} and b of shape {(shape[1],)}, "
                    f"got {weights.shape} and {bias.shape}"
                )
            theta[w_slice] = weights.ravel()
            theta[b_slice] = bias
        return theta

    # ----------------------------------------------------------------- data
    def check_inputs(self, X: Any) -> np.ndarray:
        """``X`` as a float array of shape ``(n_samples, n_in)``, or a ``ValueError``."""
        X = as_real_array("X", X)
        if X.ndim == 1 and self.layer_sizes[0] == 1:
            X = X[:, None]  # a plain list of numbers for a one-input network
        if X.ndim != 2 or X.shape[1] != self.layer_sizes[0] or X.shape[0] == 0:
            raise ValueError(
                f"X must have shape (n_samples, {self.layer_sizes[0]}), got shape {X.shape}"
            )
        if not np.all(np.isfinite(X)):
            raise ValueError("X must be finite (no nan or inf)")
        return X

    def targets(self, y: Any, n_samples: int | None = None) -> np.ndarray:
        """``y`` as an array of shape ``(n_samples, n_out)``, the shape the loss compares.

        Accepts a column of numbers for a one-output network, class labels
        ``0..n_out-1`` (turned into one-hot rows) for a multi-output one, or the 2-D
        array itself.
        """
        y = as_real_array("y", y)
        n_out = self.layer_sizes[-1]
        if y.ndim == 1 and n_out == 1:
            y = y[:, None]
        elif y.ndim == 1:
            y = one_hot(y, n_out)
        if y.ndim != 2 or y.shape[1] != n_out:
            raise ValueError(f"y must have shape (n_samples, {n_out}), got shape {y.shape}")
        if n_samples is not None and y.shape[0] != n_samples:
            raise ValueError(f"y has {y.shape[0]} rows but X has {n_samples}")
        if not np.all(np.isfinite(y)):
            raise ValueError("y must be finite (no nan or inf)")
        return y

    # ----------------------------------------------------------------- forward
    def _output(self, z):
        if self.output == "sigmoid":
            return sigmoid(z)
        if self.output == "softmax":
            return softmax(z)
        return z

    def _forward(self, theta, X):
        """Pre-activations ``zs`` and activations ``activations`` (``activations[0]`` is X)."""
        params = self.unflatten(theta)
        activations, zs = [X], []
        for index, (weights, bias) in enumerate(params):
            z = activations[-1] @ weights + bias
            last = index == len(params) - 1
            activations.append(self._output(z) if last else self.hidden.forward(z))
            zs.append(z)
        return zs, activations

    def forward(self, theta: Any, X: Any) -> np.ndarray:
        r"""The network's output :math:`\hat y`, shape ``(n_samples, n_out)``."""
        _, activations = self._forward(self.check_theta(theta), self.check_inputs(X))
        return activations[-1]

    def predict(self, theta: Any, X: Any) -> np.ndarray:
        """Class labels (softmax: most probable class; sigmoid: 1 where p >= 0.5), or values."""
        y_hat = self.forward(theta, X)
        if self.output == "softmax":
            return np.argmax(y_hat, axis=1)
        if self.output == "sigmoid":
            labels = (y_hat >= 0.5).astype(np.int64)
            return labels[:, 0] if labels.shape[1] == 1 else labels
        return y_hat[:, 0] if y_hat.shape[1] == 1 else y_hat

    def accuracy(self, theta: Any, X: Any, y: Any) -> float:
        """Fraction of examples whose predicted class matches the target (classifiers only)."""
        if self.output == "linear":
            raise ValueError("accuracy needs a classifier: output='sigmoid' or 'softmax'")
        X = self.check_inputs(X)
        target = self.targets(y, X.shape[0])
        predicted = self.predict(theta, X)
        if self.output == "softmax":
            return float(np.mean(predicted == np.argmax(target, axis=1)))
        return float(np.mean(predicted.reshape(target.shape) == (target >= 0.5)))

    # ----------------------------------------------------------------- loss and gradient
    def backprop(
        self, theta: np.ndarray, X: np.ndarray, Y: np.ndarray, want_grad: bool = True
    ) -> tuple[float, np.ndarray | None]:
        """Loss and flat gradient (None unless ``want_grad``) by one forward, one backward pass.

        The inputs must already be checked: ``theta`` by :meth:`check_theta`, ``X`` by
        :meth:`check_inputs` and ``Y`` by :meth:`targets`. :class:`NetworkProblem` checks
        its data once and then calls this on every mini-batch.
        """
        zs, activations = self._forward(theta, X)
        y_hat = activations[-1]
        value = self.loss_fn.value(y_hat, Y)
        if not want_grad:
            return value, None

        # delta = dL/dz of the output layer.
        if (self.output, self.loss_fn.name) in (("sigmoid", "bce"), ("softmax", "cross_entropy")):
            # The squashing's slope cancels the loss's 1/(y_hat ...) factor exactly.
            per_entry = Y.shape[0] if self.output == "softmax" else Y.size
            delta = (y_hat - Y) / per_entry
        else:
            grad_y_hat = self.loss_fn.grad(y_hat, Y)
            if self.output == "sigmoid":
                delta = grad_y_hat * y_hat * (1.0 - y_hat)
            elif self.output == "softmax":
                delta = softmax_backward(y_hat, grad_y_hat)
            else:
                delta = grad_y_hat

        grad = np.empty(self.n_params)
        params = self.unflatten(theta)
        for layer in range(self.n_layers - 1, -1, -1):
            w_slice, b_slice = self._slices[layer]
            weights = params[layer][0]
            grad[w_slice] = (activations[layer].T @ delta).ravel()
            grad[b_slice] = delta.sum(axis=0)
            if layer > 0:
                # Pass the error back through W, then through the hidden activation.
                slope = self.hidden.derivative(zs[layer - 1], activations[layer])
                delta = (delta @ weights.T) * slope
        return value, grad

    def loss(self, theta: Any, X: Any, y: Any) -> float:
        """The average loss of parameters ``theta`` on examples ``X`` with targets ``y``."""
        X = self.check_inputs(X)
        value, _ = self.backprop(self.check_theta(theta), X, self.targets(y, X.shape[0]), False)
        return value

    def grad(self, theta: Any, X: Any, y: Any) -> np.ndarray:
        r"""The gradient :math:`\nabla_\theta L`, a flat vector shaped like ``theta``."""
        return self.loss_and_grad(theta, X, y)[1]

    def loss_and_grad(self, theta: Any, X: Any, y: Any) -> tuple[float, np.ndarray]:
        """Loss and gradient from one forward and one backward pass."""
        X = self.check_inputs(X)
        value, grad = self.backprop(self.check_theta(theta), X, self.targets(y, X.shape[0]))
        assert grad is not None  # want_grad defaults to True
        return value, grad

    # ----------------------------------------------------------------- diagnostics
    def layer_norms(self, vector: Any) -> np.ndarray:
        r"""The norm :math:`\lVert W_l \rVert` of each layer's weight block in a flat vector.

        Give it a gradient to see how much signal reaches each layer, or ``theta`` itself
        to see how big the weights are. Biases are left out.
        """
        vector = self.check_theta(vector)
        return np.array([np.linalg.norm(vector[w_slice]) for w_slice, _ in self._slices])

    def layer_grad_norms(self, theta: Any, X: Any, y: Any) -> np.ndarray:
        r""":math:`\lVert \partial L / \partial W_l \rVert` for :math:`l = 1..L`, first layer first.

        Numbers that shrink towards the first layer show vanishing gradients; numbers
        that grow show exploding ones.
        """
        return self.layer_norms(self.grad(theta, X, y))

    def hidden_activations(self, theta: Any, X: Any) -> list[np.ndarray]:
        """The outputs :math:`a_1, \\dots, a_{L-1}` of the hidden layers (for histograms)."""
        _, activations = self._forward(self.check_theta(theta), self.check_inputs(X))
        return activations[1:-1]

    def activation_stats(self, theta: Any, X: Any) -> list[LayerStats]:
        """Mean, spread and saturated fraction of each hidden layer on the batch ``X``."""
        zs, activations = self._forward(self.check_theta(theta), self.check_inputs(X))
        stats = []
        for layer in range(1, self.n_layers):
            a, z = activations[layer], zs[layer - 1]
            slope = self.hidden.derivative(z, a)
            stats.append(
                LayerStats(
                    layer=layer,
                    mean=float(np.mean(a)),
                    std=float(np.std(a)),
                    saturated=float(np.mean(slope < 0.01 * self.hidden.max_slope)),
                )
            )
        return stats
