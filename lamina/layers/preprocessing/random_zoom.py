"""RandomZoom: zooms each image in or out by a random amount while training."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina.layers.preprocessing.affine_layer import RandomAffineLayer, affine_rows
from lamina.layers.preprocessing.augmentation_arguments import factor_range
from lamina.typing import Tensor


class RandomZoom(RandomAffineLayer):
    """Zooms each image about its center by a random amount while training.

    The zoom of each axis is `1 + z` with `z` drawn from its factor's range: `z > 0` zooms
    out (the image shrinks; the border is filled as `fill_mode` says), `z < 0` zooms in.
    Identity in inference. Integer inputs are cast to the compute dtype.

    Args:
        height_factor: A float `f` (range `[-f, f]`) or a pair `(lower, upper)`, each in
            (-1, 1]: the vertical zoom range. `(0.2, 0.3)` zooms out by 20% to 30%.
        width_factor: The same for the horizontal zoom; None (default) applies the vertical
            zoom to both axes, keeping the aspect ratio.
        fill_mode: How points outside the input are filled: "reflect" (default), "wrap",
            "constant" (`fill_value`) or "nearest".
        interpolation: "bilinear" (default) or "nearest".
        seed: An int that makes the zooms reproducible, or None.
        fill_value: The value of outside points when `fill_mode="constant"`.
        data_format: `"channels_last"` or `"channels_first"`; None uses
            `lamina.config.image_data_format()`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape: `(batch, height, width, channels)` or one image without the batch axis
    (channels first for "channels_first"). Output shape: the input's.

    Example:
        >>> import numpy as np
        >>> import lamina
        >>> layer = lamina.layers.RandomZoom((1.0, 1.0), fill_mode="constant")  # zoom out 2x
        >>> image = np.arange(1.0, 10.0).reshape(3, 3, 1)
        >>> lamina.ops.convert_to_numpy(layer(image))[..., 0].tolist()
        [[0.0, 0.0, 0.0], [0.0, 5.0, 0.0], [0.0, 0.0, 0.0]]
    """

    def __init__(
        self,
        height_factor: float | Sequence[float],
        width_factor: float | Sequence[float] | None = None,
        fill_mode: str = "reflect",
        interpolation: str = "bilinear",
        seed: int | None = None,
        fill_value: float = 0.0,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(fill_mode, interpolation, seed, fill_value, data_format, **kwargs)
        self.height_factor = height_factor
        self.width_factor = width_factor
        self._height_range = self._zoom_range("height_factor", height_factor)
        self._width_range = (
            None if width_factor is None else self._zoom_range("width_factor", width_factor)
        )

    def transforms(self, images: Tensor) -> Tensor:
        height, width = self._image_size(images)
        zoom_y = self._draw(images, 1.0 + self._height_range[0], 1.0 + self._height_range[1])
        zoom_x = zoom_y
        if self._width_range is not None:
            zoom_x = self._draw(images, 1.0 + self._width_range[0], 1.0 + self._width_range[1])
        # Output pixel p maps to input point zoom * (p - center) + center.
        shift_x = (width - 1) / 2.0 * (1.0 - zoom_x)
        shift_y = (height - 1) / 2.0 * (1.0 - zoom_y)
        return affine_rows(zoom_y, zoom_x, 0.0, shift_x, 0.0, zoom_y, shift_y)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height_factor": self.height_factor, "width_factor": self.width_factor})
        return config

    def _zoom_range(self, name: str, factor: Any) -> tuple[float, float]:
        lower, upper = factor_range(self, name, factor, (-1.0, 1.0))
        if lower <= -1.0:
            raise ValueError(
                f"RandomZoom '{self.name}': {name} must lie in (-1, 1] (a zoom of -100% "
                f"would shrink the image to nothing), received {name}={factor!r}."
            )
        return lower, upper
