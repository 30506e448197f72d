"""Bidirectional: runs a recurrent layer forwards and a copy of it backwards, and merges."""

from __future__ import annotations

from typing import Any

from lamina import ops
from lamina.backend.common.name_scope import name_scope
from lamina.backend.common.symbolic_tensor import flatten
from lamina.layers.layer import Layer
from lamina.typing import Shape, Tensor

MERGE_MODES = ("concat", "sum", "mul", "ave", None)


class Bidirectional(Layer):
    """Runs an RNN over the sequence forwards and a copy of it backwards, then merges both.

    The forward layer is a fresh copy of `layer` (its config, new weights) named
    `forward_<name>`; the backward layer is `backward_layer` or another copy reading the
    sequence from its end, named `backward_<name>`. With `return_sequences` the backward
    outputs are flipped back into time order, and masked steps output zeros in both
    directions, so that the two line up.

    Args:
        layer: A recurrent layer (`RNN`, `LSTM`, `GRU`, or a layer with `go_backwards`,
            `return_sequences` and `return_state`).
        merge_mode: How to merge the outputs: "concat" (default), "sum", "mul", "ave", or
            None to return both as a list.
        weights: Optional initial weights: the forward layer's, then the backward layer's.
        backward_layer: Optional layer for the backward direction; it must read the sequence
            in the opposite direction of `layer` and match its `stateful`,
            `return_sequences` and `return_state`.

    Call arguments: like the wrapped layer's; an `initial_state` list gives its first states
    to the forward layer (as many as it has, else half) and the rest to the backward layer.

    Output shape: the wrapped layer's, with the last axis doubled for "concat"; with
    `return_state`, the output(s) then the forward and the backward final states.

    Example:
        >>> import lamina
        >>> layer = lamina.layers.Bidirectional(lamina.layers.LSTM(4, return_sequences=True))
        >>> lamina.ops.shape(layer(lamina.ops.ones((2, 5, 3))))
        (2, 5, 8)
    """

    def __init__(
        self,
        layer: Layer,
        merge_mode: str | None = "concat",
        weights: Any = None,
        backward_layer: Layer | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Bidirectional '{self.name}': layer must be a lamina layer (e.g. an LSTM), "
                f"received {layer!r}."
            )
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(
                f"Bidirectional '{self.name}': backward_layer must be a lamina layer or None, "
                f"received {backward_layer!r}."
            )
        if merge_mode not in MERGE_MODES:
            raise ValueError(
                f"Bidirectional '{self.name}': merge_mode must be one of {list(MERGE_MODES)}, "
                f"received {merge_mode!r}."
            )
        self.forward_layer = _copy_layer(layer, "forward_", {})
        if backward_layer is None:
            backward_layer = _copy_layer(
                layer, "backward_", {"go_backwards": not layer.go_backwards}
            )
        self.backward_layer = backward_layer
        self._check_directions()
        for direction in (self.forward_layer, self.backward_layer):
            if getattr(direction, "zero_output_for_mask", None) is not None:
                direction.zero_output_for_mask = direction.return_sequences
        self.merge_mode = merge_mode
        self._initial_weights = weights
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self.input_spec = layer.input_spec

    def build(self, sequences_shape: Shape, initial_state_shape: Any = None) -> None:
        with name_scope(self.name):
            for direction in (self.forward_layer, self.backward_layer):
                if not direction.built:
                    direction.build(sequences_shape)
        if self._initial_weights:
            weights = list(self._initial_weights)
            half = len(weights) // 2
            self.forward_layer.set_weights(weights[:half])
            self.backward_layer.set_weights(weights[half:])
            self._initial_weights = None

    def call(
        self,
        sequences: Tensor,
        initial_state: Any = None,
        mask: Any = None,
        training: bool | None = None,
    ) -> Any:
        forward_state = backward_state = None
        if initial_state is not None:
            split = _state_count(self.forward_layer, len(initial_state) // 2)
            forward_state, backward_state = initial_state[:split], initial_state[split:]
        kwargs: dict[str, Any] = {"training": training}
        if mask is not None:
            kwargs["mask"] = mask
        y = self.forward_layer(sequences, initial_state=forward_state, **kwargs)
        y_reverse = self.backward_layer(sequences, initial_state=backward_state, **kwargs)
        states: tuple = ()
        if self.return_state:
            states = tuple(y[1:]) + tuple(y_reverse[1:])
            y, y_reverse = y[0], y_reverse[0]
        y, y_reverse = ops.cast(y, self.compute_dtype), ops.cast(y_reverse, self.compute_dtype)
        if self.return_sequences:
            y_reverse = ops.flip(y_reverse, axis=1)
        output = self._merge(y, y_reverse)
        if not self.return_state:
            return output
        return (*output, *states) if self.merge_mode is None else (output, *states)

    def compute_output_shape(self, sequences_shape: Shape, initial_state_shape: Any = None) -> Any:
        shape = self.forward_layer.compute_output_shape(sequences_shape)
        states: tuple = ()
        if self.return_state:
            shape, states = shape[0], tuple(shape[1:])
        if self.merge_mode == "concat":
            shape = (*shape[:-1], None if shape[-1] is None else 2 * shape[-1])
        if not self.return_state:
            return [shape, shape] if self.merge_mode is None else tuple(shape)
        outputs = (shape, shape) if self.merge_mode is None else (shape,)
        return (*outputs, *states, *states)

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        """The input mask for sequence outputs (one per output when not merged)."""
        mask = previous_mask[0] if isinstance(previous_mask, list) else previous_mask
        output_mask = mask if self.return_sequences else None
        masks = [output_mask, output_mask] if self.merge_mode is None else [output_mask]
        if self.return_state:
            count = len(self.forward_layer.state_size) + len(self.backward_layer.state_size)
            return masks + [None] * count
        return masks if self.merge_mode is None else output_mask

    def get_config(self) -> dict:
        from lamina.layers import serialize

        config = super().get_config()
        config["merge_mode"] = self.merge_mode
        config["layer"] = serialize(self.forward_layer)
        config["backward_layer"] = serialize(self.backward_layer)
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Bidirectional:
        from lamina.layers import deserialize

        config = dict(config)
        config["layer"] = deserialize(config["layer"], custom_objects=custom_objects)
        backward = config.pop("backward_layer", None)
        if backward is not None:
            config["backward_layer"] = deserialize(backward, custom_objects=custom_objects)
        return cls(**config)

    @property
    def states(self) -> Any:
        """The forward then backward state variables of stateful layers (else None)."""
        forward, backward = self.forward_layer.states, self.backward_layer.states
        if forward and backward:
            return tuple(list(forward) + list(backward))
        return None

    def reset_state(self) -> None:
        """Resets the states of both directions (the wrapped layer must be stateful)."""
        if not self.stateful:
            raise AttributeError(
                f"Bidirectional '{self.name}' wraps a layer that is not stateful, so it has no "
                "state to reset. Create the wrapped layer with stateful=True."
            )
        self.forward_layer.reset_state()
        self.backward_layer.reset_state()

    def reset_states(self) -> None:
        """Alias of `reset_state`."""
        self.reset_state()

    def _merge(self, y: Tensor, y_reverse: Tensor) -> Any:
        if self.merge_mode == "concat":
            return ops.concatenate([y, y_reverse], axis=-1)
        if self.merge_mode == "sum":
            return y + y_reverse
        if self.merge_mode == "ave":
            return (y + y_reverse) / 2
        if self.merge_mode == "mul":
            return y * y_reverse
        return [y, y_reverse]

    def _check_directions(self) -> None:
        forward, backward = self.forward_layer, self.backward_layer
        if forward.go_backwards == backward.go_backwards:
            raise ValueError(
                f"Bidirectional '{self.name}': the forward and backward layers must read in "
                f"opposite directions, but both have go_backwards={forward.go_backwards}. "
                "Create backward_layer with the other go_backwards value."
            )
        for attribute in ("stateful", "return_sequences", "return_state"):
            if getattr(forward, attribute) != getattr(backward, attribute):
                raise ValueError(
                    f"Bidirectional '{self.name}': the forward and backward layers must have "
                    f"the same {attribute}, received {getattr(forward, attribute)} (forward) "
                    f"and {getattr(backward, attribute)} (backward)."
                )


def _copy_layer(layer: Layer, prefix: str, overrides: dict) -> Layer:
    """A new layer from `layer`'s config (fresh weights), named `<prefix><name>`."""
    from lamina.layers import deserialize, serialize

    config = serialize(layer)
    name = layer.name[len(prefix) :] if layer.name.startswith(prefix) else layer.name
    config["config"] = {**config["config"], "name": prefix + name, **overrides}
    config.pop("build_config", None)
    custom = {type(sub).__name__: type(sub) for sub in layer._flatten_layers()}
    return deserialize(config, custom_objects=custom)


def _state_count(layer: Layer, default: int) -> int:
    sizes = getattr(layer, "state_size", None)
    return len(flatten(sizes)) if isinstance(sizes, (list, tuple)) else default
