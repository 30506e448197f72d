"""What MultiHeadAttention and GroupedQueryAttention share: they are called as
`layer(query, value, key=None, ...)`, so they build from three shapes (kept for the build
config as Keras's `shapes_dict`), and they read the implicit padding masks of their inputs."""

from __future__ import annotations

from typing import Any

from lamina import constraints, initializers, regularizers
from lamina.layers.attention.attention_masks import merge_attention_masks
from lamina.layers.input_shapes import shape_of_input
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor


class MultiHeadBase(Layer):
    """Base of the attention layers called on `(query, value, key=None)`."""

    def build(
        self, query_shape: Shape, value_shape: Shape | None = None, key_shape: Shape | None = None
    ) -> None:
        """Creates the projections for these input shapes (value: the query's by default)."""
        raise NotImplementedError(f"{type(self).__name__} must implement build().")

    def _build_on_first_call(self, args: tuple, kwargs: dict) -> None:
        names = ("query", "value", "key")
        found = dict(zip(names, args))
        found.update({name: kwargs[name] for name in names if name in kwargs})
        if found.get("query") is None or found.get("value") is None:
            raise TypeError(
                f"{type(self).__name__} '{self.name}' must be called as "
                "layer(query, value, key=None, ...); received "
                f"{sorted(name for name in names if found.get(name) is not None)}."
            )
        key = found.get("key")
        self.build(
            shape_of_input(found["query"]),
            shape_of_input(found["value"]),
            None if key is None else shape_of_input(key),
        )

    def _record_build_shapes(
        self, query_shape: Shape, value_shape: Shape, key_shape: Shape | None
    ) -> None:
        shapes = {"query_shape": tuple(query_shape), "value_shape": tuple(value_shape)}
        if key_shape is not None:
            shapes["key_shape"] = tuple(key_shape)
        self._build_shapes_dict = shapes

    def get_build_config(self) -> dict | None:
        shapes = getattr(self, "_build_shapes_dict", None)
        if not self.built or shapes is None:
            return None
        return {"shapes_dict": dict(shapes)}

    def build_from_config(self, config: dict | None) -> None:
        if not config or self.built:
            return
        if "shapes_dict" in config:
            self.build(**config["shapes_dict"])
        else:  # a single input shape: self-attention
            self.build(config["input_shape"])


def sublayer_kwargs(
    layer: Layer,
    kernel_initializer: Any,
    bias_initializer: Any,
    kernel_regularizer: Any,
    bias_regularizer: Any,
    kernel_constraint: Any,
    bias_constraint: Any,
) -> dict:
    """Arguments shared by the projection sublayers. Each gets its own copy of the
    initializers (as in Keras), so unseeded ones draw different values per projection."""
    return {
        "kernel_initializer": _copy_initializer(kernel_initializer),
        "bias_initializer": _copy_initializer(bias_initializer),
        "kernel_regularizer": kernel_regularizer,
        "bias_regularizer": bias_regularizer,
        "activity_regularizer": layer._activity_regularizer,
        "kernel_constraint": kernel_constraint,
        "bias_constraint": bias_constraint,
        "dtype": layer.dtype_policy,
    }


def implicit_masks(
    query: Tensor,
    value: Tensor,
    key: Tensor | None,
    masks: tuple[Tensor | None, Tensor | None, Tensor | None],
    mask: Tensor | None,
) -> tuple[Tensor | None, Tensor | None, Tensor | None]:
    """`(query_mask, value_mask, key_mask)`, the given ones completed by `mask`: the padding
    mask a Functional model hands over for the query (e.g. from `Embedding(mask_zero=True)`).
    It also stands for the value's and the key's when they are the query (self-attention)."""
    query_mask, value_mask, key_mask = masks
    if mask is None:
        return query_mask, value_mask, key_mask
    if query_mask is None:
        query_mask = mask
    if value_mask is None and value is query:
        value_mask = mask
    if key_mask is None and key is query and key is not value:
        key_mask = mask
    return query_mask, value_mask, key_mask


def resolve_masks(
    query: Tensor,
    value: Tensor,
    key: Tensor | None,
    masks: tuple[Tensor | None, Tensor | None, Tensor | None],
    mask: Tensor | None,
    attention_mask: Tensor | None,
    use_causal_mask: bool,
    sliding_window: int | None,
    may_fuse_causal: bool = True,
) -> tuple[Tensor, Tensor | None, bool]:
    """Returns `(key, attention_mask, causal_only)` for a call: the key (the value when not
    given), and either `causal_only` (the causal mask is the only one, so a fused kernel can
    apply it itself) or the merged attention mask of every mask the call has."""
    masks = implicit_masks(query, value, key, masks, mask)
    key = value if key is None else key
    causal_only = (
        may_fuse_causal
        and use_causal_mask
        and all(m is None for m in masks)
        and attention_mask is None
        and sliding_window is None
    )
    if not causal_only:
        attention_mask = merge_attention_masks(
            query, value, *masks, attention_mask, use_causal_mask, sliding_window
        )
    return key, attention_mask, causal_only


def serialize_common(layer: Any, prefix: str = "") -> dict:
    """The initializer, regularizer and constraint entries of the config, read from
    `<prefix>kernel_initializer` and the like."""

    def read(name: str) -> Any:
        return getattr(layer, prefix + name)

    def maybe(fn: Any, value: Any) -> Any:
        return None if value is None else fn(value)

    return {
        "kernel_initializer": initializers.serialize(read("kernel_initializer")),
        "bias_initializer": initializers.serialize(read("bias_initializer")),
        "kernel_regularizer": maybe(regularizers.serialize, read("kernel_regularizer")),
        "bias_regularizer": maybe(regularizers.serialize, read("bias_regularizer")),
        "activity_regularizer": maybe(regularizers.serialize, layer._activity_regularizer),
        "kernel_constraint": maybe(constraints.serialize, read("kernel_constraint")),
        "bias_constraint": maybe(constraints.serialize, read("bias_constraint")),
    }


def _copy_initializer(initializer: Any) -> Any:
    return type(initializer).from_config(initializer.get_config())
