"""AdaptiveMaxPooling1D: the maximum over bins sized so that temporal data pool to a fixed size."""

from __future__ import annotations

from typing import Any

from lamina.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


class AdaptiveMaxPooling1D(BaseAdaptivePooling):
    """Adaptive max pooling for temporal data: pools each spatial axis of any length `n` to
    `output_size` bins, bin `i` covering positions `floor(i * n / output_size)` to
    `ceil((i + 1) * n / output_size)` (exclusive), as PyTorch's adaptive pooling does.

    Args:
        output_size: The number of bins per spatial axis: an int.
        data_format: `"channels_last"` (`(batch, steps, channels)`) or `"channels_first"`
            (`(batch, channels, steps)`); None uses `lamina.config.image_data_format()`.

    Input shape: 3D, laid out as `data_format` says. Output shape: the same layout with
    the spatial sizes `(output_steps)` given by `output_size`.

    Example:
        >>> import lamina
        >>> x = lamina.ops.convert_to_tensor([[[1.0], [5.0], [2.0], [3.0], [4.0]]])
        >>> y = lamina.layers.AdaptiveMaxPooling1D(output_size=2)(x)  # bins [0, 3) and [2, 5)
        >>> lamina.ops.convert_to_numpy(y)[0, :, 0].tolist()
        [5.0, 4.0]
    """

    rank = 1
    mode = "max"

    def __init__(self, output_size: int, data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(output_size, data_format, **kwargs)
