"""Helpers shared by the data adapters: (x, y, sample_weight) packing, array checks, splits."""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from lamina.backend.common.symbolic_tensor import flatten, map_structure

_LABELS = ("x", "y", "sample_weight")


def unpack_x_y_sample_weight(data: Any) -> tuple[Any, Any, Any]:
    """Splits a batch into `(x, y, sample_weight)`, with None for the parts it lacks.

    A tuple or list of one to three elements is `(x,)`, `(x, y)` or `(x, y, sample_weight)`;
    anything else (an array, a dict) is `x` alone. Useful in a custom `train_step`.

    Args:
        data: A batch: `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`.

    Returns:
        The tuple `(x, y, sample_weight)`.

    Raises:
        ValueError: When `data` is a tuple or list of more than three elements.

    Example:
        >>> from lamina.utils import unpack_x_y_sample_weight
        >>> unpack_x_y_sample_weight(([1.0, 2.0], [0, 1]))
        ([1.0, 2.0], [0, 1], None)
        >>> unpack_x_y_sample_weight({"a": 1})
        ({'a': 1}, None, None)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return (data, None, None)
    if 1 <= len(data) <= 3:
        padded = tuple(data) + (None,) * (3 - len(data))
        return (padded[0], padded[1], padded[2])
    raise ValueError(
        "unpack_x_y_sample_weight: expected `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`, "
        f"received a {type(data).__name__} of {len(data)} elements. Wrap several inputs in "
        "their own tuple or dict: `((input_a, input_b), y)`."
    )


def pack_x_y_sample_weight(x: Any, y: Any = None, sample_weight: Any = None) -> Any:
    """Packs `x`, `y` and `sample_weight` into the batch format `fit` reads.

    With only `x`, returns `x` itself, or `(x,)` when `x` is a tuple or list (so that it is
    not mistaken for `(x, y)`).

    Args:
        x: The model's inputs.
        y: The targets, or None.
        sample_weight: Per-sample weights, or None.

    Returns:
        `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`.

    Example:
        >>> from lamina.utils import pack_x_y_sample_weight
        >>> pack_x_y_sample_weight([1.0, 2.0], [0, 1])
        ([1.0, 2.0], [0, 1])
        >>> pack_x_y_sample_weight([1.0, 2.0])
        ([1.0, 2.0],)
    """
    if y is None and sample_weight is None:
        return (x,) if isinstance(x, (tuple, list)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def is_number_sequence(value: Any) -> bool:
    """Returns whether `value` is a non-empty (nested) list or tuple of Python numbers."""
    if not isinstance(value, (list, tuple)) or not value:
        return False
    return all(
        is_number_sequence(item) or isinstance(item, (numbers.Number, np.generic)) for item in value
    )


def is_torch_tensor(value: Any) -> bool:
    """Returns whether `value` is a torch.Tensor, without importing torch."""
    return type(value).__module__.startswith("torch") and hasattr(value, "detach")


def is_array_like(value: Any) -> bool:
    """Returns whether `value` is one array: NumPy, an engine tensor, or anything with
    `__array__` and `shape` (pandas, TF tensors)."""
    if isinstance(value, np.ndarray):
        return True
    return hasattr(value, "__array__") and hasattr(value, "shape")


def can_convert_arrays(data: Any) -> bool:
    """Returns whether every leaf of `data` is None, an array or a list of numbers."""
    if data is None or is_array_like(data) or is_number_sequence(data):
        return True
    if isinstance(data, dict):
        return all(can_convert_arrays(value) for value in data.values())
    if isinstance(data, (list, tuple)):
        return all(can_convert_arrays(value) for value in data)
    return False


def to_numpy(value: Any) -> Any:
    """Returns one array-like `value` as a NumPy array (None stays None)."""
    if value is None or isinstance(value, np.ndarray):
        return value
    if is_torch_tensor(value):
        tensor = value.detach().cpu()
        if str(tensor.dtype) == "torch.bfloat16":
            import ml_dtypes

            return tensor.float().numpy().astype(ml_dtypes.bfloat16)
        return tensor.numpy()
    return np.asarray(value)


def to_numpy_structure(data: Any, source: str = "data") -> Any:
    """Returns `data` with every leaf as a NumPy array, lists of numbers included.

    Raises:
        TypeError: When a leaf is neither None nor array-like; `source` names the caller.
    """
    if data is None or is_array_like(data) or is_number_sequence(data):
        return to_numpy(data)
    if isinstance(data, dict):
        return {key: to_numpy_structure(value, source) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        items = [to_numpy_structure(value, source) for value in data]
        return type(data)(*items) if hasattr(data, "_fields") else type(data)(items)
    raise TypeError(
        f"{source}: expected NumPy arrays, engine tensors or lists of numbers (possibly in "
        f"dicts, lists or tuples), received a leaf of type {type(data).__name__}: {data!r:.80}."
    )


def standardize_batch(batch: Any, source: str) -> tuple:
    """Returns a batch from a generator or dataset as `(x,)`, `(x, y)` or `(x, y, sw)`: a
    tuple or list of one to three elements keeps its parts, anything else is `x` alone."""
    if not isinstance(batch, (tuple, list)):
        return (batch,)
    if not 1 <= len(batch) <= 3:
        raise ValueError(
            f"{source}: a batch must be `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`, "
            f"received a {type(batch).__name__} of {len(batch)} elements. Wrap several inputs "
            "in their own tuple or dict: `((input_a, input_b), y)`."
        )
    return tuple(batch)


def _first_dim(array: Any) -> int:
    shape = getattr(array, "shape", None)
    if shape is None or len(shape) == 0:
        raise ValueError(
            f"Data arrays need a batch (first) dimension; received an array of shape "
            f"{tuple(shape) if shape is not None else None}. Reshape it to (num_samples, ...)."
        )
    return int(shape[0])


def check_data_cardinality(data: tuple) -> int:
    """Checks that all arrays in `(x, y, sample_weight)` have the same first dimension.

    Returns:
        The common number of samples.

    Raises:
        ValueError: Listing the sizes of `x`, `y` and `sample_weight` when they differ.
    """
    sizes = [[_first_dim(a) for a in flatten(part) if a is not None] for part in data]
    distinct = {size for part in sizes for size in part}
    if len(distinct) > 1:
        listing = ", ".join(
            f"{label} sizes: {', '.join(str(size) for size in part)}"
            for label, part in zip(_LABELS, sizes)
            if part
        )
        raise ValueError(
            f"Data cardinality is ambiguous: {listing}. Make sure all arrays contain the same "
            "number of samples."
        )
    if not distinct:
        raise ValueError("Data contains no arrays: `x` must hold at least one array.")
    return distinct.pop()


def train_validation_split(arrays: Any, validation_split: float) -> tuple[Any, Any]:
    """Splits arrays along their first dimension: the LAST `validation_split` fraction of the
    samples becomes the validation set (samples are not shuffled first), as in Keras.

    Args:
        arrays: Arrays, or nested tuples/lists/dicts of them (None leaves are kept).
        validation_split: A float strictly between 0 and 1.

    Returns:
        `(train_arrays, validation_arrays)`, both nested like `arrays`.

    Example:
        >>> import numpy as np
        >>> from lamina.trainers.data_adapters import train_validation_split
        >>> train, val = train_validation_split((np.arange(10), None), 0.2)
        >>> train[0].tolist(), val[0].tolist(), val[1]
        ([0, 1, 2, 3, 4, 5, 6, 7], [8, 9], None)
    """
    if not 0.0 < float(validation_split) < 1.0:
        raise ValueError(
            "train_validation_split: `validation_split` must be a float strictly between 0 and "
            f"1, received {validation_split!r}."
        )
    if not can_convert_arrays(arrays):
        kinds = sorted(
            {type(leaf).__name__ for leaf in flatten(arrays) if not _is_array_or_none(leaf)}
        )
        raise ValueError(
            "train_validation_split: `validation_split` is only supported for NumPy arrays, "
            f"engine tensors and lists of numbers, received leaves of type {', '.join(kinds)}. "
            "Pass `validation_data` instead."
        )
    arrays = _numbers_as_leaves(arrays)
    leaves = [leaf for leaf in flatten(arrays) if leaf is not None]
    if not leaves:
        return arrays, arrays
    num_samples = _first_dim(leaves[0])
    split_at = int(math.floor(num_samples * (1.0 - validation_split)))
    if split_at == 0 or split_at == num_samples:
        raise ValueError(
            f"train_validation_split: {num_samples} samples cannot be split with "
            f"validation_split={validation_split}: one side would be empty. Provide more data "
            "or choose another `validation_split`."
        )
    train = map_structure(lambda a: None if a is None else a[:split_at], arrays)
    validation = map_structure(lambda a: None if a is None else a[split_at:], arrays)
    return train, validation


def _is_array_or_none(value: Any) -> bool:
    return value is None or is_array_like(value) or isinstance(value, (numbers.Number, np.generic))


def _numbers_as_leaves(data: Any) -> Any:
    """Wraps lists of numbers in NumPy arrays so that tree functions treat them as leaves."""
    if is_number_sequence(data):
        return np.asarray(data)
    if isinstance(data, dict):
        return {key: _numbers_as_leaves(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        items = [_numbers_as_leaves(value) for value in data]
        return type(data)(*items) if hasattr(data, "_fields") else type(data)(items)
    return data


def class_weight_to_sample_weights(y: Any, class_weight: dict) -> np.ndarray:
    """Returns one weight per sample: `class_weight[label]`, or 1.0 for unlisted classes.

    Args:
        y: Integer labels `(n,)` or `(n, 1)`, or one-hot / probabilities `(n, classes)` (the
            argmax of the last axis is the label).
        class_weight: A dict from class index to weight.

    Example:
        >>> from lamina.trainers.data_adapters import class_weight_to_sample_weights
        >>> class_weight_to_sample_weights([0, 1, 2], {1: 5.0}).tolist()
        [1.0, 5.0, 1.0]
        >>> class_weight_to_sample_weights([[0, 1], [1, 0]], {0: 2.0}).tolist()
        [1.0, 2.0]
    """
    from lamina import backend

    if not isinstance(class_weight, dict):
        raise ValueError(
            "class_weight must be a dict mapping class indices to weights, received "
            f"{type(class_weight).__name__}: {class_weight!r}."
        )
    weights = {}
    for key, value in class_weight.items():
        try:
            weights[int(key)] = float(value)
        except (TypeError, ValueError):
            raise ValueError(
                "class_weight must map integer class indices to float weights, received the "
                f"entry {key!r}: {value!r}."
            ) from None
    labels = to_numpy(np.asarray(y) if isinstance(y, (list, tuple)) else y)
    if labels.ndim > 1:
        labels = np.argmax(labels, axis=-1) if labels.shape[-1] > 1 else labels[..., 0]
    if labels.ndim != 1:
        raise ValueError(
            "class_weight needs one label per sample: targets of shape (n,), (n, 1) or "
            f"(n, classes); received targets of shape {tuple(np.shape(y))}."
        )
    labels = np.round(labels).astype("int64")
    sample_weight = np.ones(labels.shape[0], dtype=backend.floatx())
    for label, weight in weights.items():
        sample_weight[labels == label] = weight
    return sample_weight


def apply_class_weight(batch: tuple, class_weight: dict | None, source: str) -> tuple:
    """Appends class-weight sample weights to an `(x, y)` batch from a generator or dataset."""
    if class_weight is None:
        return batch
    if len(batch) != 2:
        problem = "also holds sample weights" if len(batch) == 3 else "holds no targets"
        raise ValueError(
            f"{source}: class_weight needs batches `(x, y)`, but a batch {problem}. Pass "
            "either class_weight or per-sample weights, not both."
        )
    if isinstance(batch[1], (dict, list, tuple)):
        raise ValueError(
            f"{source}: class_weight is only supported for a single output, but the targets "
            f"are a {type(batch[1]).__name__}. Pass per-output sample weights instead."
        )
    return (batch[0], batch[1], class_weight_to_sample_weights(batch[1], class_weight))
