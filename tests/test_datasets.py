"""Shipped data sets and the preparation helpers."""

from importlib import resources

import numpy as np
import pytest

from gdcourse.datasets import (
    load_breast_cancer,
    load_iris,
    one_hot,
    standardize,
    train_test_split,
)


def test_iris():
    data = load_iris()
    assert data.X.shape == (150, 4) and data.y.shape == (150,)
    assert data.X.dtype == np.float64 and np.issubdtype(data.y.dtype, np.integer)
    assert np.array_equal(np.bincount(data.y), [50, 50, 50])
    assert data.class_names == ("setosa", "versicolor", "virginica")
    assert data.feature_names[0] == "sepal length (cm)" and len(data.feature_names) == 4
    assert np.array_equal(data.X[0], [5.1, 3.5, 1.4, 0.2]) and data.y[0] == 0
    assert not np.any(np.isnan(data.X))
    # Summary statistics published with the data set (means, cm).
    assert np.allclose(data.X.mean(axis=0), [5.84, 3.06, 3.76, 1.20], atol=0.01)


def test_breast_cancer():
    data = load_breast_cancer()
    assert data.X.shape == (569, 30) and data.y.shape == (569,)
    assert np.array_equal(np.bincount(data.y), [212, 357])
    assert data.class_names == ("malignant", "benign")
    assert (
        data.feature_names[0] == "mean radius"
        and data.feature_names[-1] == "worst fractal dimension"
    )
    assert len(data.feature_names) == 30
    assert np.all(np.isfinite(data.X))
    assert data.X[:, 0].min() == pytest.approx(6.981) and data.X[:, 0].max() == pytest.approx(28.11)


def test_data_readme_names_source_and_licence():
    readme = resources.files("gdcourse").joinpath("data", "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "10.24432/C56C76" in readme and "10.24432/C5DW2B" in readme


def test_standardize():
    X = np.array([[1.0, 10.0, 5.0], [3.0, 30.0, 5.0]])
    result = standardize(X)
    assert np.allclose(result.X, [[-1.0, -1.0, 0.0], [1.0, 1.0, 0.0]])  # constant column: centred
    assert np.allclose(result.mean, [2.0, 20.0, 5.0]) and np.allclose(result.std, [1.0, 10.0, 0.0])
    test = standardize([[5.0, 0.0, 5.0]], mean=result.mean, std=result.std)
    assert np.allclose(test.X, [[3.0, -2.0, 0.0]])


def test_standardize_a_real_data_set():
    Z = standardize(load_breast_cancer().X).X
    assert np.allclose(Z.mean(axis=0), 0.0, atol=1e-12) and np.allclose(Z.std(axis=0), 1.0)


@pytest.mark.parametrize(
    "X, kwargs, match",
    [
        ([1.0, 2.0], {}, "2-D"),
        ([[np.nan]], {}, "finite"),
        ([[1.0, 2.0]], {"mean": [0.0]}, "mean"),
        ([[1.0, 2.0]], {"std": [1.0, -1.0]}, "std"),
    ],
)
def test_standardize_bad_input(X, kwargs, match):
    with pytest.raises(ValueError, match=match):
        standardize(X, **kwargs)


def test_train_test_split_partitions_the_rows():
    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10)
    split = train_test_split(X, y, np.random.default_rng(0), test_fraction=0.3)
    assert split.X_train.shape == (7, 2) and split.X_test.shape == (3, 2)
    assert sorted(np.concatenate([split.y_train, split.y_test])) == list(range(10))
    assert np.array_equal(split.X_train[:, 0], 2 * split.y_train)  # rows stay paired
    again = train_test_split(X, y, np.random.default_rng(0), test_fraction=0.3)
    assert np.array_equal(again.y_test, split.y_test)


def test_stratified_split_keeps_class_proportions():
    data = load_iris()
    split = train_test_split(data.X, data.y, np.random.default_rng(0), 0.2, stratify=True)
    assert np.array_equal(np.bincount(split.y_test), [10, 10, 10])
    assert np.array_equal(np.bincount(split.y_train), [40, 40, 40])


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"test_fraction": 0.0}, "test_fraction"),
        ({"test_fraction": 1.0}, "test_fraction"),
        ({"test_fraction": "half"}, "test_fraction"),
        ({"test_fraction": 0.01}, "test rows"),
        ({"rng": 0}, "rng"),
        ({"y": np.arange(3)}, "same number of rows"),
    ],
)
def test_train_test_split_bad_input(kwargs, match):
    args = {"X": np.zeros((10, 2)), "y": np.arange(10), "rng": np.random.default_rng(0)}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        train_test_split(**args)


def test_one_hot():
    assert np.array_equal(one_hot([0, 2]), [[1, 0, 0], [0, 0, 1]])
    assert one_hot(np.array([1, 0]), n_classes=4).shape == (2, 4)


@pytest.mark.parametrize(
    "y, n_classes, match",
    [
        ([0.5], None, "whole numbers"),
        ([-1], None, "whole numbers"),
        (["a"], None, "real numbers"),
        ([[0]], None, "1-D"),
        ([], None, "1-D"),
        ([3], 2, "labels 0..1"),
        ([0], 0, "n_classes"),
    ],
)
def test_one_hot_bad_input(y, n_classes, match):
    with pytest.raises(ValueError, match=match):
        one_hot(y, n_classes)
