"""MultiHeadAttention: scaled dot-product attention over several learned projections."""

from __future__ import annotations

import math
from typing import Any

from lamina import constraints, initializers, ops, regularizers
from lamina.backend.common.name_scope import name_scope
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.layers.activations.softmax import Softmax
from lamina.layers.attention.attention_equations import (
    attention_equations,
    projection_equation,
    scores_shape,
)
from lamina.layers.attention.attention_masks import (
    causal_mask,
    expand_mask_for_scores,
)
from lamina.layers.attention.multi_head_base import (
    MultiHeadBase,
    resolve_masks,
    serialize_common,
    sublayer_kwargs,
)
from lamina.layers.core.einsum_dense import EinsumDense
from lamina.layers.regularization.dropout import Dropout
from lamina.typing import Shape, Tensor


class MultiHeadAttention(MultiHeadBase):
    """Multi-head attention ("Attention is all you need", Vaswani et al., 2017).

    `query`, `key` and `value` are projected to `num_heads` heads (`key_dim` channels for
    query and key, `value_dim` for value) by EinsumDense sublayers named `query`, `key` and
    `value` (kernels `(dim, num_heads, key_dim)`); per head, `softmax(q k^T / sqrt(key_dim))`
    weights the values; the heads are projected back by `attention_output` (kernel
    `(num_heads, value_dim, dim)`). Without dropout in training and with the default
    attention axes this runs on `ops.dot_product_attention` (fused kernels where the backend
    has them); otherwise by einsum and a masked softmax.

    Args:
        num_heads: Number of attention heads.
        key_dim: Channels per head of query and key.
        value_dim: Channels per head of value (default `key_dim`).
        dropout: Dropout rate on the attention probabilities while training.
        use_bias: Whether the projections have biases.
        output_shape: The output's trailing shape (an int or tuple); default the query's
            last dimension.
        attention_axes: Axes of the query and value to attend over (default: all but the
            batch and feature axes).
        sliding_window: Optional int `w`: position `i` attends only to positions `j` with
            `|i - j| < w`.
        flash_attention: None chooses automatically; True asks for a flash kernel; False uses
            the plain formula in the fast path.
        kernel_initializer, bias_initializer: Initializers of the projections.
        kernel_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        kernel_constraint, bias_constraint: Optional constraints.
        use_gate: Whether to gate the heads with `sigmoid(gate(query))` before the output
            projection (an extra EinsumDense named `gate`).
        seed: An int that makes the dropout reproducible, or None.

    Call arguments:
        query: `(batch, T, dim)`. value: `(batch, S, value_features)`. key: optional
            `(batch, S, key_features)` (default: `value`).
        query_mask, value_mask, key_mask: Optional booleans `(batch, T)` / `(batch, S)`;
            by default the padding masks of the inputs (e.g. from `Embedding(mask_zero=True)`).
        attention_mask: Optional booleans `(batch, T, S)`: True where `T` may attend `S`.
        return_attention_scores: Whether to also return the probabilities
            `(batch, num_heads, T, S)`.
        training: Whether dropout is active.
        use_causal_mask: Whether position `i` attends only to positions `j <= i`.

    Input shape: as above. Output shape: `(batch, T, dim)`, or `(batch, T, *output_shape)`.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.MultiHeadAttention(num_heads=2, key_dim=3)
        >>> x = lamina.ops.ones((4, 5, 8))
        >>> output, scores = layer(x, x, return_attention_scores=True)
        >>> lamina.ops.shape(output), lamina.ops.shape(scores)
        ((4, 5, 8), (4, 2, 5, 5))
        >>> [tuple(w.shape) for w in layer.weights][::2]
        [(8, 2, 3), (8, 2, 3), (8, 2, 3), (2, 3, 8)]
    """

    def __init__(
        self,
        num_heads: int,
        key_dim: int,
        value_dim: int | None = None,
        dropout: float = 0.0,
        use_bias: bool = True,
        output_shape: int | Shape | None = None,
        attention_axes: int | tuple[int, ...] | None = None,
        sliding_window: int | None = None,
        flash_attention: bool | None = None,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        use_gate: bool = False,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self._check_arguments(num_heads, key_dim, value_dim, dropout, sliding_window)
        self._num_heads = num_heads
        self._key_dim = key_dim
        self._value_dim = value_dim or key_dim
        self._dropout = dropout
        self._use_bias = use_bias
        self._use_gate = use_gate
        self._output_shape = self._as_output_shape(output_shape)
        self._attention_axes = self._as_attention_axes(attention_axes)
        self._sliding_window = sliding_window
        self._flash_attention = flash_attention
        if flash_attention and dropout > 0:
            raise ValueError(
                f"MultiHeadAttention '{self.name}': flash_attention=True does not support "
                f"dropout, received dropout={dropout}. Set dropout=0.0 or flash_attention=None."
            )
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = _maybe_get(regularizers.get, kernel_regularizer)
        self._bias_regularizer = _maybe_get(regularizers.get, bias_regularizer)
        self._kernel_constraint = _maybe_get(constraints.get, kernel_constraint)
        self._bias_constraint = _maybe_get(constraints.get, bias_constraint)
        self.seed = seed
        self.supports_masking = True
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(key_dim))

    num_heads = property(lambda self: self._num_heads, doc="Number of attention heads.")
    key_dim = property(lambda self: self._key_dim, doc="Channels per head of query and key.")
    value_dim = property(lambda self: self._value_dim, doc="Channels per head of value.")
    dropout = property(lambda self: self._dropout, doc="Dropout rate on the probabilities.")
    use_bias = property(lambda self: self._use_bias, doc="Whether projections have biases.")
    attention_axes = property(lambda self: self._attention_axes, doc="The attention axes.")
    query_dense = property(lambda self: self._query_dense, doc="The query projection.")
    key_dense = property(lambda self: self._key_dense, doc="The key projection.")
    value_dense = property(lambda self: self._value_dense, doc="The value projection.")
    output_dense = property(lambda self: self._output_dense, doc="The output projection.")

    def build(
        self, query_shape: Shape, value_shape: Shape | None = None, key_shape: Shape | None = None
    ) -> None:
        value_shape = query_shape if value_shape is None else value_shape
        self._record_build_shapes(query_shape, value_shape, key_shape)
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        self._check_key_value(value_shape, key_shape)
        rank = len(query_shape)
        heads_key = (self._num_heads, self._key_dim)
        heads_value = (self._num_heads, self._value_dim)
        with name_scope(self.name):
            self._query_dense = self._projection("query", query_shape, heads_key)
            self._key_dense = self._projection("key", key_shape, heads_key)
            if self._use_gate:
                self._gate_dense = self._projection("gate", query_shape, heads_value, "sigmoid")
            self._value_dense = self._projection("value", value_shape, heads_value)
            self._build_attention(rank + 1)
            self._output_dense = self._make_output_dense(query_shape)
        self._fast_path = rank == 3 and self._attention_axes == (1,)

    def call(
        self,
        query: Tensor,
        value: Tensor,
        key: Tensor | None = None,
        query_mask: Tensor | None = None,
        value_mask: Tensor | None = None,
        key_mask: Tensor | None = None,
        attention_mask: Tensor | None = None,
        return_attention_scores: bool = False,
        training: bool | None = None,
        use_causal_mask: bool = False,
        mask: Tensor | None = None,
    ) -> Tensor | tuple[Tensor, Tensor | None]:
        key, attention_mask, causal_only = resolve_masks(
            query,
            value,
            key,
            (query_mask, value_mask, key_mask),
            mask,
            attention_mask,
            use_causal_mask,
            self._sliding_window,
            # A subclass's own _compute_attention gets the causal mask merged in, as before.
            type(self)._compute_attention is MultiHeadAttention._compute_attention,
        )
        gate = self._gate_dense(query) if self._use_gate else None
        projected_query = self._query_dense(query)
        projected_key = self._key_dense(key)
        projected_value = self._value_dense(value)
        extra = {"use_causal_mask": True} if causal_only else {}
        output, scores = self._compute_attention(
            projected_query,
            projected_key,
            projected_value,
            attention_mask,
            training,
            return_attention_scores,
            **extra,
        )
        if gate is not None:
            output = ops.multiply(output, gate)
        output = self._output_dense(output)
        return (output, scores) if return_attention_scores else output

    def compute_output_shape(
        self, query_shape: Shape, value_shape: Shape | None = None, key_shape: Shape | None = None
    ) -> Shape:
        query_shape = tuple(query_shape)
        value_shape = query_shape if value_shape is None else tuple(value_shape)
        self._check_key_value(value_shape, value_shape if key_shape is None else tuple(key_shape))
        if self._output_shape:
            return (*query_shape[:-1], *self._output_shape)
        return query_shape

    def compute_output_spec(
        self,
        query: Any,
        value: Any,
        key: Any = None,
        return_attention_scores: bool = False,
        **kwargs: Any,
    ) -> Any:
        key_shape = None if key is None else tuple(key.shape)
        output_shape = self.compute_output_shape(query.shape, value.shape, key_shape)
        output = SymbolicTensor(output_shape, self.compute_dtype)
        if not return_attention_scores:
            return output
        heads = (self._num_heads, self._key_dim)
        projected_query = (*tuple(query.shape)[:-1], *heads)
        projected_key = (*(key_shape or tuple(value.shape))[:-1], *heads)
        axes = self._normalized_axes(len(projected_query))
        return output, SymbolicTensor(
            scores_shape(projected_query, projected_key, axes), self.compute_dtype
        )

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "num_heads": self._num_heads,
                "key_dim": self._key_dim,
                "value_dim": self._value_dim,
                "dropout": self._dropout,
                "use_bias": self._use_bias,
                "use_gate": self._use_gate,
                "output_shape": self._output_shape,
                "attention_axes": self._attention_axes,
                "sliding_window": self._sliding_window,
                **serialize_common(self, prefix="_"),
                "seed": self.seed,
            }
        )
        return config

    def _compute_attention(
        self,
        query: Tensor,
        key: Tensor,
        value: Tensor,
        attention_mask: Tensor | None = None,
        training: bool | None = None,
        return_attention_scores: bool = False,
        use_causal_mask: bool = False,
    ) -> tuple[Tensor, Tensor | None]:
        """Attention of projected `query` `(B, T, N, key_dim)` over `key`/`value`
        `(B, S, N, ...)`; returns `(output (B, T, N, value_dim), scores or None)`."""
        if self._flash_attention and return_attention_scores:
            raise ValueError(
                f"MultiHeadAttention '{self.name}': flash_attention=True cannot return "
                "attention scores. Set flash_attention=None to get them."
            )
        dropping = bool(training) and self._dropout > 0
        if self._fast_path and not dropping and not return_attention_scores:
            if attention_mask is not None:
                attention_mask = expand_mask_for_scores(attention_mask, 4, 1)
            output = ops.dot_product_attention(
                query,
                key,
                value,
                mask=attention_mask,
                scale=self._inverse_sqrt_key_dim,
                is_causal=use_causal_mask,
                flash_attention=self._flash_attention,
            )
            return output, None
        if use_causal_mask:
            causal = causal_mask(ops.shape(query)[1], ops.shape(key)[1])
            attention_mask = (
                causal if attention_mask is None else ops.logical_and(attention_mask, causal)
            )
        query = ops.multiply(query, ops.cast(self._inverse_sqrt_key_dim, ops.dtype(query)))
        scores = ops.einsum(self._dot_product_equation, query, key)
        scores = self._masked_softmax(scores, attention_mask)
        weights = self._dropout_layer(scores, training=training) if dropping else scores
        return ops.einsum(self._combine_equation, weights, value), scores

    def _masked_softmax(self, scores: Tensor, attention_mask: Tensor | None = None) -> Tensor:
        if attention_mask is not None:
            rank = len(ops.shape(scores))
            count = len(self._attention_axes or ())  # normalized by build
            attention_mask = expand_mask_for_scores(attention_mask, rank, count)
        return self._softmax(scores, mask=attention_mask)

    def _build_attention(self, rank: int) -> None:
        """Sets the attention axes, equations, softmax and dropout for projected tensors of
        `rank` (the query's rank plus one)."""
        self._attention_axes = self._normalized_axes(rank)
        self._dot_product_equation, self._combine_equation, scores_rank = attention_equations(
            rank, self._attention_axes
        )
        count = len(self._attention_axes)
        softmax_axes = tuple(range(scores_rank - count, scores_rank))
        self._softmax = Softmax(axis=softmax_axes, dtype=self.dtype_policy)
        self._dropout_layer = Dropout(rate=self._dropout, dtype=self.dtype_policy, seed=self.seed)

    def _normalized_axes(self, rank: int) -> tuple[int, ...]:
        if self._attention_axes is None:
            return tuple(range(1, rank - 2))
        return tuple(axis if axis >= 0 else rank - 1 + axis for axis in self._attention_axes)

    def _projection(
        self, name: str, input_shape: Shape, heads: tuple, activation: Any = None
    ) -> EinsumDense:
        equation, bias_axes = projection_equation(len(input_shape) - 1, 1, 2)
        layer = EinsumDense(
            equation,
            output_shape=(*[None] * (len(input_shape) - 2), *heads),
            activation=activation,
            bias_axes=bias_axes if self._use_bias else None,
            name=name,
            **self._sublayer_kwargs(),
        )
        layer.build(input_shape)
        return layer

    def _make_output_dense(self, query_shape: Shape) -> EinsumDense:
        output_shape = self._output_shape or (query_shape[-1],)
        free_dims = len(query_shape) - 1
        equation, bias_axes = projection_equation(free_dims, 2, len(output_shape))
        layer = EinsumDense(
            equation,
            output_shape=(*[None] * (free_dims - 1), *output_shape),
            bias_axes=bias_axes if self._use_bias else None,
            name="attention_output",
            **self._sublayer_kwargs(),
        )
        layer.build((*query_shape[:-1], self._num_heads, self._value_dim))
        return layer

    def _sublayer_kwargs(self) -> dict:
        return sublayer_kwargs(
            self,
            self._kernel_initializer,
            self._bias_initializer,
            self._kernel_regularizer,
            self._bias_regularizer,
            self._kernel_constraint,
            self._bias_constraint,
        )

    def _check_arguments(
        self,
        num_heads: Any,
        key_dim: Any,
        value_dim: Any,
        dropout: Any,
        sliding_window: Any,
    ) -> None:
        for argument, value, optional in (
            ("num_heads", num_heads, False),
            ("key_dim", key_dim, False),
            ("value_dim", value_dim, True),
            ("sliding_window", sliding_window, True),
        ):
            if optional and value is None:
                continue
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                expected = "a positive int or None" if optional else "a positive int"
                raise ValueError(
                    f"MultiHeadAttention '{self.name}': {argument} must be {expected}, "
                    f"received {value!r}."
                )
        if not 0.0 <= dropout < 1.0:
            raise ValueError(
                f"MultiHeadAttention '{self.name}': dropout must be in [0, 1), "
                f"received {dropout!r}."
            )

    def _as_output_shape(self, output_shape: Any) -> tuple | None:
        if not output_shape:
            return None
        if isinstance(output_shape, int) and not isinstance(output_shape, bool):
            return (output_shape,)
        if isinstance(output_shape, (list, tuple)) and all(
            isinstance(d, int) and d > 0 for d in output_shape
        ):
            return tuple(output_shape)
        raise ValueError(
            f"MultiHeadAttention '{self.name}': output_shape must be an int or a tuple of "
            f"positive ints, received {output_shape!r}."
        )

    def _as_attention_axes(self, attention_axes: Any) -> tuple[int, ...] | None:
        if attention_axes is None:
            return None
        if isinstance(attention_axes, int) and not isinstance(attention_axes, bool):
            return (attention_axes,)
        if isinstance(attention_axes, (list, tuple)) and all(
            isinstance(a, int) for a in attention_axes
        ):
            return tuple(attention_axes)
        raise ValueError(
            f"MultiHeadAttention '{self.name}': attention_axes must be an int, a tuple of "
            f"ints or None, received {attention_axes!r}."
        )

    def _check_key_value(self, value_shape: Shape, key_shape: Shape) -> None:
        if tuple(value_shape)[1:-1] != tuple(key_shape)[1:-1]:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': value and key must have the same shape "
                f"except for the last axis, received value shape {tuple(value_shape)} and key "
                f"shape {tuple(key_shape)}."
            )


def _maybe_get(getter: Any, identifier: Any) -> Any:
    return None if identifier is None else getter(identifier)
