"""The EfficientNet builder behind `lamina.applications.efficientnet`: stem, MBConv blocks
with squeeze-and-excitation, head, with the layer names of Keras's EfficientNet."""

from __future__ import annotations

import math
from typing import Any

from lamina import layers
from lamina.applications import imagenet_utils, model_assembly

_WEIGHTS_URL = "https://storage.googleapis.com/keras-applications/"
# MD5 of Keras's ImageNet weights files: (with the top, without it).
_WEIGHTS_HASHES = {
    "b0": ("902e53a9f72be733fc0bcb005b3ebbac", "50bc09e76180e00e4465e1a485ddc09d"),
    "b1": ("1d254153d4ab51201f1646940f018540", "74c4e6b3e1f6a1eea24c589628592432"),
    "b2": ("b15cce36ff4dcbd00b6dd88e7857a6ad", "111f8e2ac8aa800a7a99e3239f7bfb39"),
    "b3": ("ffd1fdc53d0ce67064dc6a9c7960ede0", "af6d107764bb5b1abb91932881670226"),
    "b4": ("18c95ad55216b8f92d7e70b3a046e2fc", "ebc24e6d6c33eaebbd558eafbeedf1ba"),
    "b5": ("ace28f2a6363774853a83a0b21b9421a", "38879255a25d3c92d5e44e04ae6cec6f"),
    "b6": ("165f6e37dce68623721b423839de8be5", "9ecce42647a20130c1f39a5d4cb75743"),
    "b7": ("8c03f828fec3ef71311cd463b6759d99", "cbcfe4450ddf6f3ad90b1b398090fe4a"),
}
# (width coefficient, depth coefficient, default size, dropout rate) of B0 to B7.
_SCALING = {
    "b0": (1.0, 1.0, 224, 0.2),
    "b1": (1.0, 1.1, 240, 0.2),
    "b2": (1.1, 1.2, 260, 0.3),
    "b3": (1.2, 1.4, 300, 0.3),
    "b4": (1.4, 1.8, 380, 0.4),
    "b5": (1.6, 2.2, 456, 0.4),
    "b6": (1.8, 2.6, 528, 0.5),
    "b7": (2.0, 3.1, 600, 0.5),
}
# The 7 stages of B0: (kernel size, repeats, filters in, filters out, expand ratio, strides).
_STAGES = (
    (3, 1, 32, 16, 1, 1),
    (3, 2, 16, 24, 6, 2),
    (5, 2, 24, 40, 6, 2),
    (3, 3, 40, 80, 6, 2),
    (5, 3, 80, 112, 6, 1),
    (5, 4, 112, 192, 6, 2),
    (3, 1, 192, 320, 6, 1),
)
_SE_RATIO = 0.25
_DROP_CONNECT_RATE = 0.2
_CONV_INITIALIZER = {
    "class_name": "VarianceScaling",
    "config": {"scale": 2.0, "mode": "fan_out", "distribution": "truncated_normal"},
}
_DENSE_INITIALIZER = {
    "class_name": "VarianceScaling",
    "config": {"scale": 1.0 / 3.0, "mode": "fan_out", "distribution": "uniform"},
}
# Keras's ImageNet models divide by sqrt(std) after the Normalization layer (whose variance
# comes from the weights file); kept so those weights give the same outputs.
_IMAGENET_STDDEV_RGB = (0.229, 0.224, 0.225)


def build_efficientnet(variant: str, arguments: dict[str, Any]) -> Any:
    """Builds EfficientNet `variant` ("b0" to "b7") from the application's arguments."""
    width, depth, default_size, dropout_rate = _SCALING[variant]
    name, weights, include_top = arguments["name"], arguments["weights"], arguments["include_top"]
    img_input = model_assembly.checked_image_input(arguments, default_size)
    axis = model_assembly.channel_axis()
    x = layers.Rescaling(1.0 / 255.0)(img_input)
    x = layers.Normalization(axis=axis)(x)
    if weights == "imagenet":
        x = layers.Rescaling([1.0 / math.sqrt(s) for s in _IMAGENET_STDDEV_RGB])(x)
    x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, 3), name="stem_conv_pad")(x)
    x = layers.Conv2D(
        _round_filters(32, width),
        3,
        strides=2,
        padding="valid",
        use_bias=False,
        kernel_initializer=_CONV_INITIALIZER,
        name="stem_conv",
    )(x)
    x = layers.BatchNormalization(axis=axis, name="stem_bn")(x)
    x = layers.Activation("swish", name="stem_activation")(x)
    x = _stages(x, width, depth)
    x = layers.Conv2D(
        _round_filters(1280, width),
        1,
        padding="same",
        use_bias=False,
        kernel_initializer=_CONV_INITIALIZER,
        name="top_conv",
    )(x)
    x = layers.BatchNormalization(axis=axis, name="top_bn")(x)
    x = layers.Activation("swish", name="top_activation")(x)
    x = _top(x, arguments, dropout_rate)
    suffix = ".h5" if include_top else "_notop.h5"
    file_name = f"efficientnet{variant}{suffix}"
    file_hash = _WEIGHTS_HASHES[variant][0 if include_top else 1]
    imagenet_file = (file_name, f"{_WEIGHTS_URL}{file_name}", file_hash)
    return model_assembly.build_model(
        arguments["input_tensor"], img_input, x, name, weights, imagenet_file
    )


