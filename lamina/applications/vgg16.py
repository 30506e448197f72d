"""VGG16 (Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
Recognition", ICLR 2015), with the layer names of Keras's `keras.applications.vgg16`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import layers
from lamina.applications import imagenet_utils, model_assembly
from lamina.applications.imagenet_utils import decode_predictions as decode_predictions

__all__ = ["VGG16", "decode_predictions", "preprocess_input"]

_WEIGHTS_URL = "https://storage.googleapis.com/tensorflow/keras-applications/"
# (file name, MD5) of Keras's ImageNet weights: with the top, without it.
_VGG_FILES = {
    "vgg16": (
        ("vgg16_weights_tf_dim_ordering_tf_kernels.h5", "64373286793e3c8b2b4e3219cbf3544b"),
        ("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5", "6d6bbae143d832006294945121d1f1fc"),
    ),
    "vgg19": (
        ("vgg19_weights_tf_dim_ordering_tf_kernels.h5", "cbe5617147190e668d6c5d5026f83318"),
        ("vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5", "253f8cb515780f3b799900260a226db6"),
    ),
}
_BLOCK_FILTERS = (64, 128, 256, 512, 512)


def VGG16(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "vgg16",
) -> Any:
    """Builds the VGG16 model: 13 3x3 convolutions in 5 blocks, then 3 dense layers.

    Inputs are images in [0, 255] passed through `vgg16.preprocess_input` (RGB to BGR,
    ImageNet means subtracted). The default input size is 224x224.

    Args:
        include_top: Whether to end with the 3 fully-connected layers (`fc1`, `fc2`,
            `predictions`).
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
        ...     lamina.applications.VGG16(
        ...         weights=None, include_top=False, input_shape=(16, 16, 3)
        ...     )
        ... except ValueError as error:
        ...     print(error)
        vgg16: the input must be at least 32x32, received input_shape=(16, 16, 3).
    """
    return build_vgg((2, 2, 3, 3, 3), dict(locals()), family="vgg16")


def build_vgg(convs_per_block: Sequence[int], arguments: dict[str, Any], family: str) -> Any:
    """Builds a VGG network with `convs_per_block[i]` convolutions in block `i + 1` from the
    application's arguments; `family` ("vgg16" or "vgg19") picks the ImageNet weights."""
    include_top = arguments["include_top"]
    img_input = model_assembly.checked_image_input(arguments)
    x = img_input
    for block, (filters, convs) in enumerate(zip(_BLOCK_FILTERS, convs_per_block), start=1):
        for index in range(1, convs + 1):
            x = layers.Conv2D(
                filters, 3, activation="relu", padding="same", name=f"block{block}_conv{index}"
            )(x)
        x = layers.MaxPooling2D(2, strides=2, name=f"block{block}_pool")(x)
    if include_top:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(4096, activation="relu", name="fc1")(x)
        x = layers.Dense(4096, activation="relu", name="fc2")(x)
        x = layers.Dense(
            arguments["classes"],
            activation=arguments["classifier_activation"],
            name="predictions",
        )(x)
    else:
        x = model_assembly.add_pooling(x, arguments["pooling"], (None, None))
    file_name, file_hash = _VGG_FILES[family][0 if include_top else 1]
    imagenet_file = (file_name, f"{_WEIGHTS_URL}{family}/{file_name}", file_hash)
    return model_assembly.build_model(
        arguments["input_tensor"],
        img_input,
        x,
        arguments["name"],
        arguments["weights"],
        imagenet_file,
    )


def preprocess_input(x: Any, data_format: str | None = None) -> Any:
    """Prepares RGB images in [0, 255] for VGG16: RGB to BGR, then each channel minus its
    ImageNet mean (`imagenet_utils.preprocess_input` with mode `"caffe"`).

    Args:
        x: A 3D or 4D NumPy array or tensor (a float NumPy array is changed in place).
        data_format: `"channels_last"` or `"channels_first"`; default the global setting.

    Returns:
        The preprocessed images.

    Example:
        >>> import numpy as np
        >>> from lamina.applications import vgg16
        >>> vgg16.preprocess_input(np.array([[[[0.0, 0.0, 255.0]]]])).round(3).tolist()
        [[[[151.061, -116.779, -123.68]]]]
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="caffe")
