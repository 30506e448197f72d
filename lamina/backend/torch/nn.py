"""Torch backend: activations, softmax, losses, encodings and normalization.

Activations and softmax go straight to torch's fused kernels (`torch.nn.functional`).
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from lamina.backend.common import dtypes
from lamina.backend.common.config import epsilon as _epsilon
from lamina.backend.common.config import floatx
from lamina.backend.torch.core import convert_to_tensor, to_engine_dtype

_HALF = (torch.float16, torch.bfloat16)


def _float(x: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    return x if x.is_floating_point() else x.to(to_engine_dtype(floatx()))


def _dims(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


def relu(x: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    return torch.relu(x if x.dtype != torch.bool else _float(x))


def relu6(x: Any) -> torch.Tensor:
    x = convert_to_tensor(x)
    if x.is_floating_point():
        return F.relu6(x)
    if x.dtype == torch.bool:
        return F.relu6(_float(x))
    return torch.clamp(x, 0, 6)


def sigmoid(x: Any) -> torch.Tensor:
    return torch.sigmoid(_float(x))


def log_sigmoid(x: Any) -> torch.Tensor:
    return F.logsigmoid(_float(x))


def softplus(x: Any) -> torch.Tensor:
    return F.softplus(_float(x))


def softsign(x: Any) -> torch.Tensor:
    return F.softsign(_float(x))


def silu(x: Any) -> torch.Tensor:
    return F.silu(_float(x))


def hard_sigmoid(x: Any) -> torch.Tensor:
    return F.hardsigmoid(_float(x))


def hard_silu(x: Any) -> torch.Tensor:
    return F.hardswish(_float(x))


def leaky_relu(x: Any, negative_slope: float = 0.2) -> torch.Tensor:
    return F.leaky_relu(_float(x), negative_slope=negative_slope)


def elu(x: Any, alpha: float = 1.0) -> torch.Tensor:
    return F.elu(_float(x), alpha=alpha)


def selu(x: Any) -> torch.Tensor:
    return F.selu(_float(x))


def celu(x: Any, alpha: float = 1.0) -> torch.Tensor:
    return F.celu(_float(x), alpha=alpha)


def gelu(x: Any, approximate: bool = True) -> torch.Tensor:
    return F.gelu(_float(x), approximate="tanh" if approximate else "none")


def mish(x: Any) -> torch.Tensor:
    return F.mish(_float(x))


def tanh_shrink(x: Any) -> torch.Tensor:
    return F.tanhshrink(_float(x))


def glu(x: Any, axis: int = -1) -> torch.Tensor:
    return F.glu(_float(x), dim=axis)


def _log_softmax(x: torch.Tensor, axis: Any) -> torch.Tensor:
    if isinstance(axis, int):
        return F.log_softmax(x, dim=axis)
    return x - torch.logsumexp(x, dim=_dims(axis), keepdim=True)


def softmax(x: Any, axis: Any = -1) -> torch.Tensor:
    x = _float(x)
    if isinstance(axis, int):
        return F.softmax(x, dim=axis)
    return torch.exp(_log_softmax(x, axis))


def log_softmax(x: Any, axis: Any = -1) -> torch.Tensor:
    return _log_softmax(_float(x), axis)


def one_hot(x: Any, num_classes: int, axis: int = -1, dtype: Any = None) -> torch.Tensor:
    x = convert_to_tensor(x)
    if x.is_floating_point() or x.dtype == torch.bool:
        raise TypeError("one_hot expects integer labels")
    classes = torch.arange(num_classes, device=x.device)
    # A comparison (not F.one_hot) so that out-of-range labels give zeros, as on every backend.
    encoded = x.unsqueeze(-1) == classes
    if axis != -1:
        encoded = torch.movedim(encoded, -1, axis)
    return encoded.to(to_engine_dtype(dtype))


def multi_hot(inputs: Any, num_classes: int, axis: int = -1, dtype: Any = None) -> torch.Tensor:
    encoded = one_hot(inputs, num_classes, axis=axis, dtype="bool")
    reduced = torch.any(encoded, dim=1 if encoded.ndim > 2 else 0)
    return reduced.to(to_engine_dtype(dtype))


def _loss_inputs(target: Any, output: Any) -> tuple[torch.Tensor, torch.Tensor, torch.dtype]:
    """Returns target and output in the dtype to compute in, and the result dtype.

    float16 and bfloat16 compute in float32: `1 - epsilon()` rounds to 1 in half precision,
    which would make the clipped log infinite.
    """
    target, output = convert_to_tensor(target), convert_to_tensor(output)
    if target.shape != output.shape:
        raise ValueError("target and output shapes differ")
    dtype = output.dtype
    if target.dtype != dtype or not output.is_floating_point():
        name = dtypes.result_type(str(target.dtype)[6:], str(dtype)[6:])
        dtype = to_engine_dtype(name if name in dtypes.FLOAT_TYPES else floatx())
    compute = torch.float32 if dtype in _HALF else dtype
    return target.to(compute), output.to(compute), dtype


def binary_crossentropy(target: Any, output: Any, from_logits: bool = False) -> torch.Tensor:
    target, output, dtype = _loss_inputs(target, output)
    if from_logits:
        return F.binary_cross_entropy_with_logits(output, target, reduction="none").to(dtype)
    eps = _epsilon()
    output = torch.clamp(output, eps, 1 - eps)
    loss = -(target * torch.log(output) + (1 - target) * torch.log1p(-output))
    return loss.to(dtype)


def _log_probabilities(output: torch.Tensor, from_logits: bool, axis: int) -> torch.Tensor:
    if from_logits:
        return F.log_softmax(output, dim=axis)
    output = output / torch.sum(output, dim=axis, keepdim=True)
    eps = _epsilon()
    return torch.log(torch.clamp(output, eps, 1 - eps))


def categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> torch.Tensor:
    target, output, dtype = _loss_inputs(target, output)
    loss = -torch.sum(target * _log_probabilities(output, from_logits, axis), dim=axis)
    return loss.to(dtype)


def sparse_categorical_crossentropy(
    target: Any, output: Any, from_logits: bool = False, axis: int = -1
) -> torch.Tensor:
    target, output = convert_to_tensor(target), _float(output)
    dtype = output.dtype
    if dtype in _HALF:
        output = output.to(torch.float32)
    axis = axis % output.ndim
    if target.ndim == output.ndim and target.shape[-1:] == (1,):
        target = target.squeeze(-1)
    if target.shape != output.shape[:axis] + output.shape[axis + 1 :]:
        raise ValueError("target shape does not match output")
    log_probabilities = _log_probabilities(output, from_logits, axis)
    if output.ndim > 1:  # nll_loss: one fused kernel (and one backward), classes on axis 1.
        if axis != 1:
            log_probabilities = log_probabilities.movedim(axis, 1)
        target = target if target.dtype == torch.int64 else target.to(torch.int64)
        loss = F.nll_loss(log_probabilities, target, reduction="none")
        return loss if loss.dtype == dtype else loss.to(dtype)
    index = target.to(torch.int64).unsqueeze(axis)
    return -torch.gather(log_probabilities, axis, index).squeeze(axis).to(dtype)


def moments(x: Any, axes: Any, keepdims: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    x = _float(x)
    dtype = x.dtype
    if dtype in _HALF:
        x = x.to(torch.float32)
    if x.numel() == 0:
        # var_mean warns about empty reductions; the plain form gives the same (empty or nan).
        mean = torch.mean(x, dim=_dims(axes), keepdim=True)
        variance = torch.mean(torch.square(x - mean), dim=_dims(axes), keepdim=keepdims)
        mean = mean if keepdims else torch.squeeze(mean, _dims(axes))
    else:
        variance, mean = torch.var_mean(x, dim=_dims(axes), correction=0, keepdim=keepdims)
    return mean.to(dtype), variance.to(dtype)


def normalize(x: Any, axis: Any = -1, order: int = 2, epsilon: float = 1e-7) -> torch.Tensor:
    x = _float(x)
    if isinstance(axis, int):
        return F.normalize(x, p=order, dim=axis, eps=epsilon)
    norm = torch.linalg.vector_norm(x, ord=order, dim=_dims(axis), keepdim=True)
    return x / torch.clamp(norm, min=epsilon)


def batch_normalization(
    x: Any,
    mean: Any,
    variance: Any,
    axis: int,
    offset: Any = None,
    scale: Any = None,
    epsilon: float = 1e-3,
) -> torch.Tensor:
    x = _float(x)
    mean, variance = _float(mean), _float(variance)
    # Fold the parameters into one multiply-add, in the parameters' (usually wider) dtype.
    inverse = torch.rsqrt(variance + epsilon)
    if scale is not None:
        inverse = inverse * _float(scale)
    shift = -mean * inverse
    if offset is not None:
        shift = shift + _float(offset)
    broadcast = [1] * x.ndim
    broadcast[axis] = -1
    inverse = inverse.to(x.dtype).reshape(broadcast)
    shift = shift.to(x.dtype).reshape(broadcast)
    return torch.addcmul(shift, x, inverse)


def ctc_loss(
    target: Any, output: Any, target_length: Any, output_length: Any, mask_index: int = 0
) -> torch.Tensor:
    target = convert_to_tensor(target).to(torch.int64)
    output = _float(output)
    dtype = output.dtype
    # torch's CTC kernels run in float32 and float64 only.
    log_probabilities = F.log_softmax(output.to(torch.float32) if dtype in _HALF else output, -1)
    loss = F.ctc_loss(
        log_probabilities.transpose(0, 1),
        target,
        convert_to_tensor(output_length).to(torch.int64),
        convert_to_tensor(target_length).to(torch.int64),
        blank=mask_index,
        reduction="none",
    )
    return loss.to(dtype)
