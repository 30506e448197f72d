"""ImageNet helpers shared by the applications: input scaling modes, the top-k decoder, and the
checks that turn `input_shape` / `classifier_activation` arguments into a model's settings
(Keras's `keras.applications.imagenet_utils`)."""

from __future__ import annotations

import json
import warnings
from typing import Any

import numpy as np

from lamina import backend, ops

__all__ = ["decode_predictions", "preprocess_input"]

# The ImageNet class index (`{"0": ["n01440764", "tench"], ...}`) and its MD5 hash; both are
# module attributes so tests (and offline users) can point them at a local copy.
CLASS_INDEX: dict[str, list[str]] | None = None
CLASS_INDEX_PATH = (
    "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json"
)
CLASS_INDEX_HASH = "c2c37ea517e94d9795004a39431a14cb"

_MODES = ("caffe", "tf", "torch")
_CAFFE_MEAN = (103.939, 116.779, 123.68)  # BGR order
_TORCH_MEAN = (0.485, 0.456, 0.406)
_TORCH_STD = (0.229, 0.224, 0.225)


def preprocess_input(x: Any, data_format: str | None = None, mode: str = "caffe") -> Any:
    """Scales a batch of RGB images (values in [0, 255]) the way a pretrained model expects.

    Modes:
        - `"caffe"`: RGB to BGR, then each channel minus its ImageNet mean; no scaling.
        - `"tf"`: scaled to [-1, 1] (`x / 127.5 - 1`).
        - `"torch"`: scaled to [0, 1], then each channel standardized with the ImageNet mean
          and standard deviation.

    A floating-point NumPy array is changed in place (pass `numpy.copy(x)` to keep it); an
    integer array is converted to `floatx()` first. Tensors (and symbolic tensors) give a
    new tensor.

    Args:
        x: A 3D or 4D NumPy array or tensor with 3 color channels.
        data_format: `"channels_last"` or `"channels_first"`; default
            `lamina.config.image_data_format()`.
        mode: `"caffe"`, `"tf"` or `"torch"`.

    Returns:
        The preprocessed images (float).

    Raises:
        ValueError: For an unknown `mode` or `data_format`.

    Example:
        >>> import numpy as np
        >>> from lamina.applications import imagenet_utils
        >>> image = np.full((1, 1, 1, 3), 255.0)
        >>> imagenet_utils.preprocess_input(image, mode="tf").tolist()
        [[[[1.0, 1.0, 1.0]]]]
    """
    if mode not in _MODES:
        raise ValueError(
            f"preprocess_input: mode must be one of 'caffe', 'tf' or 'torch', received {mode!r}."
        )
    if data_format is None:
        data_format = backend.image_data_format()
    elif data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            "preprocess_input: data_format must be 'channels_first' or 'channels_last', "
            f"received {data_format!r}."
        )
    if isinstance(x, np.ndarray):
        return _preprocess_numpy(x, data_format, mode)
    return _preprocess_tensor(x, data_format, mode)


def decode_predictions(preds: Any, top: int = 5) -> list[list[tuple[str, str, float]]]:
    """Turns ImageNet class probabilities into the `top` best `(class_id, name, score)`.

    The class index (a JSON file) is downloaded once into `~/.lamina/models` (see
    `lamina.utils.get_file`).

    Args:
        preds: Predictions of shape `(samples, 1000)` (NumPy array or tensor).
        top: How many classes to return per sample.

    Returns:
        One list per sample of `(class_id, class_name, score)` tuples, best first.

    Raises:
        ValueError: When `preds` is not of shape `(samples, 1000)`.

    Example:
        >>> import numpy as np
        >>> from lamina.applications import imagenet_utils
        >>> try:
        ...     imagenet_utils.decode_predictions(np.zeros((2, 10)))
        ... except ValueError as error:
        ...     print(str(error)[:45])
        decode_predictions expects a batch of predict
    """
    global CLASS_INDEX
    scores = np.asarray(ops.convert_to_numpy(preds))
    if scores.ndim != 2 or scores.shape[1] != 1000:
        raise ValueError(
            "decode_predictions expects a batch of predictions of shape (samples, 1000), "
            f"received an array of shape {tuple(scores.shape)}."
        )
    if CLASS_INDEX is None:
        from lamina.utils.file_utils import get_file

        path = get_file(
            "imagenet_class_index.json",
            CLASS_INDEX_PATH,
            cache_subdir="models",
            file_hash=CLASS_INDEX_HASH,
        )
        with open(path, encoding="utf-8") as f:
            CLASS_INDEX = json.load(f)
    results = []
    for row in scores:
        best = np.argsort(row, kind="stable")[::-1][:top]
        entries = [(*CLASS_INDEX[str(int(i))], float(row[i])) for i in best]
        results.append([tuple(entry) for entry in entries])
    return results  # type: ignore[return-value]


def _preprocess_numpy(x: np.ndarray, data_format: str, mode: str) -> np.ndarray:
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(backend.floatx(), copy=False)
    if mode == "tf":
        x /= 127.5
        x -= 1.0
        return x
    axis = _channel_axis(x.ndim, data_format)
    if mode == "torch":
        x /= 255.0
        mean, std = _TORCH_MEAN, _TORCH_STD
    else:
        x = np.flip(x, axis=axis)
        mean, std = _CAFFE_MEAN, None
    shape = [1] * x.ndim
    shape[axis] = 3
    x -= np.reshape(np.asarray(mean, dtype=x.dtype), shape)
    if std is not None:
        x /= np.reshape(np.asarray(std, dtype=x.dtype), shape)
    return x


