"""VGG19 (Simonyan & Zisserman, ICLR 2015), with the layer names of Keras's
`keras.applications.vgg19`."""

from __future__ import annotations

from typing import Any

from lamina.applications import imagenet_utils
from lamina.applications.imagenet_utils import decode_predictions as decode_predictions
from lamina.applications.vgg16 import build_vgg

__all__ = ["VGG19", "decode_predictions", "preprocess_input"]


def VGG19(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "vgg19",
) -> Any:
    """Builds the VGG19 model: 16 3x3 convolutions in 5 blocks, then 3 dense layers.

    Inputs are images in [0, 255] passed through `vgg19.preprocess_input` (RGB to BGR,
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
        ...     lamina.applications.VGG19(
        ...         weights=None, include_top=False, input_shape=(16, 16, 3)
        ...     )
        ... except ValueError as error:
        ...     print(error)
        vgg19: the input must be at least 32x32, received input_shape=(16, 16, 3).
    """
    return build_vgg((2, 2, 4, 4, 4), dict(locals()), family="vgg19")


def preprocess_input(x: Any, data_format: str | None = None) -> Any:
    """Prepares RGB images in [0, 255] for VGG19: RGB to BGR, then each channel minus its
    ImageNet mean (`imagenet_utils.preprocess_input` with mode `"caffe"`).

    Args:
        x: A 3D or 4D NumPy array or tensor (a float NumPy array is changed in place).
        data_format: `"channels_last"` or `"channels_first"`; default the global setting.

    Returns:
        The preprocessed images.

    Example:
        >>> import numpy as np
        >>> from lamina.applications import vgg19
        >>> vgg19.preprocess_input(np.array([[[[255.0, 0.0, 0.0]]]])).round(3).tolist()
        [[[[-103.939, -116.779, 131.32]]]]
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="caffe")
