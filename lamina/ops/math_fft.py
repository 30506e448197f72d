"""Fourier transforms of `lamina.ops.math`: fft, fft2, rfft, irfft, stft and istft.

lamina has no complex dtype: as in Keras, a complex tensor is a `(real, imag)` tuple of two
float tensors of one shape, both as input and as output.
"""

from __future__ import annotations

from typing import Any

from lamina import backend
from lamina.backend.common import dtypes
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.ops.operation import lamina_op
from lamina.ops.shape_inference import Shape, dtype_of, float_dtype, shape_of, spec
from lamina.typing import Tensor

_b = backend.math

ComplexPair = tuple[Any, Any]
_WINDOWS = ("hann", "hamming")


def _complex_input(op_name: str, x: Any, min_rank: int) -> tuple[Shape, str]:
    """Validates a `(real, imag)` pair; returns its shape and the float dtype of the result."""
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise TypeError(
            f"{op_name}: x must be a tuple (real, imag) of two tensors, received {type(x).__name__}"
            + (f" of length {len(x)}." if isinstance(x, (tuple, list)) else ".")
        )
    real_shape, imag_shape = shape_of(x[0]), shape_of(x[1])
    if len(real_shape) != len(imag_shape) or any(
        None not in (r, i) and r != i for r, i in zip(real_shape, imag_shape)
    ):
        raise ValueError(
            f"{op_name}: the real and imaginary parts must have the same shape, received "
            f"{real_shape} and {imag_shape}."
        )
    if len(real_shape) < min_rank:
        raise ValueError(f"{op_name}: x must have rank >= {min_rank}, received shape {real_shape}.")
    shape = tuple(r if r is not None else i for r, i in zip(real_shape, imag_shape))
    dtype = float_dtype(dtypes.result_type(dtype_of(x[0]), dtype_of(x[1])))
    return shape, dtype


def _pair(shape: Shape, dtype: str) -> tuple[SymbolicTensor, SymbolicTensor]:
    return spec(shape, dtype), spec(shape, dtype)


def _fft_spec(x: ComplexPair) -> tuple[SymbolicTensor, SymbolicTensor]:
    return _pair(*_complex_input("fft", x, 1))


def _fft2_spec(x: ComplexPair) -> tuple[SymbolicTensor, SymbolicTensor]:
    return _pair(*_complex_input("fft2", x, 2))


@lamina_op(_fft_spec)
def fft(x: ComplexPair) -> tuple[Tensor, Tensor]:
    """Computes the discrete Fourier transform along the last axis.

    Args:
        x: A tuple `(real, imag)` of two float tensors of one shape `(..., N)`.

    Returns:
        A tuple `(real, imag)` of the transform, of shape `(..., N)`.

    Example:
        >>> import lamina
        >>> real, imag = lamina.ops.fft(([1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0]))
        >>> lamina.ops.convert_to_numpy(real).tolist(), lamina.ops.convert_to_numpy(imag).tolist()
        ([10.0, -2.0, -2.0, -2.0], [0.0, 2.0, 0.0, -2.0])
    """
    _fft_spec(x)  # Engines would broadcast mismatched parts, or take a (2, N) tensor.
    return _b.fft(x)


@lamina_op(_fft2_spec)
def fft2(x: ComplexPair) -> tuple[Tensor, Tensor]:
    """Computes the 2-D discrete Fourier transform over the last two axes.

    Args:
        x: A tuple `(real, imag)` of two float tensors of one shape `(..., M, N)`.

    Returns:
        A tuple `(real, imag)` of the transform, of shape `(..., M, N)`.

    Example:
        >>> import lamina
        >>> real, imag = lamina.ops.fft2(([[1.0, 2.0], [3.0, 4.0]], [[0.0, 0.0], [0.0, 0.0]]))
        >>> lamina.ops.convert_to_numpy(real).tolist()
        [[10.0, -2.0], [-4.0, 0.0]]
    """
    _fft2_spec(x)
    return _b.fft2(x)


