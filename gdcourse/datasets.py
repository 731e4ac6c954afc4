"""Small real data sets that ship with the package, and the usual preparation steps.

The CSV files live in ``gdcourse/data/`` (see its README for sources, licences and
citations), so nothing is downloaded: the course runs offline.

>>> data = load_iris()
>>> data.X.shape, data.y.shape, data.class_names
((150, 4), (150,), ('setosa', 'versicolor', 'virginica'))
"""

from __future__ import annotations

from importlib import resources
from typing import Any, NamedTuple

import numpy as np

from ._checks import as_real_array, check_flag, check_number, check_positive_int, check_rng

__all__ = [
    "Dataset",
    "Standardized",
    "Split",
    "load_iris",
    "load_breast_cancer",
    "standardize",
    "train_test_split",
    "one_hot",
]


class Dataset(NamedTuple):
    """A labelled data set.

    Attributes
    ----------
    X : ndarray, shape (n_samples, n_features)
        One example per row.
    y : ndarray of int, shape (n_samples,)
        Class labels ``0 .. n_classes - 1``; ``class_names[y[i]]`` is the class of row i.
    feature_names : tuple of str
        One name per column of ``X``.
    class_names : tuple of str
        One name per class.
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]


class Standardized(NamedTuple):
    """``X`` rescaled to mean 0 and standard deviation 1 per column, with the statistics used."""

    X: np.ndarray
    mean: np.ndarray
    std: np.ndarray


class Split(NamedTuple):
    """A train/test split, in the order scikit-learn returns it."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray


def _load_csv(filename: str, class_names: tuple[str, ...]) -> Dataset:
    """Read ``gdcourse/data/<filename>``: a header row, numeric columns, then a class word."""
    text = (
        resources.files("gdcourse").joinpath("data").joinpath(filename).read_text(encoding="utf-8")
    )
    lines = text.strip().splitlines()
    header = lines[0].split(",")
    table = np.loadtxt(lines[1:], delimiter=",", dtype=str, ndmin=2)
    X = table[:, :-1].astype(np.float64)
    labels = table[:, -1]
    unknown = sorted(set(labels) - set(class_names))
    if unknown:  # a damaged file should fail loudly, not become a wrong label
        raise ValueError(f"{filename} has unknown classes {unknown}; expected {list(class_names)}")
    lookup = {name: index for index, name in enumerate(class_names)}
    y = np.array([lookup[label] for label in labels], dtype=np.int64)
    return Dataset(X=X, y=y, feature_names=tuple(header[:-1]), class_names=class_names)


def load_iris() -> Dataset:
    """Fisher's Iris flowers: 150 examples, 4 measurements (cm), 3 species of 50 each.

    Classes: 0 setosa, 1 versicolor, 2 virginica. Setosa is linearly separable from the
    other two; versicolor and virginica overlap a little. Licence CC BY 4.0 (UCI).
    """
    return _load_csv("iris.csv", ("setosa", "versicolor", "virginica"))


def load_breast_cancer() -> Dataset:
    """Breast Cancer Wisconsin (Diagnostic): 569 examples, 30 features, 2 classes.

    Classes: 0 malignant (212 examples), 1 benign (357), the numbering of
    scikit-learn's ``load_breast_cancer``. The features have very different scales
    (areas in the hundreds, smoothness below 0.2), so standardize them before gradient
    descent. Licence CC BY 4.0 (UCI).
    """
    return _load_csv("breast_cancer.csv", ("malignant", "benign"))


def _as_matrix(name: str, X: Any) -> np.ndarray:
    X = as_real_array(name, X)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(
            f"{name} must be a non-empty 2-D array (n_samples, n_features), got shape {X.shape}"
        )
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} must be finite (no nan or inf)")
    return X


