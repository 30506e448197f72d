"""MobileNetV2 (Sandler et al., "MobileNetV2: Inverted Residuals and Linear Bottlenecks",
CVPR 2018), with the layer names of Keras's `keras.applications.mobilenet_v2`."""

from __future__ import annotations

import warnings
from typing import Any

from lamina import backend, layers
from lamina.applications import imagenet_utils, model_assembly
from lamina.applications.imagenet_utils import decode_predictions as decode_predictions

__all__ = ["MobileNetV2", "decode_predictions", "preprocess_input"]

_WEIGHTS_URL = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/"
_IMAGENET_ALPHAS = (0.35, 0.5, 0.75, 1.0, 1.3, 1.4)
_IMAGENET_SIZES = (96, 128, 160, 192, 224)
# (filters, stride, expansion) of the 17 inverted residual blocks, block_id 0 to 16.
_BLOCKS = (
    [(16, 1, 1)]
    + [(24, 2, 6), (24, 1, 6)]
    + [(32, 2, 6)] + [(32, 1, 6)] * 2
    + [(64, 2, 6)] + [(64, 1, 6)] * 3
    + [(96, 1, 6)] * 3
    + [(160, 2, 6)] + [(160, 1, 6)] * 2
    + [(320, 1, 6)]
)  # fmt: skip


def MobileNetV2(  # noqa: N802 - Keras's name
    input_shape: tuple | None = None,
    alpha: float = 1.0,
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str | None = None,
) -> Any:
    """Builds MobileNetV2: 17 inverted residual blocks (1x1 expansion, 3x3 depthwise, 1x1
    linear projection) between a 3x3 stem and a 1x1 head convolution.

    Inputs are images in [0, 255] passed through `mobilenet_v2.preprocess_input` (scaled to
    [-1, 1]). The default input size is 224x224; ImageNet weights exist for square inputs
    of 96, 128, 160, 192 or 224 pixels (others load the 224 weights, with a warning).

    Args:
        input_shape: Image shape without the batch axis, e.g. `(160, 160, 3)`; height and
            width at least 32. Default: from `input_tensor`, else `(224, 224, 3)`.
        alpha: Width multiplier: each layer's filters are scaled by it (0.35, 0.5, 0.75,
            1.0, 1.3 or 1.4 with ImageNet weights).
        include_top: Whether to end with global average pooling and the `predictions`
            dense layer.
        weights: None (random initialization), `"imagenet"` (downloads Keras's ImageNet
            weights once) or the path of a weights file to load.
        input_tensor: Optional symbolic tensor (from `lamina.Input()`) to use as the image.
        pooling: Without the top: None (4D feature map), `"avg"` or `"max"` (global
            pooling to a 2D output).
        classes: Number of classes of the top (1000 with ImageNet weights).
        classifier_activation: Activation of `predictions`; None gives logits. Only None
            or `"softmax"` with pretrained weights.
        name: The model's name; default `mobilenetv2_<alpha>_<rows>`.

    Returns:
        A Functional `Model`.

    Example:
        >>> import lamina
        >>> model = lamina.applications.MobileNetV2(
        ...     input_shape=(32, 32, 3), alpha=0.35, weights=None, classes=10
        ... )
        >>> model.name, model.output_shape, model.count_params()
        ('mobilenetv2_0.35_32', (None, 10), 423018)
    """
    label = name or "MobileNetV2"
    model_assembly.check_arguments(
        label, weights, include_top, classes, classifier_activation, pooling
    )
    input_shape = _input_shape(input_shape, input_tensor, include_top, weights, label)
    last = backend.image_data_format() == "channels_last"
    rows, cols = input_shape[:2] if last else input_shape[1:]
    if weights == "imagenet":
        rows = _imagenet_rows(alpha, rows, cols)
    img_input = model_assembly.image_input(input_tensor, input_shape, label)
    x = _body(img_input, alpha)
    x = model_assembly.add_top(
        x, include_top, pooling, classes, classifier_activation, (None, None)
    )
    name = name or f"mobilenetv2_{alpha:0.2f}_{rows}"
    suffix = "" if include_top else "_no_top"
    file_name = f"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_{float(alpha)}_{rows}{suffix}.h5"
    imagenet_file = (file_name, f"{_WEIGHTS_URL}{file_name}", None)
    return model_assembly.build_model(input_tensor, img_input, x, name, weights, imagenet_file)


