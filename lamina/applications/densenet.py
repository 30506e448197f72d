"""DenseNet121, DenseNet169 and DenseNet201 (Huang et al., "Densely Connected Convolutional
Networks", CVPR 2017), with the layer names of Keras's `keras.applications.densenet`."""

from __future__ import annotations

from typing import Any

from lamina import backend, layers
from lamina.applications import imagenet_utils, model_assembly
from lamina.applications.imagenet_utils import decode_predictions as decode_predictions

__all__ = ["DenseNet121", "DenseNet169", "DenseNet201", "decode_predictions", "preprocess_input"]

_WEIGHTS_URL = "https://storage.googleapis.com/tensorflow/keras-applications/densenet/"
# MD5 of Keras's ImageNet weights files: (with the top, without it).
_WEIGHTS_HASHES = {
    "densenet121": ("9d60b8095a5708f2dcce2bca79d332c7", "30ee3e1110167f948a6b9946edeeb738"),
    "densenet169": ("d699b8f76981ab1b30698df4c175e90b", "b8c4d4c20dd625c148057b9ff1c1176b"),
    "densenet201": ("1ceb130c1ea1b78c3bf6114dbdfd8807", "c13680b51ded0fb44dff2d8f86ac8bb1"),
}
# The depths Keras publishes ImageNet weights for, by blocks per dense block.
_DEPTHS: dict[tuple[int, ...], int] = {
    (6, 12, 24, 16): 121,
    (6, 12, 32, 32): 169,
    (6, 12, 48, 32): 201,
}
_EPSILON = 1.001e-5
_GROWTH_RATE = 32


def _dense_block(x: Any, blocks: int, name: str) -> Any:
    """`blocks` convolution blocks, each concatenating 32 new channels to its input."""
    for index in range(1, blocks + 1):
        x = _conv_block(x, _GROWTH_RATE, name=f"{name}_block{index}")
    return x


def _transition_block(x: Any, reduction: float, name: str) -> Any:
    """Batch normalization, ReLU, a 1x1 convolution keeping `reduction` of the channels,
    then 2x2 average pooling."""
    axis = model_assembly.channel_axis()
    x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_bn")(x)
    x = layers.Activation("relu", name=f"{name}_relu")(x)
    filters = int(x.shape[axis] * reduction)
    x = layers.Conv2D(filters, 1, use_bias=False, name=f"{name}_conv")(x)
    return layers.AveragePooling2D(2, strides=2, name=f"{name}_pool")(x)


def _conv_block(x: Any, growth_rate: int, name: str) -> Any:
    """Batch normalization, ReLU, 1x1 and 3x3 convolutions; the `growth_rate` new channels
    are concatenated to the input."""
    axis = model_assembly.channel_axis()
    y = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_0_bn")(x)
    y = layers.Activation("relu", name=f"{name}_0_relu")(y)
    y = layers.Conv2D(4 * growth_rate, 1, use_bias=False, name=f"{name}_1_conv")(y)
    y = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_1_bn")(y)
    y = layers.Activation("relu", name=f"{name}_1_relu")(y)
    y = layers.Conv2D(growth_rate, 3, padding="same", use_bias=False, name=f"{name}_2_conv")(y)
    return layers.Concatenate(axis=axis, name=f"{name}_concat")([x, y])


