"""The jax backend's eager fills: a shape asked for repeatedly gets a compiled fill, and every
call still returns a new array (safe to donate to a jitted step)."""

from __future__ import annotations

import numpy as np
import pytest

import lamina

pytestmark = pytest.mark.skipif(
    lamina.backend.backend() != "jax", reason="the compiled fills belong to the jax backend"
)


def test_repeated_fills_compile_once_and_return_new_buffers():
    import jax

    from lamina.backend.jax import creation

    shape = (3, 5)
    key = (shape, 1, np.dtype("float32"))
    creation._compiled_fills.pop(key, None)
    creation._fill_requests.pop(key, None)
    arrays = [lamina.ops.ones(shape, "float32") for _ in range(5)]
    assert key in creation._compiled_fills  # Compiled after the first requests.
    for array in arrays:
        np.testing.assert_array_equal(np.asarray(array), np.ones(shape, "float32"))
        assert array.dtype == np.float32
    donate = jax.jit(lambda value: value * 2, donate_argnums=0)
    donate(arrays[-1])
    donate(arrays[-2])
    # The donated buffers were the last two calls' own: the others stay readable.
    assert np.asarray(arrays[0]).sum() == 15.0
    assert np.asarray(lamina.ops.ones(shape, "float32")).sum() == 15.0
    zeros = lamina.ops.zeros((2,), "int32")
    assert zeros.dtype == np.int32 and np.asarray(zeros).tolist() == [0, 0]
