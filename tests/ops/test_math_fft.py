"""lamina.ops.math Fourier transforms against NumPy and SciPy (fft, rfft, stft and inverses)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import signal

import lamina
from lamina import ops
from tests.support.op_check import check_gradient, check_op

RNG = np.random.default_rng(0)
# FFT sums many terms: float32 results near zero need an absolute tolerance.
TOLERANCE = {"float32": {"rtol": 1e-4, "atol": 1e-4}, "float64": {}}


def _parts(z, dtype):
    return np.real(z).astype(dtype), np.imag(z).astype(dtype)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", [(8,), (2, 3, 5), (0, 2, 4)])
def test_fft_and_fft2_match_numpy(dtype, shape):
    real = RNG.normal(size=shape).astype(dtype)
    imag = RNG.normal(size=shape).astype(dtype)
    check_op(
        ops.fft,
        [(real, imag)],
        lambda x: _parts(np.fft.fft(x[0] + 1j * x[1]), dtype),
        expected_dtype=dtype,
        **TOLERANCE[dtype],
    )
    if len(shape) >= 2:
        check_op(
            ops.fft2,
            [(real, imag)],
            lambda x: _parts(np.fft.fft2(x[0] + 1j * x[1]), dtype),
            expected_dtype=dtype,
            **TOLERANCE[dtype],
        )


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize(("shape", "fft_length"), [((8,), None), ((2, 7), 10), ((3, 9), 4)])
def test_rfft_and_irfft_match_numpy(dtype, shape, fft_length):
    x = RNG.normal(size=shape).astype(dtype)
    check_op(
        ops.rfft,
        [x],
        lambda a, fft_length: _parts(np.fft.rfft(a, n=fft_length), dtype),
        kwargs={"fft_length": fft_length},
        expected_dtype=dtype,
        **TOLERANCE[dtype],
    )
    spectrum = _parts(np.fft.rfft(x), dtype)
    check_op(
        ops.irfft,
        [spectrum],
        lambda z, fft_length: np.fft.irfft(z[0] + 1j * z[1], n=fft_length),
        kwargs={"fft_length": fft_length},
        expected_dtype=dtype,
        **TOLERANCE[dtype],
    )


def test_fft_of_half_precision_keeps_the_dtype():
    x = RNG.normal(size=(6,)).astype("float16")
    real, imag = ops.rfft(x)
    assert ops.dtype(real) == ops.dtype(imag) == "float16"
    np.testing.assert_allclose(ops.convert_to_numpy(real), np.fft.rfft(x).real, atol=1e-2)


def _window(window, sequence_length, fft_length):
    """NumPy reference: the periodic window, centred in fft_length by zero padding."""
    if window is None:
        values = np.ones(sequence_length)
    elif isinstance(window, str):
        values = signal.get_window(window, sequence_length)
    else:
        values = np.asarray(window, dtype=np.float64)
    left = (fft_length - sequence_length) // 2
    return np.pad(values, (left, fft_length - sequence_length - left))


def _stft_reference(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    x = x.astype(np.float64)
    if center:
        pad = [(0, 0)] * (x.ndim - 1) + [(fft_length // 2, fft_length // 2)]
        x = np.pad(x, pad, mode="reflect")
    count = 1 + (x.shape[-1] - fft_length) // sequence_stride
    win = _window(window, sequence_length, fft_length)
    frames = [x[..., t * sequence_stride : t * sequence_stride + fft_length] for t in range(count)]
    spectrum = np.fft.rfft(np.stack(frames, axis=-2) * win, n=fft_length)
    return _parts(spectrum, np.float64)


STFT_CASES = [
    ((20,), 8, 4, 8, "hann", True),
    ((2, 33), 6, 3, 8, "hamming", True),
    ((3, 16), 5, 2, 7, None, False),
    ((16,), 4, 4, 4, "hann", False),
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize(
    ("shape", "length", "stride", "fft_length", "window", "center"), STFT_CASES
)
def test_stft_matches_numpy(dtype, shape, length, stride, fft_length, window, center):
    x = RNG.normal(size=shape).astype(dtype)
    kwargs = {"window": window, "center": center}
    check_op(
        ops.stft,
        [x, length, stride, fft_length],
        _stft_reference,
        kwargs=kwargs,
        expected_dtype=dtype,
        **TOLERANCE[dtype],
    )


def test_stft_matches_scipy():
    x = RNG.normal(size=(2, 40))
    length, stride, fft_length = 10, 4, 16
    win = _window("hann", length, fft_length)
    # SciPy scales by 1 / sum(window) and puts time last; lamina does neither (as Keras).
    _, _, expected = signal.stft(
        x,
        window=win,
        nperseg=fft_length,
        noverlap=fft_length - stride,
        nfft=fft_length,
        boundary=None,
        padded=False,
    )
    expected = np.swapaxes(expected * win.sum(), -1, -2)
    real, imag = ops.stft(x, length, stride, fft_length, center=False)
    np.testing.assert_allclose(ops.convert_to_numpy(real), expected.real, atol=1e-10)
    np.testing.assert_allclose(ops.convert_to_numpy(imag), expected.imag, atol=1e-10)


def test_stft_with_a_window_tensor():
    x = RNG.normal(size=(24,)).astype("float32")
    window = RNG.uniform(0.5, 1.0, (6,)).astype("float32")
    check_op(
        ops.stft,
        [x, 6, 3, 8],
        lambda *a, window, center: _stft_reference(*a, window=window, center=center),
        kwargs={"window": window, "center": True},
        check_symbolic=False,
        **TOLERANCE["float32"],
    )


def _istft_reference(z, length, stride, fft_length, size=None, window="hann", center=True):
    frames = np.fft.irfft(z[0] + 1j * z[1], n=fft_length) * _window(window, length, fft_length)
    count = frames.shape[-2]
    total = fft_length + stride * (count - 1)
    out = np.zeros((*frames.shape[:-2], total))
    envelope = np.zeros(total)
    for t in range(count):
        out[..., t * stride : t * stride + fft_length] += frames[..., t, :]
        envelope[t * stride : t * stride + fft_length] += _window(window, length, fft_length) ** 2
    out = np.where(envelope > 1e-11, out / np.maximum(envelope, 1e-11), out)
    start = fft_length // 2 if center else 0
    out = out[..., start : total - start] if size is None else out[..., start : start + size]
    if size is not None and out.shape[-1] < size:
        out = np.pad(out, [(0, 0)] * (out.ndim - 1) + [(0, size - out.shape[-1])])
    return out


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize(
    ("shape", "length", "stride", "fft_length", "window", "center"), STFT_CASES
)
def test_istft_matches_numpy(dtype, shape, length, stride, fft_length, window, center):
    spectrum = _stft_reference(RNG.normal(size=shape), length, stride, fft_length, window, center)
    spectrum = tuple(part.astype(dtype) for part in spectrum)
    check_op(
        ops.istft,
        [spectrum, length, stride, fft_length],
        _istft_reference,
        kwargs={"window": window, "center": center},
        expected_dtype=dtype,
        **TOLERANCE[dtype],
    )


@pytest.mark.parametrize("size", [None, 30, 50])
def test_istft_inverts_stft(size):
    x = RNG.normal(size=(2, 40))
    spectrum = ops.stft(x, 16, 4, 16)
    y = ops.convert_to_numpy(ops.istft(spectrum, 16, 4, 16, length=size))
    assert y.shape == (2, 40 if size is None else size)
    # Past the signal's end the frames still hold the reflection padding, then zeros.
    np.testing.assert_allclose(y[:, :40], x[:, : y.shape[1]], atol=1e-10)
    if size == 50:
        np.testing.assert_allclose(y[:, 40:48], x[:, -2:-10:-1], atol=1e-10)
        np.testing.assert_array_equal(y[:, 48:], 0.0)


def test_rfft_gradient():
    check_gradient(lambda x: ops.rfft(x)[0], [RNG.normal(size=(2, 6))])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (
            lambda: ops.fft(np.ones((2, 4))),
            TypeError,
            "fft: x must be a tuple .real, imag. of two tensors, received ndarray",
        ),
        (
            lambda: ops.fft((np.ones(3), np.ones(3), np.ones(3))),
            TypeError,
            "fft: x must be a tuple .* of length 3",
        ),
        (
            lambda: ops.fft((np.ones((2, 3)), np.ones(3))),
            ValueError,
            r"fft: the real and imaginary parts must have the same shape, received \(2, 3\) and "
            r"\(3,\)",
        ),
        (
            lambda: ops.fft2((np.ones(3), np.ones(3))),
            ValueError,
            r"fft2: x must have rank >= 2, received shape \(3,\)",
        ),
        (lambda: ops.rfft(np.float32(1.0)), ValueError, "rfft: x must have rank >= 1"),
        (
            lambda: ops.rfft(np.ones(4), fft_length=0),
            ValueError,
            "rfft: fft_length must be a positive int, received 0",
        ),
        (
            lambda: ops.irfft((np.ones(3), np.ones(3)), fft_length=-2),
            ValueError,
            "irfft: fft_length must be a positive int",
        ),
        (
            lambda: ops.stft(np.ones(20), 8, 4, 6),
            ValueError,
            r"stft: fft_length \(6\) must be >= sequence_length \(8\)",
        ),
        (
            lambda: ops.stft(np.ones(20), 8, 4, 8, window="blackman"),
            ValueError,
            "stft: window must be one of .'hann', 'hamming'., a tensor or None, received "
            "'blackman'",
        ),
        (
            lambda: ops.stft(np.ones(20), 8, 4, 8, window=np.ones(5)),
            ValueError,
            r"stft: a window tensor must have shape \(8,\) \(sequence_length,\), received shape "
            r"\(5,\)",
        ),
        (lambda: ops.stft(np.float32(1.0), 4, 2, 4), ValueError, "stft: x must have rank >= 1"),
        (
            lambda: ops.stft(np.ones(4), 8, 4, 8),
            ValueError,
            r"stft: with center=True the last axis of x must be longer than fft_length // 2 = 4",
        ),
        (
            lambda: ops.stft(np.ones(5), 8, 4, 8, center=False),
            ValueError,
            r"stft: the last axis of x \(shape \(5,\)\) is shorter than fft_length=8",
        ),
        (
            lambda: ops.stft(np.ones(20), 8, 0, 8),
            ValueError,
            "stft: sequence_stride must be a positive int, received 0",
        ),
        (
            lambda: ops.istft((np.ones((3, 4)), np.ones((3, 4))), 8, 4, 8),
            ValueError,
            r"istft: x must have fft_length // 2 \+ 1 = 5 frequency bins in its last axis, "
            r"received shape \(3, 4\)",
        ),
        (
            lambda: ops.istft((np.ones(5), np.ones(5)), 8, 4, 8),
            ValueError,
            r"istft: x must have rank >= 2, received shape \(5,\)",
        ),
        (
            lambda: ops.istft((np.ones((3, 5)), np.ones((3, 5))), 8, 4, 8, length=0),
            ValueError,
            "istft: length must be a positive int, received 0",
        ),
    ],
)
def test_fft_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_fft_specs_keep_unknown_dims():
    x = lamina.SymbolicTensor((None, 3, None))
    real, imag = ops.fft((x, x))
    assert real.shape == imag.shape == (None, 3, None)
    assert ops.rfft(x)[0].shape == (None, 3, None)
    assert ops.irfft((x, x), fft_length=8).shape == (None, 3, 8)
    assert ops.stft(x, 4, 2, 4)[0].shape == (None, 3, None, 3)
