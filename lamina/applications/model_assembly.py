"""The steps every application shares: checking `weights`/`classes`, making the image input,
adding the classifier or pooling top, and building the Functional model with its weights."""

from __future__ import annotations

import os
from typing import Any

from lamina import backend, layers
from lamina.applications import imagenet_utils
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.layers.core.input_layer import InputLayer


def channel_axis() -> int:
    """The channel axis of a 4D image batch in the configured data format."""
    return 3 if backend.image_data_format() == "channels_last" else 1


def check_arguments(
    model_name: str,
    weights: Any,
    include_top: bool,
    classes: int,
    classifier_activation: Any,
    pooling: str | None,
) -> None:
    """Checks the arguments every application shares, before anything is built.

    Raises:
        ValueError: For `weights` other than None, `"imagenet"` or an existing file; for
            ImageNet weights with a top of other than 1000 classes; for a classifier
            activation other than None or softmax with pretrained weights; for `pooling`
            other than None, "avg" or "max".
    """
    if not (weights is None or weights == "imagenet" or _is_file(weights)):
        raise ValueError(
            f"{model_name}: weights must be None (random initialization), 'imagenet' "
            f"(pre-training on ImageNet) or the path to an existing weights file, received "
            f"weights={weights!r}."
        )
    if weights == "imagenet" and include_top and classes != 1000:
        raise ValueError(
            f"{model_name}: with weights='imagenet' and include_top=True, classes must be "
            f"1000, received classes={classes}. Use include_top=False to add your own top."
        )
    if include_top:
        imagenet_utils.validate_activation(classifier_activation, weights)
    elif pooling not in (None, "avg", "max"):
        raise ValueError(
            f"{model_name}: pooling must be None, 'avg' or 'max', received pooling={pooling!r}."
        )


def _is_file(weights: Any) -> bool:
    return isinstance(weights, (str, os.PathLike)) and os.path.isfile(weights)


def image_input(input_tensor: Any, input_shape: tuple, model_name: str) -> SymbolicTensor:
    """The model's image tensor: `input_tensor` when given, else a new `Input(input_shape)`."""
    if input_tensor is None:
        return layers.Input(shape=input_shape)
    if not isinstance(input_tensor, SymbolicTensor):
        raise TypeError(
            f"{model_name}: input_tensor must be a symbolic tensor (the output of "
            f"lamina.Input() or of layers called on it), received {type(input_tensor).__name__}."
        )
    return input_tensor


def checked_image_input(
    arguments: dict[str, Any],
    default_size: int = 224,
    data_format: str | None = None,
    min_size: int = 32,
) -> SymbolicTensor:
    """Checks an application's arguments and returns its image tensor.

    Args:
        arguments: The application's `name`, `include_top`, `weights`, `input_tensor`,
            `input_shape`, `pooling`, `classes` and `classifier_activation`.
        default_size: The height and width the pretrained weights expect.
        data_format: The data format of the input shape; None uses the global setting.
        min_size: The smallest height and width the network accepts.
    """
    name, weights, include_top = arguments["name"], arguments["weights"], arguments["include_top"]
    check_arguments(
        name,
        weights,
        include_top,
        arguments["classes"],
        arguments["classifier_activation"],
        arguments["pooling"],
    )
    input_shape = imagenet_utils.obtain_input_shape(
        arguments["input_shape"],
        default_size,
        min_size,
        data_format or backend.image_data_format(),
        include_top,
        weights,
        name,
    )
    return image_input(arguments["input_tensor"], input_shape, name)


def source_inputs(tensor: SymbolicTensor) -> list[SymbolicTensor]:
    """The `Input()` tensors that `tensor` is computed from, in the order they are met."""
    found: list[SymbolicTensor] = []
    seen: set[int] = set()
    stack = [tensor]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        node = current.op
        if node is None or isinstance(node.fn, InputLayer):
            found.append(current)
        else:
            stack.extend(reversed(node.inputs))
    return found


def add_top(
    x: Any,
    include_top: bool,
    pooling: str | None,
    classes: int,
    classifier_activation: Any,
    pool_names: tuple[str | None, str | None] = ("avg_pool", "max_pool"),
) -> Any:
    """Adds global average pooling and the `predictions` Dense layer (with the top), else
    the optional `pooling` ("avg" or "max"); `pool_names` names the pooling layers."""
    if include_top:
        x = layers.GlobalAveragePooling2D(name=pool_names[0])(x)
        return layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    return add_pooling(x, pooling, pool_names)


def add_pooling(x: Any, pooling: str | None, pool_names: tuple[str | None, str | None]) -> Any:
    """Adds the feature-extractor pooling chosen by `pooling` (None, "avg" or "max")."""
    if pooling == "avg":
        return layers.GlobalAveragePooling2D(name=pool_names[0])(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D(name=pool_names[1])(x)
    return x


def finish_model(
    x: Any,
    img_input: SymbolicTensor,
    arguments: dict[str, Any],
    imagenet_file: tuple[str, str, str | None] | None,
) -> Any:
    """Adds the classifier or pooling top (`add_top`) to `x`, then builds the model named
    `arguments["name"]` and loads its weights (`build_model`)."""
    x = add_top(
        x,
        arguments["include_top"],
        arguments["pooling"],
        arguments["classes"],
        arguments["classifier_activation"],
    )
    return build_model(
        arguments["input_tensor"],
        img_input,
        x,
        arguments["name"],
        arguments["weights"],
        imagenet_file,
    )


def build_model(
    input_tensor: Any,
    img_input: SymbolicTensor,
    outputs: Any,
    name: str,
    weights: Any,
    imagenet_file: tuple[str, str, str | None] | None,
) -> Any:
    """Builds the Functional model and loads its weights.

    Args:
        input_tensor: The user's `input_tensor` (its source inputs become the model's).
        img_input: The image tensor the network starts from.
        outputs: The network's output.
        name: The model's name.
        weights: None, "imagenet" or a file path.
        imagenet_file: `(file name, URL, hash)` of the ImageNet weights for this
            configuration; None where Keras publishes none.
    """
    from lamina.applications import pretrained_weights
    from lamina.models.functional import Functional

    inputs: Any = img_input if input_tensor is None else source_inputs(input_tensor)
    if isinstance(inputs, list) and len(inputs) == 1:
        inputs = inputs[0]
    model = Functional(inputs, outputs, name=name)
    if weights == "imagenet":
        if imagenet_file is None:
            raise ValueError(f"{name}: no ImageNet weights are published for this configuration.")
        pretrained_weights.load_imagenet_weights(model, *imagenet_file)
    elif weights is not None:
        pretrained_weights.load_weights_file(model, os.fspath(weights))
    return model
