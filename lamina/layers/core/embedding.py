"""Embedding: maps integer ids to learned dense vectors."""

from __future__ import annotations

import warnings
from typing import Any

from lamina import constraints, initializers, ops, regularizers
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class Embedding(Layer):
    """Looks up a learned vector for each integer id: `embeddings[inputs]`.

    Args:
        input_dim: Number of ids (the vocabulary size); ids lie in `[0, input_dim)`.
        output_dim: Size of each vector.
        embeddings_initializer: Initializer of the `(input_dim, output_dim)` table.
        embeddings_regularizer, activity_regularizer: Optional regularizers.
        embeddings_constraint: Optional constraint on the table.
        mask_zero: Whether id 0 is padding: then `compute_mask` gives `inputs != 0`, and
            `input_dim` should count the padding id.
        weights: Optional initial table (an array, or a list holding one); builds the layer.

    Input shape: `(batch, ...)` of ints. Output shape: `(batch, ..., output_dim)`.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.Embedding(10, 3, mask_zero=True)
        >>> ids = lamina.ops.convert_to_tensor([[0, 4, 9]])
        >>> lamina.ops.shape(layer(ids))
        (1, 3, 3)
        >>> lamina.ops.convert_to_numpy(layer.compute_mask(ids)).tolist()
        [[False, True, True]]
    """

    def __init__(
        self,
        input_dim: int,
        output_dim: int,
        embeddings_initializer: Any = "uniform",
        embeddings_regularizer: Any = None,
        embeddings_constraint: Any = None,
        mask_zero: bool = False,
        weights: Any = None,
        lora_rank: int | None = None,
        **kwargs: Any,
    ) -> None:
        if kwargs.pop("input_length", None) is not None:
            warnings.warn(
                "Embedding: the argument `input_length` is deprecated and ignored; remove it.",
                stacklevel=2,
            )
        super().__init__(**kwargs)
        for argument, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(
                    f"Embedding '{self.name}': {argument} must be a positive int, "
                    f"received {value!r}."
                )
        if lora_rank is not None:
            raise NotImplementedError(
                f"Embedding '{self.name}': LoRA (lora_rank={lora_rank!r}) is not supported "
                "yet; pass lora_rank=None."
            )
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero
        if weights is not None:
            self.build(None)
            self.set_weights(weights if isinstance(weights, list) else [weights])

    def build(self, input_shape: Shape | None = None) -> None:
        if self.built:
            return
        self.embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer,
            regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint,
            name="embeddings",
        )

    def call(self, inputs: Tensor) -> Tensor:
        if ops.dtype(inputs) not in ("int32", "int64"):
            inputs = ops.cast(inputs, "int32")
        outputs = ops.take(self.embeddings, inputs, axis=0)
        return ops.cast(outputs, self.compute_dtype)

    def compute_mask(self, inputs: Tensor, previous_mask: Any = None) -> Tensor | None:
        """Returns `inputs != 0` when `mask_zero`, else None."""
        if not self.mask_zero:
            return None
        return ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape: Shape) -> Shape:
        return (*tuple(input_shape), self.output_dim)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "input_dim": self.input_dim,
                "output_dim": self.output_dim,
                "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
                "embeddings_regularizer": _maybe(
                    regularizers.serialize, self.embeddings_regularizer
                ),
                "embeddings_constraint": _maybe(constraints.serialize, self.embeddings_constraint),
                "mask_zero": self.mask_zero,
            }
        )
        return config


def _maybe(fn: Any, value: Any) -> Any:
    return None if value is None else fn(value)