def _rfft_spec(x: Any, fft_length: int | None = None) -> tuple[SymbolicTensor, SymbolicTensor]:
    shape = shape_of(x)
    if not shape:
        raise ValueError("rfft: x must have rank >= 1, received a scalar.")
    _check_length("rfft", "fft_length", fft_length, optional=True)
    length = shape[-1] if fft_length is None else fft_length
    bins = None if length is None else length // 2 + 1
    return _pair((*shape[:-1], bins), float_dtype(dtype_of(x)))


@lamina_op(_rfft_spec)
def rfft(x: Any, fft_length: int | None = None) -> tuple[Tensor, Tensor]:
    """Computes the discrete Fourier transform of a real signal along the last axis.

    Only the `fft_length // 2 + 1` non-negative frequencies are returned (the others are their
    complex conjugates).

    Args:
        x: A real tensor of shape `(..., N)`.
        fft_length: The transform length; `x` is cropped or zero-padded to it. Defaults to `N`.

    Returns:
        A tuple `(real, imag)` of shape `(..., fft_length // 2 + 1)`.

    Example:
        >>> import lamina
        >>> real, imag = lamina.ops.rfft([1.0, 2.0, 3.0, 4.0])
        >>> lamina.ops.convert_to_numpy(real).tolist(), lamina.ops.convert_to_numpy(imag).tolist()
        ([10.0, -2.0, -2.0], [0.0, 2.0, 0.0])
    """
    return _b.rfft(x, fft_length=fft_length)


def _irfft_spec(x: ComplexPair, fft_length: int | None = None) -> SymbolicTensor:
    shape, dtype = _complex_input("irfft", x, 1)
    _check_length("irfft", "fft_length", fft_length, optional=True)
    length = fft_length
    if length is None:
        length = None if shape[-1] is None else 2 * (shape[-1] - 1)
    return spec((*shape[:-1], length), dtype)


@lamina_op(_irfft_spec)
def irfft(x: ComplexPair, fft_length: int | None = None) -> Tensor:
    """Inverts `rfft`: returns the real signal whose non-negative frequencies are `x`.

    Args:
        x: A tuple `(real, imag)` of shape `(..., M)`.
        fft_length: The length of the output. Defaults to `2 * (M - 1)`.

    Returns:
        A real tensor of shape `(..., fft_length)`.

    Example:
        >>> import lamina
        >>> y = lamina.ops.irfft(([10.0, -2.0, -2.0], [0.0, 2.0, 0.0]))
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [1.0, 2.0, 3.0, 4.0]
    """
    _irfft_spec(x, fft_length)
    return _b.irfft(x, fft_length=fft_length)


def _check_length(op_name: str, name: str, value: Any, optional: bool = False) -> None:
    if optional and value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{op_name}: {name} must be a positive int, received {value!r}.")


def _check_frames(
    op_name: str, sequence_length: int, sequence_stride: int, fft_length: int, window: Any
) -> None:
    _check_length(op_name, "sequence_length", sequence_length)
    _check_length(op_name, "sequence_stride", sequence_stride)
    _check_length(op_name, "fft_length", fft_length)
    if fft_length < sequence_length:
        raise ValueError(
            f"{op_name}: fft_length ({fft_length}) must be >= sequence_length ({sequence_length})."
        )
    if isinstance(window, str):
        if window not in _WINDOWS:
            raise ValueError(
                f"{op_name}: window must be one of {_WINDOWS}, a tensor or None, "
                f"received {window!r}."
            )
    elif window is not None and shape_of(window) != (sequence_length,):
        raise ValueError(
            f"{op_name}: a window tensor must have shape ({sequence_length},) "
            f"(sequence_length,), received shape {shape_of(window)}."
        )


