"""ResNet50V2, ResNet101V2 and ResNet152V2 (He et al., "Identity Mappings in Deep Residual
Networks", ECCV 2016), with the layer names of Keras's `keras.applications.resnet_v2`."""

from __future__ import annotations

from typing import Any

from lamina import layers
from lamina.applications import imagenet_utils, model_assembly
from lamina.applications.imagenet_utils import decode_predictions as decode_predictions
from lamina.applications.resnet import build_resnet

__all__ = ["ResNet101V2", "ResNet152V2", "ResNet50V2", "decode_predictions", "preprocess_input"]

_EPSILON = 1.001e-5


def _residual_block_v2(
    x: Any,
    filters: int,
    kernel_size: int = 3,
    stride: int = 1,
    conv_shortcut: bool = False,
    name: str = "",
) -> Any:
    """A pre-activation bottleneck block: batch normalization and ReLU first, then 1x1,
    `kernel_size` (strided) and 1x1 convolutions, added to the shortcut."""
    axis = model_assembly.channel_axis()
    preact = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_preact_bn")(x)
    preact = layers.Activation("relu", name=f"{name}_preact_relu")(preact)
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=f"{name}_0_conv")(preact)
    elif stride > 1:
        shortcut = layers.MaxPooling2D(1, strides=stride)(x)
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=1, use_bias=False, name=f"{name}_1_conv")(preact)
    x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_1_bn")(x)
    x = layers.Activation("relu", name=f"{name}_1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name=f"{name}_2_pad")(x)
    x = layers.Conv2D(filters, kernel_size, strides=stride, use_bias=False, name=f"{name}_2_conv")(
        x
    )
    x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_2_bn")(x)
    x = layers.Activation("relu", name=f"{name}_2_relu")(x)
    x = layers.Conv2D(4 * filters, 1, name=f"{name}_3_conv")(x)
    return layers.Add(name=f"{name}_out")([shortcut, x])


def _stack_residual_blocks_v2(
    x: Any, filters: int, blocks: int, stride1: int = 2, name: str = ""
) -> Any:
    """`blocks` V2 blocks: the first with a convolution shortcut, the last with stride
    `stride1` (V2 downsamples at the end of a stage)."""
    x = _residual_block_v2(x, filters, conv_shortcut=True, name=f"{name}_block1")
    for index in range(2, blocks):
        x = _residual_block_v2(x, filters, name=f"{name}_block{index}")
    return _residual_block_v2(x, filters, stride=stride1, name=f"{name}_block{blocks}")


def _resnet_v2(
    blocks: tuple[int, int, int, int], arguments: dict[str, Any], weights_name: str
) -> Any:
    def stack_fn(x: Any) -> Any:
        x = _stack_residual_blocks_v2(x, 64, blocks[0], name="conv2")
        x = _stack_residual_blocks_v2(x, 128, blocks[1], name="conv3")
        x = _stack_residual_blocks_v2(x, 256, blocks[2], name="conv4")
        return _stack_residual_blocks_v2(x, 512, blocks[3], stride1=1, name="conv5")

    return build_resnet(stack_fn, True, True, arguments, weights_name)


def ResNet50V2(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "resnet50v2",
) -> Any:
    """Builds ResNet50V2: pre-activation bottleneck blocks in 4 stages (3, 4, 6, 3).

    Inputs are images in [0, 255] passed through `resnet_v2.preprocess_input` (scaled to
    [-1, 1]). The default input size is 224x224.

    Args:
        include_top: Whether to end with global average pooling and the `predictions`
            dense layer.
        weights: None (random initialization), `"imagenet"` (downloads Keras's ImageNet
            weights once) or the path of a weights file to load.
        input_tensor: Optional symbolic tensor (from `lamina.Input()`) to use as the image.
        input_shape: Image shape without the batch axis, e.g. `(200, 200, 3)`; only
            without the top, which needs `(224, 224, 3)`. Height and width at least 32.
        pooling: Without the top: None (4D feature map), `"avg"` or `"max"` (global
            pooling to a 2D output).
        classes: Number of classes of the top (1000 with ImageNet weights).
        classifier_activation: Activation of `predictions`; None gives logits. Only None
            or `"softmax"` with pretrained weights.
        name: The model's name.

    Returns:
        A Functional `Model`.

    Example:
        >>> import lamina
        >>> try:
        ...     lamina.applications.ResNet50V2(
        ...         weights=None, include_top=False, input_shape=(16, 16, 3)
        ...     )
        ... except ValueError as error:
        ...     print(error)
        resnet50v2: the input must be at least 32x32, received input_shape=(16, 16, 3).
    """
    return _resnet_v2((3, 4, 6, 3), dict(locals()), "resnet50v2")


def ResNet101V2(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "resnet101v2",
) -> Any:
    """Builds ResNet101V2: ResNet50V2 with 23 blocks in its third stage.

    Takes the arguments of `ResNet50V2` (see there).

    Example:
        >>> import lamina
        >>> try:
        ...     lamina.applications.ResNet101V2(weights="imagenet", classes=10)
        ... except ValueError as error:
        ...     print(error)  # doctest: +ELLIPSIS
        resnet101v2: with weights='imagenet' and include_top=True, classes must be 1000, ...
    """
    return _resnet_v2((3, 4, 23, 3), dict(locals()), "resnet101v2")


def ResNet152V2(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "resnet152v2",
) -> Any:
    """Builds ResNet152V2: ResNet50V2 with stages of 3, 8, 36 and 3 blocks.

    Takes the arguments of `ResNet50V2` (see there).

    Example:
        >>> import lamina
        >>> try:
        ...     lamina.applications.ResNet152V2(weights="imagenet", classes=10)
        ... except ValueError as error:
        ...     print(error)  # doctest: +ELLIPSIS
        resnet152v2: with weights='imagenet' and include_top=True, classes must be 1000, ...
    """
    return _resnet_v2((3, 8, 36, 3), dict(locals()), "resnet152v2")


def preprocess_input(x: Any, data_format: str | None = None) -> Any:
    """Prepares RGB images in [0, 255] for ResNet V2: scaled to [-1, 1]
    (`imagenet_utils.preprocess_input` with mode `"tf"`).

    Args:
        x: A 3D or 4D NumPy array or tensor (a float NumPy array is changed in place).
        data_format: `"channels_last"` or `"channels_first"`; default the global setting.

    Returns:
        The preprocessed images.

    Example:
        >>> import numpy as np
        >>> from lamina.applications import resnet_v2
        >>> resnet_v2.preprocess_input(np.array([[[[0.0, 127.5, 255.0]]]])).tolist()
        [[[[-1.0, 0.0, 1.0]]]]
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")
