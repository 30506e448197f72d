"""clipnorm, clipvalue and global_clipnorm, through SGD(learning_rate=1) and directly."""

from __future__ import annotations

import numpy as np
import pytest

import lamina
from lamina import ops, optimizers
from lamina.optimizers import gradient_clipping

RNG = np.random.default_rng(12)


def step(optimizer, gradients):
    variables = [lamina.Variable(np.zeros(np.shape(g), "float32")) for g in gradients]
    optimizer.apply([ops.convert_to_tensor(np.asarray(g, "float32")) for g in gradients], variables)
    return [-v.numpy() for v in variables]


@pytest.mark.parametrize("clipnorm", [0.5, 100.0])
def test_clipnorm_clips_each_gradient_by_its_norm(clipnorm):
    gradients = [RNG.normal(size=(2, 3)), RNG.normal(size=(4,))]
    applied = step(optimizers.SGD(learning_rate=1.0, clipnorm=clipnorm), gradients)
    for got, g in zip(applied, gradients):
        expected = g * clipnorm / max(np.linalg.norm(g), clipnorm)
        np.testing.assert_allclose(got, expected, rtol=1e-5)


@pytest.mark.parametrize("global_clipnorm", [0.5, 100.0])
def test_global_clipnorm_clips_all_gradients_together(global_clipnorm):
    gradients = [RNG.normal(size=(2, 3)), RNG.normal(size=(4,))]
    applied = step(optimizers.SGD(learning_rate=1.0, global_clipnorm=global_clipnorm), gradients)
    norm = np.sqrt(sum(np.sum(g**2) for g in gradients))
    for got, g in zip(applied, gradients):
        np.testing.assert_allclose(got, g * global_clipnorm / max(norm, global_clipnorm), rtol=1e-5)


def test_clipvalue_clips_element_wise():
    gradient = RNG.normal(size=(3, 3)) * 3
    (applied,) = step(optimizers.SGD(learning_rate=1.0, clipvalue=1.0), [gradient])
    np.testing.assert_allclose(applied, np.clip(gradient, -1.0, 1.0), rtol=1e-6)


def test_zero_gradients_stay_zero():
    zeros = ops.zeros((3,))
    assert ops.convert_to_numpy(gradient_clipping.clip_by_norm(zeros, 1.0)).tolist() == [0.0] * 3
    (clipped,) = gradient_clipping.clip_by_global_norm([zeros], 1.0)
    assert ops.convert_to_numpy(clipped).tolist() == [0.0] * 3


def test_global_norm():
    gradients = [RNG.normal(size=(2, 2)), RNG.normal(size=(3,))]
    expected = np.sqrt(sum(np.sum(g**2) for g in gradients))
    np.testing.assert_allclose(float(gradient_clipping.global_norm(gradients)), expected, rtol=1e-5)