def _stft_spec(
    x: Any,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    window: Any = "hann",
    center: bool = True,
) -> tuple[SymbolicTensor, SymbolicTensor]:
    _check_frames("stft", sequence_length, sequence_stride, fft_length, window)
    shape = shape_of(x)
    if not shape:
        raise ValueError("stft: x must have rank >= 1, received a scalar.")
    size = shape[-1]
    if size is not None and center and size <= fft_length // 2:
        raise ValueError(
            f"stft: with center=True the last axis of x must be longer than fft_length // 2 "
            f"= {fft_length // 2} (reflection padding), received shape {shape}."
        )
    if size is not None and center:
        size += 2 * (fft_length // 2)
    if size is not None and size < fft_length:
        raise ValueError(
            f"stft: the last axis of x (shape {shape}) is shorter than fft_length={fft_length}."
        )
    frames = None if size is None else 1 + (size - fft_length) // sequence_stride
    return _pair((*shape[:-1], frames, fft_length // 2 + 1), float_dtype(dtype_of(x)))


@lamina_op(_stft_spec)
def stft(
    x: Any,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    window: str | Any | None = "hann",
    center: bool = True,
) -> tuple[Tensor, Tensor]:
    """Computes the short-time Fourier transform along the last axis.

    Each frame of `sequence_length` samples is multiplied by the window, zero-padded on both
    sides to `fft_length` and transformed with `rfft`.

    Args:
        x: A real tensor of shape `(..., N)`.
        sequence_length: The length of each frame (and of the window).
        sequence_stride: The step between the starts of consecutive frames.
        fft_length: The transform length, `>= sequence_length`.
        window: `"hann"`, `"hamming"` (periodic windows), a tensor of shape
            `(sequence_length,)`, or None for no window.
        center: Whether to pad `x` by `fft_length // 2` on both sides (reflection padding) so
            that frame `t` is centred at `t * sequence_stride`.

    Returns:
        A tuple `(real, imag)` of shape `(..., num_frames, fft_length // 2 + 1)`.

    Example:
        >>> import lamina
        >>> real, imag = lamina.ops.stft([0.0, 1.0, 2.0, 3.0, 4.0], 3, 2, 3)
        >>> lamina.ops.shape(real), lamina.ops.convert_to_numpy(real)[:, 0].tolist()
        ((3, 2), [0.75, 3.75, 5.25])
    """
    _stft_spec(x, sequence_length, sequence_stride, fft_length, window, center)
    return _b.stft(x, sequence_length, sequence_stride, fft_length, window=window, center=center)


def _istft_spec(
    x: ComplexPair,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    length: int | None = None,
    window: Any = "hann",
    center: bool = True,
) -> SymbolicTensor:
    _check_frames("istft", sequence_length, sequence_stride, fft_length, window)
    _check_length("istft", "length", length, optional=True)
    shape, dtype = _complex_input("istft", x, 2)
    if shape[-1] is not None and shape[-1] != fft_length // 2 + 1:
        raise ValueError(
            f"istft: x must have fft_length // 2 + 1 = {fft_length // 2 + 1} frequency bins "
            f"in its last axis, received shape {shape}."
        )
    frames = shape[-2]
    size = length
    if size is None and frames is not None:
        size = fft_length + sequence_stride * (frames - 1)
        if center:
            size -= 2 * (fft_length // 2)
    return spec((*shape[:-2], size), dtype)


@lamina_op(_istft_spec)
def istft(
    x: ComplexPair,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    length: int | None = None,
    window: str | Any | None = "hann",
    center: bool = True,
) -> Tensor:
    """Inverts `stft`: overlap-adds the windowed inverse transforms of the frames.

    Pass the arguments that produced `x` with `stft` to recover the signal.

    Args:
        x: A tuple `(real, imag)` of shape `(..., num_frames, fft_length // 2 + 1)`.
        sequence_length: The frame length used by `stft`.
        sequence_stride: The frame step used by `stft`.
        fft_length: The transform length used by `stft`.
        length: The length of the output: cropped or zero-padded to it. Defaults to
            everything the frames cover (less the `center` padding).
        window: The window used by `stft`: `"hann"`, `"hamming"`, a tensor, or None.
        center: Whether `stft` padded the signal (`center=True`); the padding is removed.

    Returns:
        A real tensor of shape `(..., length)`.

    Example:
        >>> import lamina
        >>> x = [0.0, 1.0, 2.0, 3.0, 4.0]
        >>> y = lamina.ops.istft(lamina.ops.stft(x, 1, 1, 1), 1, 1, 1)
        >>> lamina.ops.convert_to_numpy(y).tolist()
        [0.0, 1.0, 2.0, 3.0, 4.0]
    """
    _istft_spec(x, sequence_length, sequence_stride, fft_length, length, window, center)
    return _b.istft(
        x,
        sequence_length,
        sequence_stride,
        fft_length,
        length=length,
        window=window,
        center=center,
    )
