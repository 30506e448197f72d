"""`Model`: a Layer with the model API. `Model(inputs, outputs)` builds a Functional model;
subclasses define `call` (the subclassing pattern)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lamina.layers.layer import Layer
from lamina.trainers.trainer import Trainer


class Model(Trainer, Layer):
    """A layer that groups layers, with `summary`, `get_layer` and (later) training.

    `Model(inputs, outputs)` returns a Functional model built from symbolic tensors; a subclass
    of Model that defines `call` is a subclassed model.

    Example:
        >>> import lamina
        >>> inputs = lamina.Input(shape=(3,))
        >>> outputs = lamina.layers.Dense(2)(inputs)
        >>> model = lamina.Model(inputs, outputs)
        >>> type(model).__name__, model.count_params()
        ('Functional', 8)
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if cls is Model and _is_functional_call(args, kwargs):
            from lamina.models.functional import Functional

            return Functional.__new__(Functional, *args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args:
            raise TypeError(
                f"{type(self).__name__}: unexpected positional arguments. Model(inputs, outputs) "
                "builds a Functional model; a subclass passes only keyword arguments "
                "(name=..., trainable=..., dtype=...) to super().__init__()."
            )
        super().__init__(**kwargs)

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        """Returns a layer of the model by name or by index (in `layers` order)."""
        layers = self.layers
        if (name is None) == (index is None):
            raise ValueError(
                f"{type(self).__name__} '{self.name}'.get_layer: pass exactly one of name= "
                f"or index=, received name={name!r}, index={index!r}."
            )
        if index is not None:
            if not -len(layers) <= index < len(layers):
                raise ValueError(
                    f"{type(self).__name__} '{self.name}'.get_layer: index {index} is out of "
                    f"range for a model with {len(layers)} layers."
                )
            return layers[index]
        for layer in layers:
            if layer.name == name:
                return layer
        raise ValueError(
            f"{type(self).__name__} '{self.name}' has no layer named {name!r}. Its layers are: "
            f"{[layer.name for layer in layers]}."
        )

    def save(
        self, filepath: str, overwrite: bool = True, zipped: bool | None = None, **kwargs: Any
    ) -> None:
        """Saves the whole model (config, weights, compile and optimizer state) as a `.keras`
        archive in Keras 3's layout, written to a temporary name then renamed.

        Args:
            filepath: A path ending in `.keras` (or `.h5` / `.hdf5`: Keras 2's legacy HDF5
                format, written with a warning, as Keras 3 does).
            overwrite: Whether to replace an existing file (else ask on the terminal).
            zipped: False writes an unzipped folder with the same members.

        Example:
            >>> import os, tempfile
            >>> import lamina
            >>> model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])
            >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
            >>> model.save(path)
            >>> type(lamina.models.load_model(path)).__name__
            'Sequential'
        """
        from lamina.saving.saving_api import save_model

        save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def build_from_config(self, config: dict | None) -> None:
        """Builds from `get_build_config()`; a subclassed model whose build() leaves its
        sublayers unbuilt is called once on symbolic inputs of the saved shape (as Keras)."""
        super().build_from_config(config)
        shape = (config or {}).get("input_shape")
        if shape is None or all(layer.built for layer in self._flatten_layers()):
            return
        from lamina.backend.common.symbolic_tensor import SymbolicTensor

        if all(d is None or isinstance(d, int) for d in shape):
            inputs: Any = SymbolicTensor(tuple(shape), self.compute_dtype)
        else:
            inputs = [SymbolicTensor(tuple(s), self.compute_dtype) for s in shape]
        self.compute_output_spec(inputs)

    def save_weights(
        self, filepath: str, overwrite: bool = True, max_shard_size: float | None = None
    ) -> None:
        """Saves the weights (and a built optimizer's state) to a `.weights.h5` file laid out
        as Keras 3 lays it out; the file is written to a temporary name, then renamed.

        Args:
            filepath: A path ending in `.weights.h5` (or `.weights.json` when sharded).
            overwrite: Whether to replace an existing file (else ask on the terminal).
            max_shard_size: If set, split the weights into files of at most this many GB.

        Example:
            >>> import os, tempfile
            >>> import lamina
            >>> model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])
            >>> path = os.path.join(tempfile.mkdtemp(), "model.weights.h5")
            >>> model.save_weights(path)
            >>> clone = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])
            >>> clone.load_weights(path)
            >>> bool((clone.get_weights()[0] == model.get_weights()[0]).all())
            True
        """
        from lamina.saving.weights_file import save_weights

        save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size)

    def load_weights(self, filepath: str, skip_mismatch: bool = False, **kwargs: Any) -> None:
        """Loads weights from a `.weights.h5` file (lamina's or Keras 3's), checking every
        shape before assigning anything.

        Args:
            filepath: The file (or a sharded `.weights.json` index, a `.keras` archive, or a
                legacy Keras 2 `.h5` / `.hdf5` file).
            skip_mismatch: Skip (with a warning) layers whose saved shapes differ, instead of
                raising.
            **kwargs: `by_name=True` matches a legacy `.h5` file's layers by name.
        """
        from lamina.saving.weights_file import load_weights

        load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Model:
        """Creates a model from `get_config`'s output: a Functional model for a Functional
        config (one with `layers`, `input_layers` and `output_layers`), else `cls(**config)`."""
        if cls is Model and {"layers", "input_layers", "output_layers"} <= set(config):
            from lamina.models.functional import Functional

            return Functional.from_config(config, custom_objects=custom_objects)
        return cls(**config)

    def summary(
        self,
        line_length: int | None = None,
        positions: Any = None,
        print_fn: Callable[..., Any] | None = None,
        expand_nested: bool = False,
        show_trainable: bool = False,
        layer_range: Any = None,
    ) -> None:
        """Prints a table of the model's layers, output shapes and parameter counts."""
        from lamina.models.summary import print_summary

        print_summary(self, line_length, print_fn, expand_nested, show_trainable)


def _is_functional_call(args: tuple, kwargs: dict) -> bool:
    if "inputs" in kwargs and "outputs" in kwargs:
        return True
    return len(args) >= 2 or (len(args) == 1 and "outputs" in kwargs)
