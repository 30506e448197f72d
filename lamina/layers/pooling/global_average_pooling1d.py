"""GlobalAveragePooling1D: the mean over all spatial positions of temporal data."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.layers.pooling.base_global_pooling import BaseGlobalPooling
from lamina.typing import Tensor


class GlobalAveragePooling1D(BaseGlobalPooling):
    """Global average pooling for temporal data: the mean of each channel over all
    spatial positions.

    Args:
        data_format: `"channels_last"` (`(batch, steps, features)`) or `"channels_first"`
            (`(batch, features, steps)`); None uses `lamina.config.image_data_format()`.
        keepdims: Whether the spatial axes stay, with size 1 (default False: they are
            removed, as `ops.mean(..., keepdims=False)` does).

    Call arguments:
        inputs: A 3D tensor.
        mask: Optional boolean tensor of shape `(batch, steps)` (e.g. from an `Embedding` with
            `mask_zero=True`): only the steps where it is True enter the mean. A sample whose
            steps are all masked averages nothing, giving NaN, as in Keras.

    Input shape: 3D, laid out as `data_format` says. Output shape: `(batch, channels)`,
    or with `keepdims=True` the input's layout with a spatial size of 1.

    Example:
        >>> import lamina
        >>> x = lamina.ops.ones((2, 5, 3))
        >>> lamina.ops.shape(lamina.layers.GlobalAveragePooling1D()(x))
        (2, 3)
        >>> lamina.ops.shape(lamina.layers.GlobalAveragePooling1D(keepdims=True)(x))
        (2, 1, 3)
        >>> mask = lamina.ops.convert_to_tensor([[True, True, False, False, False]] * 2)
        >>> x = lamina.ops.reshape(lamina.ops.arange(30.0), (2, 5, 3))
        >>> y = lamina.layers.GlobalAveragePooling1D()(x, mask=mask)
        >>> lamina.ops.convert_to_numpy(y)[0].tolist()  # the mean of steps 0 and 1
        [1.5, 2.5, 3.5]
    """

    rank = 1
    mode = "average"

    def __init__(
        self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(data_format, keepdims, **kwargs)

    def call(self, inputs: Tensor, mask: Tensor | None = None) -> Tensor:
        if mask is None:
            return super().call(inputs)
        steps_axis = self._axes[0]
        weights = ops.cast(mask, ops.dtype(inputs))
        weights = ops.expand_dims(weights, 2 if self.data_format == "channels_last" else 1)
        total = ops.sum(ops.multiply(inputs, weights), axis=steps_axis, keepdims=self.keepdims)
        count = ops.sum(weights, axis=steps_axis, keepdims=self.keepdims)
        return ops.divide(total, count)