def _preprocess_tensor(x: Any, data_format: str, mode: str) -> Any:
    if not backend.is_float_dtype(ops.dtype(x)):
        x = ops.cast(x, backend.floatx())
    if mode == "tf":
        return ops.subtract(ops.divide(x, 127.5), 1.0)
    ndim = len(ops.shape(x))
    axis = _channel_axis(ndim, data_format)
    shape = [1] * ndim
    shape[axis] = 3
    dtype = ops.dtype(x)
    if mode == "torch":
        x = ops.divide(x, 255.0)
        mean, std = _TORCH_MEAN, _TORCH_STD
    else:
        x = ops.flip(x, axis=axis)
        mean, std = _CAFFE_MEAN, None
    x = ops.subtract(x, ops.reshape(ops.convert_to_tensor(mean, dtype=dtype), shape))
    if std is not None:
        x = ops.divide(x, ops.reshape(ops.convert_to_tensor(std, dtype=dtype), shape))
    return x


def _channel_axis(ndim: int, data_format: str) -> int:
    if data_format == "channels_last":
        return ndim - 1
    return 0 if ndim == 3 else 1


def obtain_input_shape(
    input_shape: tuple | None,
    default_size: int,
    min_size: int,
    data_format: str,
    require_flatten: bool,
    weights: str | None = None,
    model_name: str = "model",
) -> tuple:
    """Returns the image shape (batch axis excluded) a model is built for, checked.

    Args:
        input_shape: The user's shape, or None for the model's default.
        default_size: The model's default height and width.
        min_size: The smallest height and width the model accepts.
        data_format: `"channels_last"` or `"channels_first"`.
        require_flatten: Whether the model has its classifier top (a fixed size is needed).
        weights: The `weights` argument (`"imagenet"` requires 3 channels and, with the top,
            the default size).
        model_name: Named in error messages.

    Example:
        >>> from lamina.applications.imagenet_utils import obtain_input_shape
        >>> obtain_input_shape(None, 224, 32, "channels_last", require_flatten=False)
        (None, None, 3)
    """
    last = data_format == "channels_last"
    channels = input_shape[-1 if last else 0] if input_shape and len(input_shape) == 3 else 3
    if weights == "imagenet" or channels is None:
        channels = 3
    elif channels not in (1, 3):
        warnings.warn(
            f"{model_name}: the model usually expects 1 or 3 input channels, but input_shape "
            f"{tuple(input_shape or ())} has {channels}.",
            stacklevel=3,
        )
    size = (default_size, default_size)
    default_shape = (*size, channels) if last else (channels, *size)
    if weights == "imagenet" and require_flatten:
        if input_shape is not None and tuple(input_shape) != default_shape:
            raise ValueError(
                f"{model_name}: with include_top=True and weights='imagenet', input_shape "
                f"must be {default_shape}, received input_shape={tuple(input_shape)}."
            )
        return default_shape
    if input_shape:
        _check_given_shape(tuple(input_shape), min_size, last, weights, model_name)
        shape = tuple(input_shape)
    elif require_flatten:
        shape = default_shape
    else:
        shape = (None, None, 3) if last else (3, None, None)
    if require_flatten and None in shape:
        raise ValueError(
            f"{model_name}: with include_top=True the input_shape must be fully known, "
            f"received input_shape={shape}. Pass sizes for every axis, or include_top=False."
        )
    return shape


def _check_given_shape(
    shape: tuple, min_size: int, last: bool, weights: str | None, model_name: str
) -> None:
    if len(shape) != 3:
        raise ValueError(
            f"{model_name}: input_shape must have three entries (height, width, channels), "
            f"received input_shape={shape}."
        )
    channels = shape[-1] if last else shape[0]
    if weights == "imagenet" and channels != 3:
        raise ValueError(
            f"{model_name}: weights='imagenet' needs 3 input channels, received "
            f"input_shape={shape}."
        )
    spatial = shape[:2] if last else shape[1:]
    if any(size is not None and size < min_size for size in spatial):
        raise ValueError(
            f"{model_name}: the input must be at least {min_size}x{min_size}, received "
            f"input_shape={shape}."
        )


def correct_pad(inputs: Any, kernel_size: int | tuple[int, int]) -> tuple:
    """Returns the `ZeroPadding2D` padding that makes a stride-2 'valid' convolution of
    `kernel_size` cover the input as TensorFlow's 'same' padding does.

    Args:
        inputs: A 4D (symbolic) tensor.
        kernel_size: The convolution's kernel size.

    Example:
        >>> import lamina
        >>> from lamina.applications.imagenet_utils import correct_pad
        >>> correct_pad(lamina.Input((32, 32, 3)), 3)
        ((0, 1), (0, 1))
    """
    first = 2 if backend.image_data_format() == "channels_first" else 1
    rows, cols = tuple(inputs.shape)[first : first + 2]
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    adjust = (1, 1) if rows is None else (1 - rows % 2, 1 - cols % 2)
    half = (kernel_size[0] // 2, kernel_size[1] // 2)
    return ((half[0] - adjust[0], half[0]), (half[1] - adjust[1], half[1]))


def validate_activation(classifier_activation: Any, weights: str | None) -> None:
    """Raises a ValueError unless `classifier_activation` is None or softmax when pretrained
    weights (anything but `weights=None`) are loaded.

    Example:
        >>> from lamina.applications.imagenet_utils import validate_activation
        >>> validate_activation("relu", None)  # random weights: any activation
        >>> validate_activation("softmax", "imagenet")
    """
    if weights is None:
        return
    from lamina import activations

    chosen = activations.get(classifier_activation)
    if chosen not in (activations.get("softmax"), activations.get(None)):
        raise ValueError(
            "With pretrained weights, classifier_activation must be None or 'softmax', "
            f"received classifier_activation={classifier_activation!r}."
        )