def _build_densenet(blocks: tuple[int, int, int, int], arguments: dict[str, Any]) -> Any:
    """Builds a DenseNet with `blocks[i]` convolution blocks in dense block `i + 1`."""
    name = arguments["name"]
    if backend.image_data_format() == "channels_first":
        raise ValueError(
            f"{name}: DenseNet supports only the 'channels_last' image data format; call "
            "lamina.config.set_image_data_format('channels_last')."
        )
    img_input = model_assembly.checked_image_input(arguments, data_format="channels_last")
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)))(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=False, name="conv1_conv")(x)
    x = layers.BatchNormalization(axis=3, epsilon=_EPSILON, name="conv1_bn")(x)
    x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)))(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)
    for stage, count in enumerate(blocks, start=2):
        x = _dense_block(x, count, name=f"conv{stage}")
        if stage < 5:
            x = _transition_block(x, 0.5, name=f"pool{stage}")
    x = layers.BatchNormalization(axis=3, epsilon=_EPSILON, name="bn")(x)
    x = layers.Activation("relu", name="relu")(x)
    imagenet_file = _imagenet_file(blocks, arguments["include_top"])
    return model_assembly.finish_model(x, img_input, arguments, imagenet_file)


def _imagenet_file(blocks: tuple[int, ...], include_top: bool) -> tuple[str, str, str] | None:
    depth = _DEPTHS.get(tuple(blocks))
    if depth is None:
        return None
    suffix = "" if include_top else "_notop"
    file_name = f"densenet{depth}_weights_tf_dim_ordering_tf_kernels{suffix}.h5"
    file_hash = _WEIGHTS_HASHES[f"densenet{depth}"][0 if include_top else 1]
    return file_name, f"{_WEIGHTS_URL}{file_name}", file_hash


def DenseNet121(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "densenet121",
) -> Any:
    """Builds DenseNet121: dense blocks of 6, 12, 24 and 16 convolution blocks.

    Inputs are images in [0, 255] passed through `densenet.preprocess_input` (scaled to
    [0, 1], then standardized with ImageNet statistics). The default input size is 224x224.
    Only the `"channels_last"` data format is supported.

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
        ...     lamina.applications.DenseNet121(
        ...         weights=None, include_top=False, input_shape=(16, 16, 3)
        ...     )
        ... except ValueError as error:
        ...     print(error)
        densenet121: the input must be at least 32x32, received input_shape=(16, 16, 3).
    """
    return _build_densenet((6, 12, 24, 16), dict(locals()))


def DenseNet169(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "densenet169",
) -> Any:
    """Builds DenseNet169: dense blocks of 6, 12, 32 and 32 convolution blocks.

    Takes the arguments of `DenseNet121` (see there).

    Example:
        >>> import lamina
        >>> try:
        ...     lamina.applications.DenseNet169(weights="imagenet", classes=10)
        ... except ValueError as error:
        ...     print(error)  # doctest: +ELLIPSIS
        densenet169: with weights='imagenet' and include_top=True, classes must be 1000, ...
    """
    return _build_densenet((6, 12, 32, 32), dict(locals()))


def DenseNet201(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "densenet201",
) -> Any:
    """Builds DenseNet201: dense blocks of 6, 12, 48 and 32 convolution blocks.

    Takes the arguments of `DenseNet121` (see there).

    Example:
        >>> import lamina
        >>> try:
        ...     lamina.applications.DenseNet201(weights="imagenet", classes=10)
        ... except ValueError as error:
        ...     print(error)  # doctest: +ELLIPSIS
        densenet201: with weights='imagenet' and include_top=True, classes must be 1000, ...
    """
    return _build_densenet((6, 12, 48, 32), dict(locals()))


def preprocess_input(x: Any, data_format: str | None = None) -> Any:
    """Prepares RGB images in [0, 255] for DenseNet: scaled to [0, 1], then each channel
    standardized with the ImageNet mean and standard deviation
    (`imagenet_utils.preprocess_input` with mode `"torch"`).

    Args:
        x: A 3D or 4D NumPy array or tensor (a float NumPy array is changed in place).
        data_format: `"channels_last"` or `"channels_first"`; default the global setting.

    Returns:
        The preprocessed images.

    Example:
        >>> import numpy as np
        >>> from lamina.applications import densenet
        >>> densenet.preprocess_input(np.full((1, 1, 1, 3), 255.0)).round(3).tolist()
        [[[[2.249, 2.429, 2.64]]]]
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="torch")
