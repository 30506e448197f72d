"""ActivityRegularization: passes inputs through and adds an L1/L2 penalty on them."""

from __future__ import annotations

from typing import Any

from lamina import regularizers
from lamina.layers.layer import Layer
from lamina.layers.regularization.argument_checks import check_non_negative
from lamina.typing import Shape, Tensor


class ActivityRegularization(Layer):
    """Returns its inputs unchanged and adds `l1 * sum(|x|) + l2 * sum(x ** 2)` to `losses`.

    The penalty is added on every call (in training and in inference), like any activity
    regularizer; it is visible in `layer.losses` until the next outermost call.

    Args:
        l1: The L1 factor, a float >= 0.
        l2: The L2 factor, a float >= 0.

    Input shape: any. Output shape: the input's.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.ActivityRegularization(l1=0.5, l2=1.0)
        >>> y = layer(lamina.ops.convert_to_tensor([[1.0, -2.0]]))
        >>> lamina.ops.convert_to_numpy(y).tolist(), float(layer.losses[0])
        ([[1.0, -2.0]], 6.5)
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.l1 = check_non_negative(self, "l1", l1)
        self.l2 = check_non_negative(self, "l2", l2)
        self._activity_regularizer = regularizers.L1L2(l1=self.l1, l2=self.l2)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Tensor) -> Tensor:
        return inputs

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("activity_regularizer", None)
        config.update({"l1": self.l1, "l2": self.l2})
        return config
