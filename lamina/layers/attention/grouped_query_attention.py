"""GroupedQueryAttention: multi-head attention whose key/value heads are shared by groups of
query heads (Ainslie et al., 2023)."""

from __future__ import annotations

import math
from typing import Any

from lamina import constraints, initializers, ops, regularizers
from lamina.backend.common.name_scope import name_scope
from lamina.backend.common.symbolic_tensor import SymbolicTensor
from lamina.layers.activations.softmax import Softmax
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


class GroupedQueryAttention(MultiHeadBase):
    """Grouped-query attention: `num_query_heads` query heads share `num_key_value_heads`
    key/value heads, each serving `num_query_heads // num_key_value_heads` consecutive query
    heads (1 key/value head is multi-query attention; as many as query heads is multi-head
    attention).

    The projections are EinsumDense sublayers `query` (kernel `(dim, num_query_heads,
    head_dim)`), `key` and `value` (`(dim, num_key_value_heads, head_dim)`) and
    `attention_output` (`(num_query_heads, head_dim, dim)`). Without dropout in training the
    attention runs on `ops.dot_product_attention`; otherwise by einsum and a masked softmax.

    Args:
        head_dim: Channels per head.
        num_query_heads: Number of query heads.
        num_key_value_heads: Number of key/value heads; must divide `num_query_heads`.
        dropout: Dropout rate on the attention probabilities while training.
        use_bias: Whether the projections have biases.
        sliding_window: Optional int `w`: position `i` attends only to positions `j` with
            `|i - j| < w`.
        flash_attention: None chooses automatically; True asks for a flash kernel.
        kernel_initializer, bias_initializer: Initializers of the projections.
        kernel_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        kernel_constraint, bias_constraint: Optional constraints.
        use_gate: Whether to gate the heads with `sigmoid(gate(query))` before the output
            projection.
        seed: An int that makes the dropout reproducible, or None.

    Call arguments:
        query: `(batch, T, dim)`. value: `(batch, S, dim)`. key: optional `(batch, S, dim)`
            (default: `value`).
        query_mask, value_mask, key_mask: Optional booleans `(batch, T)` / `(batch, S)`.
        attention_mask: Optional booleans `(batch, T, S)`: True where `T` may attend `S`.
        return_attention_scores: Whether to also return the probabilities
            `(batch, num_query_heads, T, S)`.
        training: Whether dropout is active.
        use_causal_mask: Whether position `i` attends only to positions `j <= i`.

    Input shape: as above. Output shape: `(batch, T, dim)`.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.GroupedQueryAttention(
        ...     head_dim=4, num_query_heads=4, num_key_value_heads=2)
        >>> x = lamina.ops.ones((2, 5, 8))
        >>> lamina.ops.shape(layer(x, x, use_causal_mask=True))
        (2, 5, 8)
        >>> [tuple(w.shape) for w in layer.weights][::2]
        [(8, 4, 4), (8, 2, 4), (8, 2, 4), (4, 4, 8)]
    """

    def __init__(
        self,
        head_dim: int,
        num_query_heads: int,
        num_key_value_heads: int,
        dropout: float = 0.0,
        use_bias: bool = True,
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
        self._check_arguments(head_dim, num_query_heads, num_key_value_heads, sliding_window)
        if not 0.0 <= dropout < 1.0 or (flash_attention and dropout > 0):
            raise ValueError(
                f"GroupedQueryAttention '{self.name}': dropout must be in [0, 1) (and 0 with "
                f"flash_attention=True), received dropout={dropout!r}."
            )
        self.head_dim = head_dim
        self.num_query_heads = num_query_heads
        self.num_key_value_heads = num_key_value_heads
        self.num_repeats = num_query_heads // num_key_value_heads
        self.dropout = dropout
        self.use_bias = use_bias
        self.use_gate = use_gate
        self.sliding_window = sliding_window
        self._flash_attention = flash_attention
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = (
            None if kernel_regularizer is None else regularizers.get(kernel_regularizer)
        )
        self.bias_regularizer = (
            None if bias_regularizer is None else regularizers.get(bias_regularizer)
        )
        self.kernel_constraint = (
            None if kernel_constraint is None else constraints.get(kernel_constraint)
        )
        self.bias_constraint = None if bias_constraint is None else constraints.get(bias_constraint)
        self.seed = seed
        self.supports_masking = True
        self._inverse_sqrt_head_dim = 1.0 / math.sqrt(float(head_dim))

    def build(
        self, query_shape: Shape, value_shape: Shape | None = None, key_shape: Shape | None = None
    ) -> None:
        value_shape = query_shape if value_shape is None else value_shape
        self._record_build_shapes(query_shape, value_shape, key_shape)
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        self.compute_output_shape(query_shape, value_shape, key_shape)
        self.feature_dim = query_shape[-1]
        query_heads = (self.num_query_heads, self.head_dim)
        kv_heads = (self.num_key_value_heads, self.head_dim)
        with name_scope(self.name):
            self._query_dense = self._projection("query", "bqm,muh->bquh", query_heads)
            self._query_dense.build(query_shape)
            self._key_dense = self._projection("key", "bkm,mvh->bkvh", kv_heads)
            self._key_dense.build(key_shape)
            if self.use_gate:
                self._gate_dense = self._projection("gate", "bqm,muh->bquh", query_heads, "sigmoid")
                self._gate_dense.build(query_shape)
            self._value_dense = self._projection("value", "bkm,mvh->bkvh", kv_heads)
            self._value_dense.build(value_shape)
            self._softmax = Softmax(axis=-1, dtype=self.dtype_policy)
            self._dropout_layer = Dropout(
                rate=self.dropout, dtype=self.dtype_policy, seed=self.seed
            )
            self._output_dense = self._projection(
                "attention_output", "bquh,uhm->bqm", (self.feature_dim,)
            )
            self._output_dense.build((None, None, self.num_query_heads, self.head_dim))

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
            self.sliding_window,
        )
        gate = self._gate_dense(query) if self.use_gate else None
        output, scores = self._compute_attention(
            self._query_dense(query),
            self._key_dense(key),
            self._value_dense(value),
            attention_mask,
            training,
            return_attention_scores,
            causal_only,
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
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        if query_shape[-1] != value_shape[-1]:
            raise ValueError(
                f"GroupedQueryAttention '{self.name}': query and value must have the same last "
                f"axis, received query shape {query_shape} and value shape {value_shape}."
            )
        if value_shape[1:-1] != key_shape[1:-1]:
            raise ValueError(
                f"GroupedQueryAttention '{self.name}': value and key must have the same shape "
                f"except for the last axis, received value shape {value_shape} and key shape "
                f"{key_shape}."
            )
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
        source_length = (key_shape or tuple(value.shape))[1]
        shape = (query.shape[0], self.num_query_heads, query.shape[1], source_length)
        return output, SymbolicTensor(shape, self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "head_dim": self.head_dim,
                "num_query_heads": self.num_query_heads,
                "num_key_value_heads": self.num_key_value_heads,
                "use_bias": self.use_bias,
                "use_gate": self.use_gate,
                "sliding_window": self.sliding_window,
                "dropout": self.dropout,
                **serialize_common(self),
                "seed": self.seed,
            }
        )
        return config

    def _compute_attention(
        self,
        query: Tensor,
        key: Tensor,
        value: Tensor,
        attention_mask: Tensor | None,
        training: bool | None,
        return_attention_scores: bool,
        use_causal_mask: bool,
    ) -> tuple[Tensor, Tensor | None]:
        """Attention of projected `query` `(B, T, query heads, head_dim)` over `key`/`value`
        `(B, S, key/value heads, head_dim)`; returns `(output, scores or None)`."""
        if self._flash_attention and return_attention_scores:
            raise ValueError(
                f"GroupedQueryAttention '{self.name}': flash_attention=True cannot return "
                "attention scores. Set flash_attention=None to get them."
            )
        dropping = bool(training) and self.dropout > 0
        if not dropping and not return_attention_scores:
            if attention_mask is not None:
                attention_mask = expand_mask_for_scores(attention_mask, 4, 1)
            output = ops.dot_product_attention(
                query,
                key,
                value,
                mask=attention_mask,
                scale=self._inverse_sqrt_head_dim,
                is_causal=use_causal_mask,
                flash_attention=self._flash_attention,
            )
            return output, None
        if use_causal_mask:
            attention_mask = causal_mask(ops.shape(query)[1], ops.shape(key)[1])
        key = ops.repeat(key, self.num_repeats, axis=2)
        value = ops.repeat(value, self.num_repeats, axis=2)
        query = ops.multiply(query, ops.cast(self._inverse_sqrt_head_dim, ops.dtype(query)))
        scores = ops.einsum("bquh,bkuh->buqk", query, key)
        if attention_mask is not None:
            attention_mask = expand_mask_for_scores(attention_mask, 4, 1)
        scores = self._softmax(scores, mask=attention_mask)
        weights = self._dropout_layer(scores, training=training) if dropping else scores
        return ops.einsum("buqk,bkuh->bquh", weights, value), scores

    def _projection(
        self, name: str, equation: str, heads: tuple, activation: Any = None
    ) -> EinsumDense:
        output_axes = equation.split("->")[1][2:]
        return EinsumDense(
            equation,
            output_shape=(None, *heads),
            activation=activation,
            bias_axes=output_axes if self.use_bias else None,
            name=name,
            **sublayer_kwargs(
                self,
                self.kernel_initializer,
                self.bias_initializer,
                self.kernel_regularizer,
                self.bias_regularizer,
                self.kernel_constraint,
                self.bias_constraint,
            ),
        )

    def _check_arguments(
        self, head_dim: Any, num_query_heads: Any, num_key_value_heads: Any, sliding_window: Any
    ) -> None:
        for argument, value in (
            ("head_dim", head_dim),
            ("num_query_heads", num_query_heads),
            ("num_key_value_heads", num_key_value_heads),
            ("sliding_window", sliding_window),
        ):
            if argument == "sliding_window" and value is None:
                continue
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(
                    f"GroupedQueryAttention '{self.name}': {argument} must be a positive int, "
                    f"received {value!r}."
                )
        if num_query_heads % num_key_value_heads:
            raise ValueError(
                f"GroupedQueryAttention '{self.name}': num_query_heads must be a multiple of "
                f"num_key_value_heads, received num_query_heads={num_query_heads} and "
                f"num_key_value_heads={num_key_value_heads}."
            )