def _stages(x: Any, width: float, depth: float) -> Any:
    repeats = [int(math.ceil(depth * stage[1])) for stage in _STAGES]
    total = float(sum(repeats))
    index = 0
    for stage_number, (kernel_size, _, filters_in, filters_out, expand, strides) in enumerate(
        _STAGES, start=1
    ):
        filters_in = _round_filters(filters_in, width)
        filters_out = _round_filters(filters_out, width)
        for repeat in range(repeats[stage_number - 1]):
            if repeat > 0:
                strides, filters_in = 1, filters_out
            x = _block(
                x,
                _DROP_CONNECT_RATE * index / total,
                f"block{stage_number}{chr(ord('a') + repeat)}_",
                (filters_in, filters_out),
                kernel_size,
                strides,
                expand,
            )
            index += 1
    return x


def _top(x: Any, arguments: dict[str, Any], dropout_rate: float) -> Any:
    if not arguments["include_top"]:
        return model_assembly.add_pooling(x, arguments["pooling"], ("avg_pool", "max_pool"))
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    if dropout_rate > 0:
        x = layers.Dropout(dropout_rate, name="top_dropout")(x)
    return layers.Dense(
        arguments["classes"],
        activation=arguments["classifier_activation"],
        kernel_initializer=_DENSE_INITIALIZER,
        name="predictions",
    )(x)


def _block(
    inputs: Any,
    drop_rate: float,
    name: str,
    filters: tuple[int, int],
    kernel_size: int = 3,
    strides: int = 1,
    expand_ratio: int = 1,
) -> Any:
    """An inverted residual block with squeeze-and-excitation (MBConv); `filters` is
    `(filters_in, filters_out)`. The residual branch is dropped per sample with
    probability `drop_rate` in training."""
    filters_in, filters_out = filters
    axis = model_assembly.channel_axis()
    expanded = filters_in * expand_ratio
    x = inputs
    if expand_ratio != 1:
        x = _conv(x, expanded, f"{name}expand_conv")
        x = layers.BatchNormalization(axis=axis, name=f"{name}expand_bn")(x)
        x = layers.Activation("swish", name=f"{name}expand_activation")(x)
    if strides == 2:
        padding = imagenet_utils.correct_pad(x, kernel_size)
        x = layers.ZeroPadding2D(padding=padding, name=f"{name}dwconv_pad")(x)
    x = layers.DepthwiseConv2D(
        kernel_size,
        strides=strides,
        padding="valid" if strides == 2 else "same",
        use_bias=False,
        depthwise_initializer=_CONV_INITIALIZER,
        name=f"{name}dwconv",
    )(x)
    x = layers.BatchNormalization(axis=axis, name=f"{name}bn")(x)
    x = layers.Activation("swish", name=f"{name}activation")(x)
    x = _squeeze_excite(x, expanded, max(1, int(filters_in * _SE_RATIO)), name)
    x = _conv(x, filters_out, f"{name}project_conv")
    x = layers.BatchNormalization(axis=axis, name=f"{name}project_bn")(x)
    if strides == 1 and filters_in == filters_out:
        if drop_rate > 0:
            x = layers.Dropout(drop_rate, noise_shape=(None, 1, 1, 1), name=f"{name}drop")(x)
        x = layers.add([x, inputs], name=f"{name}add")
    return x


def _squeeze_excite(x: Any, filters: int, squeezed: int, name: str) -> Any:
    se = layers.GlobalAveragePooling2D(name=f"{name}se_squeeze")(x)
    shape = (1, 1, filters) if model_assembly.channel_axis() == 3 else (filters, 1, 1)
    se = layers.Reshape(shape, name=f"{name}se_reshape")(se)
    se = layers.Conv2D(
        squeezed,
        1,
        padding="same",
        activation="swish",
        kernel_initializer=_CONV_INITIALIZER,
        name=f"{name}se_reduce",
    )(se)
    se = layers.Conv2D(
        filters,
        1,
        padding="same",
        activation="sigmoid",
        kernel_initializer=_CONV_INITIALIZER,
        name=f"{name}se_expand",
    )(se)
    return layers.multiply([x, se], name=f"{name}se_excite")


def _conv(x: Any, filters: int, name: str) -> Any:
    return layers.Conv2D(
        filters,
        1,
        padding="same",
        use_bias=False,
        kernel_initializer=_CONV_INITIALIZER,
        name=name,
    )(x)


def _round_filters(filters: int, width: float, divisor: int = 8) -> int:
    """`filters * width` rounded to a multiple of `divisor`, not more than 10% down."""
    scaled = filters * width
    rounded = max(divisor, int(scaled + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * scaled:
        rounded += divisor
    return int(rounded)
