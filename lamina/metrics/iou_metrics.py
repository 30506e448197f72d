"""Intersection-over-union metrics, from a running (weighted) confusion matrix of classes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.backend import epsilon
from lamina.losses.shape_checks import to_tensor
from lamina.metrics.metric import Metric
from lamina.typing import Tensor


class IoU(Metric):
    """The mean intersection-over-union `tp / (tp + fp + fn)` of the classes `target_class_ids`.

    A running confusion matrix (rows: true class, columns: predicted class) accumulates the
    sample weights; classes that never occur in labels or predictions are left out of the
    mean.

    Args:
        num_classes: The number of classes.
        target_class_ids: The classes whose IoUs are averaged.
        name: The metric's name.
        dtype: The dtype of the state and result; float32 when None.
        ignore_class: A label (e.g. 255 for "void") whose entries are not counted.
        sparse_y_true: Whether labels are class ids (else: scores, arg-maxed on `axis`).
        sparse_y_pred: Whether predictions are class ids (else: scores, arg-maxed on `axis`).
        axis: The class axis of dense inputs.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.IoU(num_classes=2, target_class_ids=[0])
        >>> metric.update_state([0, 0, 1, 1], [0, 1, 0, 1])
        >>> round(float(metric.result()), 4)
        0.3333
    """

    def __init__(
        self,
        num_classes: int,
        target_class_ids: Sequence[int],
        name: str | None = None,
        dtype: Any = None,
        ignore_class: int | None = None,
        sparse_y_true: bool = True,
        sparse_y_pred: bool = True,
        axis: int = -1,
    ) -> None:
        super().__init__(name=name, dtype=dtype or "float32")
        self._direction = "up"
        owner = f"{type(self).__name__} '{self.name}'"
        if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 1:
            raise ValueError(f"{owner}: num_classes must be an int >= 1, received {num_classes!r}.")
        target_class_ids = list(target_class_ids)
        if not target_class_ids or any(
            isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < num_classes
            for i in target_class_ids
        ):
            raise ValueError(
                f"{owner}: target_class_ids must be a non-empty list of class ids in "
                f"[0, {num_classes}), received {target_class_ids!r}."
            )
        self.num_classes = num_classes
        self.target_class_ids = target_class_ids
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable(
            (num_classes, num_classes), "zeros", dtype=self.dtype, name="total_confusion_matrix"
        )

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Adds the batch's weighted (true class, predicted class) pairs to the matrix.

        Args:
            y_true: Class ids (or scores when not `sparse_y_true`).
            y_pred: Class ids (or scores when not `sparse_y_pred`).
            sample_weight: None, or weights broadcastable to the class ids.
        """
        true_ids = ops.argmax(y_true, axis=self.axis) if not self.sparse_y_true else y_true
        pred_ids = ops.argmax(y_pred, axis=self.axis) if not self.sparse_y_pred else y_pred
        true_ids = ops.reshape(ops.cast(to_tensor(true_ids), "int32"), (-1,))
        pred_ids = ops.reshape(ops.cast(to_tensor(pred_ids), "int32"), (-1,))
        if sample_weight is None:
            weights = ops.ones(tuple(true_ids.shape), dtype=self.dtype)
        else:
            weights = ops.reshape(to_tensor(sample_weight, self.dtype), (-1,))
            weights = ops.broadcast_to(weights, tuple(true_ids.shape))
        # Pairs outside [0, num_classes) (and the ignored class) add nothing.
        valid = ops.logical_and(
            ops.logical_and(ops.greater_equal(true_ids, 0), ops.less(true_ids, self.num_classes)),
            ops.logical_and(ops.greater_equal(pred_ids, 0), ops.less(pred_ids, self.num_classes)),
        )
        if self.ignore_class is not None:
            valid = ops.logical_and(valid, ops.not_equal(true_ids, self.ignore_class))
        weights = ops.where(valid, weights, 0.0)
        cell_ids = ops.add(ops.multiply(true_ids, self.num_classes), pred_ids)
        cell_ids = ops.where(valid, cell_ids, 0)
        counts = ops.segment_sum(weights, cell_ids, num_segments=self.num_classes**2)
        self.total_cm.assign_add(ops.reshape(counts, (self.num_classes, self.num_classes)))

    def result(self) -> Tensor:
        """Returns the mean IoU over the target classes that occurred."""
        matrix = self.total_cm.value
        predicted = ops.sum(matrix, axis=0)
        actual = ops.sum(matrix, axis=1)
        true_pos = ops.diagonal(matrix)
        union = ops.subtract(ops.add(predicted, actual), true_pos)
        targets = ops.convert_to_tensor(self.target_class_ids, dtype="int32")
        true_pos = ops.take(true_pos, targets)
        union = ops.take(union, targets)
        occurring = ops.sum(ops.cast(ops.greater(union, 1e-9), self.dtype))
        iou = ops.divide(true_pos, union + epsilon())
        return ops.divide(ops.sum(iou), occurring + epsilon())

    def get_config(self) -> dict[str, Any]:
        """Returns the constructor arguments."""
        return {
            **super().get_config(),
            "num_classes": self.num_classes,
            "target_class_ids": self.target_class_ids,
            "ignore_class": self.ignore_class,
            "sparse_y_true": self.sparse_y_true,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }


class BinaryIoU(IoU):
    """IoU for binary labels, with predictions at or above `threshold` taken as class 1.

    Args:
        target_class_ids: `[0]`, `[1]` or `[0, 1]`: the classes whose IoUs are averaged.
        threshold: Predictions `>= threshold` are class 1, the others class 0.
        name: The metric's name.
        dtype: The dtype of the state and result; float32 when None.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.BinaryIoU(target_class_ids=[0, 1], threshold=0.3)
        >>> metric.update_state([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7])
        >>> round(float(metric.result()), 4)
        0.3333
    """

    def __init__(
        self,
        target_class_ids: Sequence[int] = (0, 1),
        threshold: float = 0.5,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(num_classes=2, target_class_ids=target_class_ids, name=name, dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Thresholds the predictions, then adds the batch to the matrix."""
        predicted = ops.cast(
            ops.greater_equal(to_tensor(y_pred, self.dtype), self.threshold), "int32"
        )
        super().update_state(y_true, predicted, sample_weight)

    def get_config(self) -> dict[str, Any]:
        """Returns `name`, `dtype`, `target_class_ids` and `threshold`."""
        return {
            "name": self.name,
            "dtype": self.dtype,
            "target_class_ids": self.target_class_ids,
            "threshold": self.threshold,
        }


class MeanIoU(IoU):
    """The mean IoU over all `num_classes` classes (those that occurred).

    Args:
        num_classes: The number of classes.
        name: The metric's name.
        dtype: The dtype of the state and result; float32 when None.
        ignore_class: A label whose entries are not counted.
        sparse_y_true: Whether labels are class ids (else: scores, arg-maxed on `axis`).
        sparse_y_pred: Whether predictions are class ids (else: scores, arg-maxed on `axis`).
        axis: The class axis of dense inputs.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.MeanIoU(num_classes=2)
        >>> metric.update_state([0, 0, 1, 1], [0, 1, 0, 1])
        >>> round(float(metric.result()), 4)
        0.3333
    """

    def __init__(
        self,
        num_classes: int,
        name: str | None = None,
        dtype: Any = None,
        ignore_class: int | None = None,
        sparse_y_true: bool = True,
        sparse_y_pred: bool = True,
        axis: int = -1,
    ) -> None:
        super().__init__(
            num_classes,
            list(range(num_classes)) if isinstance(num_classes, int) else [],
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=sparse_y_true,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self) -> dict[str, Any]:
        """Returns the constructor arguments."""
        config = super().get_config()
        del config["target_class_ids"]
        return config


class OneHotIoU(IoU):
    """IoU of target classes for one-hot labels (and, by default, score predictions).

    Args:
        num_classes: The number of classes.
        target_class_ids: The classes whose IoUs are averaged.
        name: The metric's name.
        dtype: The dtype of the state and result; float32 when None.
        ignore_class: A class id whose entries are not counted.
        sparse_y_pred: Whether predictions are class ids (else: scores, arg-maxed on `axis`).
        axis: The class axis.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.OneHotIoU(num_classes=3, target_class_ids=[0, 2])
        >>> metric.update_state([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
        ...                     [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1],
        ...                      [0.1, 0.4, 0.5]])
        >>> round(float(metric.result()), 4)
        0.1667
    """

    def __init__(
        self,
        num_classes: int,
        target_class_ids: Sequence[int],
        name: str | None = None,
        dtype: Any = None,
        ignore_class: int | None = None,
        sparse_y_pred: bool = False,
        axis: int = -1,
    ) -> None:
        super().__init__(
            num_classes,
            target_class_ids,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self) -> dict[str, Any]:
        """Returns the constructor arguments."""
        config = super().get_config()
        del config["sparse_y_true"]
        return config


class OneHotMeanIoU(MeanIoU):
    """The mean IoU over all classes, for one-hot labels (and, by default, score predictions).

    Args:
        num_classes: The number of classes.
        name: The metric's name.
        dtype: The dtype of the state and result; float32 when None.
        ignore_class: A class id whose entries are not counted.
        sparse_y_pred: Whether predictions are class ids (else: scores, arg-maxed on `axis`).
        axis: The class axis.

    Example:
        >>> import lamina
        >>> metric = lamina.metrics.OneHotMeanIoU(num_classes=3)
        >>> metric.update_state([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
        ...                     [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1],
        ...                      [0.1, 0.4, 0.5]])
        >>> round(float(metric.result()), 4)
        0.1111
    """

    def __init__(
        self,
        num_classes: int,
        name: str | None = None,
        dtype: Any = None,
        ignore_class: int | None = None,
        sparse_y_pred: bool = False,
        axis: int = -1,
    ) -> None:
        super().__init__(
            num_classes,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self) -> dict[str, Any]:
        """Returns the constructor arguments."""
        config = super().get_config()
        del config["sparse_y_true"]
        return config
