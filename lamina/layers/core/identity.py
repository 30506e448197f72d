"""Identity: returns its input unchanged."""

from __future__ import annotations

from typing import Any

from lamina.layers.layer import Layer


class Identity(Layer):
    """Returns its input (a tensor or a nested structure) unchanged; masks pass through.

    Useful as a placeholder where a layer is expected but no computation is wanted.

    Input shape: any. Output shape: the input's.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.Identity()
        >>> lamina.ops.convert_to_numpy(layer(lamina.ops.convert_to_tensor([1.0, 2.0]))).tolist()
        [1.0, 2.0]
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        return inputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def get_config(self) -> dict:
        return super().get_config()
