"""EfficientNetB0 to B7 (Tan & Le, "EfficientNet: Rethinking Model Scaling for Convolutional
Neural Networks", ICML 2019), with the layer names of Keras's
`keras.applications.efficientnet`.

The models take images in [0, 255]: they rescale and normalize them themselves (their
`preprocess_input` returns its input unchanged).
"""

from __future__ import annotations

from typing import Any

from lamina.applications.efficientnet_builder import build_efficientnet
from lamina.applications.imagenet_utils import decode_predictions as decode_predictions

__all__ = [
    "EfficientNetB0",
    "EfficientNetB1",
    "EfficientNetB2",
    "EfficientNetB3",
    "EfficientNetB4",
    "EfficientNetB5",
    "EfficientNetB6",
    "EfficientNetB7",
    "decode_predictions",
    "preprocess_input",
]


def EfficientNetB0(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "efficientnetb0",
) -> Any:
    """Builds EfficientNetB0: a 3x3 stem, 16 MBConv blocks with squeeze-and-excitation in 7
    stages, and a 1x1 head convolution; default input size 224x224.

    The model takes images in [0, 255] and rescales and normalizes them itself.

    Args:
        include_top: Whether to end with global average pooling, dropout and the
            `predictions` dense layer.
        weights: None (random initialization), `"imagenet"` (downloads Keras's ImageNet
            weights once) or the path of a weights file to load.
        input_tensor: Optional symbolic tensor (from `lamina.Input()`) to use as the image.
        input_shape: Image shape without the batch axis, e.g. `(200, 200, 3)`; only
            without the top, which needs the default size. Height and width at least 32.
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
        ...     lamina.applications.EfficientNetB0(
        ...         weights=None, include_top=False, input_shape=(16, 16, 3)
        ...     )
        ... except ValueError as error:
        ...     print(error)
        efficientnetb0: the input must be at least 32x32, received input_shape=(16, 16, 3).
    """
    return build_efficientnet("b0", dict(locals()))


def EfficientNetB1(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "efficientnetb1",
) -> Any:
    """Builds EfficientNetB1: EfficientNetB0 scaled up; default input size 240x240.

    Takes the arguments of `EfficientNetB0` (see there).

    Example:
        >>> import lamina
        >>> try:
        ...     lamina.applications.EfficientNetB1(weights="imagenet", classes=10)
        ... except ValueError as error:
        ...     print(error)  # doctest: +ELLIPSIS
        efficientnetb1: with weights='imagenet' and include_top=True, classes must be 1000, ...
    """
    return build_efficientnet("b1", dict(locals()))


def EfficientNetB2(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "efficientnetb2",
) -> Any:
    """Builds EfficientNetB2: EfficientNetB0 scaled up; default input size 260x260.

    Takes the arguments of `EfficientNetB0` (see there).

    Example:
        >>> import lamina
        >>> try:
        ...     lamina.applications.EfficientNetB2(weights="imagenet", classes=10)
        ... except ValueError as error:
        ...     print(error)  # doctest: +ELLIPSIS
        efficientnetb2: with weights='imagenet' and include_top=True, classes must be 1000, ...
    """
    return build_efficientnet("b2", dict(locals()))


def EfficientNetB3(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "efficientnetb3",
) -> Any:
    """Builds EfficientNetB3: EfficientNetB0 scaled up; default input size 300x300.

    Takes the arguments of `EfficientNetB0` (see there).

    Example:
        >>> import lamina
        >>> try:
        ...     lamina.applications.EfficientNetB3(weights="imagenet", classes=10)
        ... except ValueError as error:
        ...     print(error)  # doctest: +ELLIPSIS
        efficientnetb3: with weights='imagenet' and include_top=True, classes must be 1000, ...
    """
    return build_efficientnet("b3", dict(locals()))


def EfficientNetB4(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "efficientnetb4",
) -> Any:
    """Builds EfficientNetB4: EfficientNetB0 scaled up; default input size 380x380.

    Takes the arguments of `EfficientNetB0` (see there).

    Example:
        >>> import lamina
        >>> try:
        ...     lamina.applications.EfficientNetB4(weights="imagenet", classes=10)
        ... except ValueError as error:
        ...     print(error)  # doctest: +ELLIPSIS
        efficientnetb4: with weights='imagenet' and include_top=True, classes must be 1000, ...
    """
    return build_efficientnet("b4", dict(locals()))


def EfficientNetB5(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "efficientnetb5",
) -> Any:
    """Builds EfficientNetB5: EfficientNetB0 scaled up; default input size 456x456.

    Takes the arguments of `EfficientNetB0` (see there).

    Example:
        >>> import lamina
        >>> try:
        ...     lamina.applications.EfficientNetB5(weights="imagenet", classes=10)
        ... except ValueError as error:
        ...     print(error)  # doctest: +ELLIPSIS
        efficientnetb5: with weights='imagenet' and include_top=True, classes must be 1000, ...
    """
    return build_efficientnet("b5", dict(locals()))


def EfficientNetB6(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "efficientnetb6",
) -> Any:
    """Builds EfficientNetB6: EfficientNetB0 scaled up; default input size 528x528.

    Takes the arguments of `EfficientNetB0` (see there).

    Example:
        >>> import lamina
        >>> try:
        ...     lamina.applications.EfficientNetB6(weights="imagenet", classes=10)
        ... except ValueError as error:
        ...     print(error)  # doctest: +ELLIPSIS
        efficientnetb6: with weights='imagenet' and include_top=True, classes must be 1000, ...
    """
    return build_efficientnet("b6", dict(locals()))


def EfficientNetB7(  # noqa: N802 - Keras's name
    include_top: bool = True,
    weights: str | None = "imagenet",
    input_tensor: Any = None,
    input_shape: tuple | None = None,
    pooling: str | None = None,
    classes: int = 1000,
    classifier_activation: Any = "softmax",
    name: str = "efficientnetb7",
) -> Any:
    """Builds EfficientNetB7: EfficientNetB0 scaled up; default input size 600x600.

    Takes the arguments of `EfficientNetB0` (see there).

    Example:
        >>> import lamina
        >>> try:
        ...     lamina.applications.EfficientNetB7(weights="imagenet", classes=10)
        ... except ValueError as error:
        ...     print(error)  # doctest: +ELLIPSIS
        efficientnetb7: with weights='imagenet' and include_top=True, classes must be 1000, ...
    """
    return build_efficientnet("b7", dict(locals()))


def preprocess_input(x: Any, data_format: str | None = None) -> Any:
    """Returns `x` unchanged: EfficientNet models rescale and normalize their inputs
    themselves, and take images in [0, 255]. Kept for the same API as the other families.

    Args:
        x: Images (NumPy array or tensor).
        data_format: Ignored.

    Example:
        >>> import numpy as np
        >>> from lamina.applications import efficientnet
        >>> efficientnet.preprocess_input(np.array([[0.0, 255.0]])).tolist()
        [[0.0, 255.0]]
    """
    return x
