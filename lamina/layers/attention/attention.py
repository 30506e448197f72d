"""Attention: dot-product (Luong-style) attention of a query sequence over a value sequence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops, random
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.layers.attention.attention_masks import causal_mask
from lamina.layers.input_shapes import is_shape
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor

_SCORE_MODES = ("dot", "concat")


class Attention(Layer):
    """Dot-product attention: each query step takes a softmax-weighted mix of the values.

    With `query` `(batch, Tq, dim)`, `value` `(batch, Tv, value_dim)` and `key`
    `(batch, Tv, dim)` (the value when not given), the scores are `query @ key^T` (times the
    learned `scale` when `use_scale`) for `score_mode="dot"`, or
    `concat_score_weight * sum(tanh(scale * (query_i + key_j)))` for `"concat"`. Masked
    scores are pushed to a large negative number, a softmax over `Tv` gives the attention
    distribution, and the output is `distribution @ value`.

    Args:
        use_scale: Whether to learn a scalar `scale` (initialized to 1) for the scores.
        score_mode: `"dot"` or `"concat"`, as above.
        dropout: Fraction of the attention distribution to drop while training.
        seed: An int that makes the dropout reproducible, or None.

    Call arguments:
        inputs: `[query, value]` or `[query, value, key]`.
        mask: Optional `[query_mask, value_mask]` of booleans `(batch, Tq)` and
            `(batch, Tv)`: values where `value_mask` is False get no attention, and the output
            is zero where `query_mask` is False.
        training: Whether to apply the dropout.
        return_attention_scores: Whether to also return the distribution `(batch, Tq, Tv)`.
        use_causal_mask: Whether query step `i` may only attend to value steps `j <= i`.

    Input shape: as above. Output shape: `(batch, Tq, value_dim)`.

    Example:
        >>> import lamina
        >>> query = lamina.ops.ones((2, 3, 4))
        >>> value = lamina.ops.ones((2, 5, 4))
        >>> output, scores = lamina.layers.Attention()([query, value], return_attention_scores=True)
        >>> lamina.ops.shape(output), lamina.ops.shape(scores)
        ((2, 3, 4), (2, 3, 5))
    """

    def __init__(
        self,
        use_scale: bool = False,
        score_mode: str = "dot",
        dropout: float = 0.0,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if score_mode not in _SCORE_MODES:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': score_mode must be one of "
                f"{list(_SCORE_MODES)}, received {score_mode!r}."
            )
        if not 0.0 <= dropout < 1.0:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': dropout must be in [0, 1), "
                f"received {dropout!r}."
            )
        self.use_scale = use_scale
        self.score_mode = score_mode
        self.dropout = dropout
        self.seed = seed
        self.supports_masking = True
        self.seed_generator = random.SeedGenerator(seed) if dropout > 0 else None

    def build(self, input_shape: Sequence[Shape]) -> None:
        self._check_shapes(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(shape=(), initializer="ones", name="scale")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(
                shape=(), initializer="ones", name="concat_score_weight"
            )

    def call(
        self,
        inputs: Sequence[Tensor],
        mask: Sequence[Tensor | None] | None = None,
        training: bool | None = False,
        return_attention_scores: bool = False,
        use_causal_mask: bool = False,
    ) -> Tensor | tuple[Tensor, Tensor]:
        self._check_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        query_mask = mask[0] if mask else None
        value_mask = mask[1] if mask else None
        scores = self._calculate_scores(query, key)
        scores_mask = self._scores_mask(scores, value_mask, use_causal_mask)
        output, distribution = self._apply_scores(scores, value, scores_mask, training)
        if query_mask is not None:
            keep = ops.expand_dims(ops.cast(query_mask, "bool"), -1)
            output = ops.where(keep, output, ops.zeros((), ops.dtype(output)))
        if return_attention_scores:
            return output, distribution
        return output

    def compute_mask(self, inputs: Any, mask: Any = None) -> Tensor | None:
        """The output mask: the query's mask (None when there is none)."""
        if not mask or mask[0] is None:
            return None
        return ops.convert_to_tensor(mask[0])

    def compute_output_shape(self, input_shape: Sequence[Shape]) -> Shape:
        self._check_shapes(input_shape)
        query_shape, value_shape = input_shape[0], input_shape[1]
        return (*tuple(query_shape)[:-1], value_shape[-1])

    def compute_output_spec(
        self,
        inputs: Sequence[Any],
        mask: Any = None,
        training: bool | None = None,
        return_attention_scores: bool = False,
        use_causal_mask: bool = False,
    ) -> Any:
        self._check_inputs(inputs, mask)
        shapes = [tuple(x.shape) for x in inputs]
        output = SymbolicTensor(self.compute_output_shape(shapes), self.compute_dtype)
        if not return_attention_scores:
            return output
        key_shape = shapes[2] if len(shapes) > 2 else shapes[1]
        scores_shape = (*shapes[0][:-1], key_shape[-2])
        return output, SymbolicTensor(scores_shape, self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "use_scale": self.use_scale,
                "score_mode": self.score_mode,
                "dropout": self.dropout,
                "seed": self.seed,
            }
        )
        return config

    def _calculate_scores(self, query: Tensor, key: Tensor) -> Tensor:
        """`(batch, Tq, Tv)` scores of each query step against each key step."""
        if self.score_mode == "dot":
            scores = ops.matmul(query, ops.swapaxes(key, -2, -1))
            return scores if self.scale is None else ops.multiply(scores, self.scale)
        pairs = ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3))
        if self.scale is not None:
            pairs = ops.multiply(self.scale, pairs)
        return ops.multiply(self.concat_score_weight, ops.sum(ops.tanh(pairs), axis=-1))

    def _scores_mask(
        self, scores: Tensor, value_mask: Tensor | None, use_causal_mask: bool
    ) -> Tensor | None:
        if value_mask is not None:
            value_mask = ops.expand_dims(ops.cast(value_mask, "bool"), -2)
        if not use_causal_mask:
            return value_mask
        shape = ops.shape(scores)
        causal = causal_mask(shape[-2], shape[-1])
        return causal if value_mask is None else ops.logical_and(value_mask, causal)

    def _apply_scores(
        self, scores: Tensor, value: Tensor, scores_mask: Tensor | None, training: bool | None
    ) -> tuple[Tensor, Tensor]:
        """Masks the scores, takes the softmax over `Tv` (with dropout while training) and
        returns `(distribution @ value, distribution)`."""
        if scores_mask is not None:
            offset = 65504.0 if ops.dtype(scores) == "float16" else 1.0e9
            scores = ops.where(scores_mask, scores, ops.subtract(scores, offset))
        distribution = ops.softmax(scores, axis=-1)
        weights = distribution
        if training and self.seed_generator is not None:
            weights = random.dropout(distribution, self.dropout, seed=self.seed_generator)
        return ops.matmul(weights, value), distribution

    def _check_inputs(self, inputs: Any, mask: Any) -> None:
        name = type(self).__name__
        if not isinstance(inputs, (list, tuple)) or not 2 <= len(inputs) <= 3:
            raise ValueError(
                f"{name} '{self.name}' must be called on a list [query, value] or "
                f"[query, value, key], received {_describe(inputs)}."
            )
        if mask is not None and (not isinstance(mask, (list, tuple)) or not 2 <= len(mask) <= 3):
            raise ValueError(
                f"{name} '{self.name}': mask must be a list [query_mask, value_mask], "
                f"received {_describe(mask)}."
            )

    def _check_shapes(self, input_shape: Any) -> None:
        name = type(self).__name__
        if is_shape(input_shape) or not 2 <= len(input_shape) <= 3:
            raise ValueError(
                f"{name} '{self.name}' must be called on a list [query, value] or "
                f"[query, value, key], received inputs of shape {input_shape}."
            )
        shapes = [tuple(s) for s in input_shape]
        query_shape, value_shape = shapes[0], shapes[1]
        key_shape = shapes[2] if len(shapes) > 2 else value_shape
        if query_shape[-1] is not None and key_shape[-1] not in (None, query_shape[-1]):
            what = "key" if len(shapes) > 2 else "value (used as the key)"
            raise ValueError(
                f"{name} '{self.name}': the last axes of query and {what} must match, "
                f"received query shape {query_shape} and {what} shape {key_shape}."
            )
        if value_shape[-2] is not None and key_shape[-2] not in (None, value_shape[-2]):
            raise ValueError(
                f"{name} '{self.name}': key and value must have the same number of steps, "
                f"received key shape {key_shape} and value shape {value_shape}."
            )


def _describe(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)}"
    return f"a {type(value).__name__}"