def _input_shape(
    input_shape: tuple | None, input_tensor: Any, include_top: bool, weights: Any, label: str
) -> tuple:
    """The checked input shape; its default size is the input's own when it is a square
    size ImageNet weights exist for, else 224."""
    last = backend.image_data_format() == "channels_last"
    known = input_shape
    if known is None and input_tensor is not None:
        known = tuple(input_tensor.shape)[1:]
    default_size = 224
    if known is not None and len(known) == 3:
        rows, cols = known[:2] if last else known[1:]
        if rows == cols and rows in _IMAGENET_SIZES:
            default_size = rows
    if input_shape is not None and input_tensor is not None:
        given = tuple(input_tensor.shape)[1:]
        if tuple(given) != tuple(input_shape):
            raise ValueError(
                f"{label}: input_shape {tuple(input_shape)} differs from input_tensor's shape "
                f"{given} (batch axis excluded). Pass one of them, or make them agree."
            )
    return imagenet_utils.obtain_input_shape(
        input_shape, default_size, 32, backend.image_data_format(), include_top, weights, label
    )


def _imagenet_rows(alpha: float, rows: Any, cols: Any) -> int:
    if alpha not in _IMAGENET_ALPHAS:
        raise ValueError(
            "MobileNetV2: ImageNet weights exist only for alpha in 0.35, 0.5, 0.75, 1.0, 1.3 "
            f"or 1.4, received alpha={alpha}."
        )
    if rows != cols or rows not in _IMAGENET_SIZES:
        warnings.warn(
            "MobileNetV2: the input is not square or its size is not one of 96, 128, 160, "
            "192 or 224; the weights for 224x224 inputs are loaded.",
            stacklevel=3,
        )
        return 224
    return int(rows)


def _body(img_input: Any, alpha: float) -> Any:
    axis = -1 if backend.image_data_format() == "channels_last" else 1
    stem_filters = _make_divisible(32 * alpha, 8)
    x = layers.Conv2D(stem_filters, 3, strides=2, padding="same", use_bias=False, name="Conv1")(
        img_input
    )
    x = layers.BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999, name="bn_Conv1")(x)
    x = layers.ReLU(6.0, name="Conv1_relu")(x)
    for block_id, (filters, stride, expansion) in enumerate(_BLOCKS):
        x = _inverted_res_block(x, expansion, stride, alpha, filters, block_id)
    head_filters = _make_divisible(1280 * alpha, 8) if alpha > 1.0 else 1280
    x = layers.Conv2D(head_filters, 1, use_bias=False, name="Conv_1")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999, name="Conv_1_bn")(x)
    return layers.ReLU(6.0, name="out_relu")(x)


def _inverted_res_block(
    inputs: Any, expansion: int, stride: int, alpha: float, filters: int, block_id: int
) -> Any:
    axis = -1 if backend.image_data_format() == "channels_last" else 1
    in_channels = inputs.shape[axis]
    out_channels = _make_divisible(int(filters * alpha), 8)
    prefix = f"block_{block_id}_" if block_id else "expanded_conv_"
    x = inputs
    if block_id:
        x = layers.Conv2D(
            expansion * in_channels, 1, padding="same", use_bias=False, name=f"{prefix}expand"
        )(x)
        x = _batch_norm(x, axis, f"{prefix}expand_BN")
        x = layers.ReLU(6.0, name=f"{prefix}expand_relu")(x)
    if stride == 2:
        padding = imagenet_utils.correct_pad(x, 3)
        x = layers.ZeroPadding2D(padding=padding, name=f"{prefix}pad")(x)
    x = layers.DepthwiseConv2D(
        3,
        strides=stride,
        use_bias=False,
        padding="same" if stride == 1 else "valid",
        name=f"{prefix}depthwise",
    )(x)
    x = _batch_norm(x, axis, f"{prefix}depthwise_BN")
    x = layers.ReLU(6.0, name=f"{prefix}depthwise_relu")(x)
    x = layers.Conv2D(out_channels, 1, padding="same", use_bias=False, name=f"{prefix}project")(x)
    x = _batch_norm(x, axis, f"{prefix}project_BN")
    if in_channels == out_channels and stride == 1:
        return layers.Add(name=f"{prefix}add")([inputs, x])
    return x


def _batch_norm(x: Any, axis: int, name: str) -> Any:
    return layers.BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999, name=name)(x)


def _make_divisible(value: float, divisor: int) -> int:
    """`value` rounded to the nearest multiple of `divisor` (at least `divisor`), but not
    more than 10% below `value`."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * value:
        rounded += divisor
    return rounded


def preprocess_input(x: Any, data_format: str | None = None) -> Any:
    """Prepares RGB images in [0, 255] for MobileNetV2: scaled to [-1, 1]
    (`imagenet_utils.preprocess_input` with mode `"tf"`).

    Args:
        x: A 3D or 4D NumPy array or tensor (a float NumPy array is changed in place).
        data_format: `"channels_last"` or `"channels_first"`; default the global setting.

    Returns:
        The preprocessed images.

    Example:
        >>> import numpy as np
        >>> from lamina.applications import mobilenet_v2
        >>> mobilenet_v2.preprocess_input(np.array([[[[0.0, 127.5, 255.0]]]])).tolist()
        [[[[-1.0, 0.0, 1.0]]]]
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")