def standardize(X: Any, mean: Any = None, std: Any = None) -> Standardized:
    r"""Rescale each column to mean 0 and standard deviation 1: :math:`(x - \mu) / \sigma`.

    Gradient descent converges much faster when all features have a similar scale:
    the loss surface becomes rounder (see the conditioning chapter).

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    mean, std : array_like, optional
        Statistics to use instead of those of ``X``. Standardize the test set with the
        training set's ``mean`` and ``std``, so no information leaks from the test set.
        A column with ``std == 0`` is only centred.

    Returns
    -------
    Standardized
        ``(X, mean, std)``.
    """
    X = _as_matrix("X", X)
    mean = X.mean(axis=0) if mean is None else as_real_array("mean", mean)
    std = X.std(axis=0) if std is None else as_real_array("std", std)
    for name, value in (("mean", mean), ("std", std)):
        if value.shape != (X.shape[1],) or not np.all(np.isfinite(value)):
            raise ValueError(f"{name} must be {X.shape[1]} finite numbers, got {name}={value!r}")
    if np.any(std < 0):
        raise ValueError(f"std must be >= 0, got std={std!r}")
    safe_std = np.where(std > 0, std, 1.0)  # a constant column: nothing to rescale
    return Standardized(X=(X - mean) / safe_std, mean=mean, std=std)


def train_test_split(
    X: Any, y: Any, rng: np.random.Generator, test_fraction: float = 0.25, stratify: bool = False
) -> Split:
    """Shuffle the rows and hold out ``round(test_fraction * n)`` of them for testing.

    Parameters
    ----------
    X : array_like, shape (n_samples, ...)
    y : array_like, shape (n_samples, ...)
    rng : numpy.random.Generator
        Source of the shuffle (``numpy.random.default_rng(seed)``).
    test_fraction : float
        In (0, 1); at least one row must land on each side.
    stratify : bool
        Split each class of ``y`` (integer labels) separately, so both sides keep the
        class proportions.

    Returns
    -------
    Split
        ``(X_train, X_test, y_train, y_test)``.
    """
    X, y = np.asarray(X), np.asarray(y)
    for name, value in (("X", X), ("y", y)):
        if value.ndim == 0 or value.shape[0] < 2:
            raise ValueError(
                f"{name} must have at least 2 rows to split, got {name} with shape {value.shape}"
            )
    check_rng(rng)
    stratify = check_flag("stratify", stratify)
    test_fraction = check_number("test_fraction", test_fraction)
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be in (0, 1), got test_fraction={test_fraction!r}")
    if X.ndim == 0 or y.ndim == 0 or X.shape[0] != y.shape[0]:
        raise ValueError(
            f"X and y must have the same number of rows, got shapes {X.shape} and {y.shape}"
        )
    n = X.shape[0]
    if stratify:
        test_parts = []
        for label in np.unique(y):
            members = np.flatnonzero(y == label)
            members = rng.permutation(members)
            test_parts.append(members[: int(round(test_fraction * members.size))])
        test = np.sort(np.concatenate(test_parts))
    else:
        test = np.sort(rng.permutation(n)[: int(round(test_fraction * n))])
    if not 0 < test.size < n:
        raise ValueError(
            f"test_fraction={test_fraction!r} of {n} rows gives {test.size} test rows; "
            f"both sides need at least one row"
        )
    is_test = np.zeros(n, dtype=bool)
    is_test[test] = True
    # Keep each side in a shuffled order, so a later full-batch view is not sorted by class.
    train_rows = rng.permutation(np.flatnonzero(~is_test))
    test_rows = rng.permutation(test)
    return Split(X[train_rows], X[test_rows], y[train_rows], y[test_rows])


def one_hot(y: Any, n_classes: int | None = None) -> np.ndarray:
    r"""Rows of zeros with a 1 in the column of the class: :math:`Y_{ij} = [y_i = j]`.

    ``one_hot([0, 2], 3)`` is ``[[1, 0, 0], [0, 0, 1]]``. ``n_classes`` defaults to
    ``max(y) + 1``.
    """
    labels = as_real_array("y", y)
    if labels.ndim != 1 or labels.size == 0:
        raise ValueError(f"y must be a non-empty 1-D array of class labels, got y={y!r}")
    as_int = labels.astype(np.int64)
    if not np.all(as_int == labels) or as_int.min() < 0:
        raise ValueError(f"y must hold class labels: whole numbers >= 0, got y={y!r}")
    if n_classes is None:
        n_classes = int(as_int.max()) + 1
    n_classes = check_positive_int("n_classes", n_classes)
    if as_int.max() >= n_classes:
        raise ValueError(
            f"y must hold class labels 0..{n_classes - 1} for n_classes={n_classes}, "
            f"got the label {int(as_int.max())}"
        )
    return np.eye(n_classes)[as_int]
