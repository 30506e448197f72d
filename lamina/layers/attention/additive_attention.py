"""AdditiveAttention: Bahdanau-style attention, scores from `tanh(query + key)`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import ops
from lamina.layers.attention.attention import Attention
from lamina.typing import Shape, Tensor


class AdditiveAttention(Attention):
    """Additive attention: the scores are `sum(scale * tanh(query_i + key_j), axis=-1)`.

    As `Attention` otherwise: masked scores are pushed to a large negative number, a softmax
    over the value steps gives the distribution, and the output is `distribution @ value`.

    Args:
        use_scale: Whether to learn a per-feature `scale` of shape `(dim,)` (Glorot-uniform
            initialized); without it the scale is 1.
        dropout: Fraction of the attention distribution to drop while training.
        seed: An int that makes the dropout reproducible, or None.

    Call arguments:
        inputs: `[query, value]` or `[query, value, key]`, with `query` `(batch, Tq, dim)`,
            `value` `(batch, Tv, value_dim)` and `key` `(batch, Tv, dim)`.
        mask: Optional `[query_mask, value_mask]` of booleans `(batch, Tq)`, `(batch, Tv)`.
        training: Whether to apply the dropout.
        return_attention_scores: Whether to also return the distribution `(batch, Tq, Tv)`.
        use_causal_mask: Whether query step `i` may only attend to value steps `j <= i`.

    Input shape: as above. Output shape: `(batch, Tq, value_dim)`.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.AdditiveAttention()
        >>> output = layer([lamina.ops.ones((2, 3, 4)), lamina.ops.ones((2, 5, 4))])
        >>> lamina.ops.shape(output), [tuple(w.shape) for w in layer.weights]
        ((2, 3, 4), [(4,)])
    """

    def __init__(
        self,
        use_scale: bool = True,
        dropout: float = 0.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape: Sequence[Shape]) -> None:
        self._check_shapes(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            dim = tuple(input_shape[0])[-1]
            if dim is None:
                raise ValueError(
                    f"AdditiveAttention '{self.name}': the last axis of the query must be known "
                    f"to create the scale, received query shape {tuple(input_shape[0])}."
                )
            self.scale = self.add_weight(shape=(dim,), initializer="glorot_uniform", name="scale")

    def get_config(self) -> dict:
        config = super().get_config()
        del config["score_mode"]
        return config

    def _calculate_scores(self, query: Tensor, key: Tensor) -> Tensor:
        """`(batch, Tq, Tv)`: `sum(scale * tanh(query_i + key_j))` over the feature axis."""
        pairs = ops.tanh(ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3)))
        if self.scale is not None:
            pairs = ops.multiply(self.scale, pairs)
        return ops.sum(pairs, axis=-1)
