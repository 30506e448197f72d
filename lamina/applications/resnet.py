"""ResNet50, ResNet101 and ResNet152 (He et al., "Deep Residual Learning for Image
Recognition", CVPR 2015), and the builder shared with ResNet V2 (`resnet_v2`), with the layer
names of Keras's `keras.applications.resnet`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lamina import layers
from lamina.applications import imagenet_utils, model_assembly
from lamina.applications.imagenet_utils import decode_predictions as decode_predictions

__all__ = ["ResNet101", "ResNet152", "ResNet50", "decode_predictions", "preprocess_input"]

_WEIGHTS_URL = "https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
# MD5 of Keras's ImageNet weights files: (with the top, without it).
_WEIGHTS_HASHES = {
    "resnet50": ("2cb95161c43110f7111970584f804107", "4d473c1dd8becc155b73f8504c6f6626"),
    "resnet101": ("f1aeb4b969a6efcfb50fad2f0c20cfc5", "88cf7a10940856eca736dc7b7e228a21"),
    "resnet152": ("100835be76be38e30d865e96f2aaae62", "ee4c566cf9a93f14d82f913c2dc6dd0c"),
    "resnet50v2": ("3ef43a0b657b3be2300d5770ece849e0", "fac2f116257151a9d068a22e544a4917"),
    "resnet101v2": ("6343647c601c52e1368623803854d971", "c0ed64b8031c3730f411d2eb4eea35b5"),
    "resnet152v2": ("a49b44d1979771252814e80f8ec446f9", "ed17cf2e0169df9d443503ef94b23b33"),
}
_EPSILON = 1.001e-5


def build_resnet(
    stack_fn: Callable[[Any], Any],
    preact: bool,
    use_bias: bool,
    arguments: dict[str, Any],
    weights_name: str,
) -> Any:
    """Builds a ResNet: the stem, `stack_fn`'s residual stages, then the top.

    Args:
        stack_fn: Adds the residual stages to a tensor.
        preact: Whether the blocks are pre-activation (V2): the stem then has no batch
            normalization, and the body ends with `post_bn`/`post_relu`.
        use_bias: Whether the stem convolution has a bias.
        arguments: The application's `name`, `include_top`, `weights`, `input_tensor`,
            `input_shape`, `pooling`, `classes` and `classifier_activation`.
        weights_name: The key of Keras's ImageNet weights files.
    """
    img_input = model_assembly.checked_image_input(arguments)
    axis = model_assembly.channel_axis()
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)), name="conv1_pad")(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=use_bias, name="conv1_conv")(x)
    if not preact:
        x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name="conv1_bn")(x)
        x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name="pool1_pad")(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1_pool")(x)
    x = stack_fn(x)
    if preact:
        x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name="post_bn")(x)
        x = layers.Activation("relu", name="post_relu")(x)
    suffix = "" if arguments["include_top"] else "_notop"
    file_name = f"{weights_name}_weights_tf_dim_ordering_tf_kernels{suffix}.h5"
    file_hash = _WEIGHTS_HASHES[weights_name][0 if arguments["include_top"] else 1]
    imagenet_file = (file_name, f"{_WEIGHTS_URL}{file_name}", file_hash)
    return model_assembly.finish_model(x, img_input, arguments, imagenet_file)


def _residual_block_v1(
    x: Any,
    filters: int,
    kernel_size: int = 3,
    stride: int = 1,
    conv_shortcut: bool = True,
    name: str = "",
) -> Any:
    """A bottleneck block (1x1, `kernel_size`, 1x1 convolutions with batch normalization)
    added to its shortcut, then ReLU; the output has `4 * filters` channels."""
    axis = model_assembly.channel_axis()
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=f"{name}_0_conv")(x)
        shortcut = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_0_bn")(
            shortcut
        )
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=stride, name=f"{name}_1_conv")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_1_bn")(x)
    x = layers.Activation("relu", name=f"{name}_1_relu")(x)
    x = layers.Conv2D(filters, kernel_size, padding="same", name=f"{name}_2_conv")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_2_bn")(x)
    x = layers.Activation("relu", name=f"{name}_2_relu")(x)
    x = layers.Conv2D(4 * filters, 1, name=f"{name}_3_conv")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_3_bn")(x)
    x = layers.Add(name=f"{name}_add")([shortcut, x])
    return layers.Activation("relu", name=f"{name}_out")(x)


def _stack_residual_blocks_v1(
    x: Any, filters: int, blocks: int, stride1: int = 2, name: str = ""
) -> Any:
    """`blocks` V1 bottleneck blocks; the first one has a convolution shortcut and stride
    `stride1`."""
    x = _residual_block_v1(x, filters, stride=stride1, name=f"{name}_block1")
    for index in range(2, blocks + 1):
        x = _residual_block_v1(x, filters, conv_shortcut=False, name=f"{name}_block{index}")
    return x


def _resnet_v1(
    blocks: tuple[int, int, int, int], arguments: dict[str, Any], weights_name: str
) -> Any:
    def stack_fn(x: Any) -> Any:
        x = _stack_residual_blocks_v1(x, 64, blocks[0], stride1=1, name="conv2")
        x = _stack_residual_blocks_v1(x, 128, blocks[1], name="conv3")
        x = _stack_residual_blocks_v1(x, 256, blocks[2], name="conv4")
        return _stack_residual_blocks_v1(x, 512, blocks[3], name="conv5")

    return build_resnet(stack_fn, False, True, arguments, weights_name)


def ResNet50(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "resnet50",
) -> Any:
    """Builds ResNet50: a 7x7 stem and 16 bottleneck blocks in 4 stages (3, 4, 6, 3).

    Inputs are images in [0, 255] passed through `resnet50.preprocess_input` (RGB to BGR,
    ImageNet means subtracted). The default input size is 224x224.

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
        ...     lamina.applications.ResNet50(
        ...         weights=None, include_top=False, input_shape=(16, 16, 3)
        ...     )
        ... except ValueError as error:
        ...     print(error)
        resnet50: the input must be at least 32x32, received input_shape=(16, 16, 3).
    """
    return _resnet_v1((3, 4, 6, 3), dict(locals()), "resnet50")


def ResNet101(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "resnet101",
) -> Any:
    """Builds ResNet101: ResNet50 with 23 blocks in its third stage (stages 3, 4, 23, 3).

    Takes the arguments of `ResNet50` (see there); inputs go through
    `resnet.preprocess_input`.

    Example:
        >>> import lamina
        >>> try:
        ...     lamina.applications.ResNet101(weights="imagenet", classes=10)
        ... except ValueError as error:
        ...     print(error)  # doctest: +ELLIPSIS
        resnet101: with weights='imagenet' and include_top=True, classes must be 1000, ...
    """
    return _resnet_v1((3, 4, 23, 3), dict(locals()), "resnet101")


def ResNet152(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "resnet152",
) -> Any:
    """Builds ResNet152: ResNet50 with stages of 3, 8, 36 and 3 blocks.

    Takes the arguments of `ResNet50` (see there); inputs go through
    `resnet.preprocess_input`.

    Example:
        >>> import lamina
        >>> try:
        ...     lamina.applications.ResNet152(weights="imagenet", classes=10)
        ... except ValueError as error:
        ...     print(error)  # doctest: +ELLIPSIS
        resnet152: with weights='imagenet' and include_top=True, classes must be 1000, ...
    """
    return _resnet_v1((3, 8, 36, 3), dict(locals()), "resnet152")


def preprocess_input(x: Any, data_format: str | None = None) -> Any:
    """Prepares RGB images in [0, 255] for ResNet (V1): RGB to BGR, then each channel minus
    its ImageNet mean (`imagenet_utils.preprocess_input` with mode `"caffe"`).

    Args:
        x: A 3D or 4D NumPy array or tensor (a float NumPy array is changed in place).
        data_format: `"channels_last"` or `"channels_first"`; default the global setting.

    Returns:
        The preprocessed images.

    Example:
        >>> import numpy as np
        >>> from lamina.applications import resnet50
        >>> resnet50.preprocess_input(np.full((1, 1, 1, 3), 100.0)).round(3).tolist()
        [[[[-3.939, -16.779, -23.68]]]]
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="caffe")
