"""`Layer`: the base of every lamina layer and model.

The eager call path is kept short, because it runs on every training step: once a layer is
built, `__call__` converts its inputs, sets up `training` for sublayers and calls `call`. Input
checks and output-spec inference happen when the layer is built or called on SymbolicTensors;
when `call` fails eagerly, the InputSpec check runs then, to explain the failure.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from lamina import backend, dtype_policies
from lamina.backend.common.name_scope import name_scope
from lamina.backend.common.stateless_scope import AutocastScope, StatelessScope
from lamina.backend.common.symbolic_tensor import (
    OpCall,
    SymbolicTensor,
    any_symbolic,
    flatten,
    map_structure,
)
from lamina.backend.common.variables import Variable
from lamina.layers import call_context, tracking
from lamina.layers.input_shapes import dict_has_symbolic as _dict_symbolic
from lamina.layers.input_shapes import first_inputs as _first_inputs
from lamina.layers.input_shapes import is_shape as _is_shape
from lamina.layers.input_shapes import shape_leaves as _shape_leaves
from lamina.layers.input_shapes import shape_of_input as _shape_of_input
from lamina.layers.input_shapes import shapes_to_specs as _shapes_to_specs
from lamina.layers.input_spec import check_input_spec
from lamina.layers.layer_state import LayerStateMixin
from lamina.layers.naming import to_snake_case as to_snake_case
from lamina.layers.naming import unique_name as unique_name
from lamina.typing import Tensor

_ENGINE_ERRORS = (ValueError, TypeError, RuntimeError, IndexError)


class Layer(LayerStateMixin, backend.layer.BackendLayer):  # type: ignore[name-defined]
    """The base class of layers: state (weights) plus a computation (`call`).

    Subclasses create weights in `build(input_shape)` with `add_weight` and compute in
    `call(inputs, ...)` with `lamina.ops`. The layer builds itself on its first call.

    Args:
        activity_regularizer: Optional regularizer applied to the layer's outputs.
        trainable: Whether the layer's weights are updated by training.
        dtype: A dtype policy or name: "float32", "mixed_float16", ... (None = global policy).
        autocast: Whether float inputs are cast to the policy's compute dtype.
        name: The layer's name; unique by default (e.g. "my_layer_1").

    Example:
        >>> import lamina
        >>> class Scale(lamina.layers.Layer):
        ...     def build(self, input_shape):
        ...         self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones")
        ...     def call(self, inputs):
        ...         return inputs * self.scale
        >>> layer = Scale()
        >>> lamina.ops.convert_to_numpy(layer(lamina.ops.ones((2, 3)))).tolist()
        [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
        >>> [v.path for v in layer.weights]
        ['scale/variable']
    """

    supports_masking = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__:
            cls.build = _marking_built(cls.__dict__["build"])  # type: ignore[method-assign]

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        obj = super().__new__(cls)
        obj._init_engine()
        obj._init_args = (args, kwargs)
        return obj

    def __init__(
        self,
        *,
        activity_regularizer: Any = None,
        trainable: bool = True,
        dtype: Any = None,
        autocast: bool = True,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        input_shape = kwargs.pop("input_shape", None)
        input_dim = kwargs.pop("input_dim", None)
        batch_size = kwargs.pop("batch_size", None)
        kwargs.pop("input_dtype", None)
        if kwargs:
            raise TypeError(
                f"{type(self).__name__}: unexpected keyword argument(s) {sorted(kwargs)}."
            )
        if name is not None and (not isinstance(name, str) or "/" in name or not name):
            raise ValueError(
                f"{type(self).__name__}: name must be a non-empty string without '/', "
                f"received {name!r}."
            )
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        self._dtype_policy = dtype_policies.get(dtype)
        self._trainable = bool(trainable)
        self.autocast = autocast
        self.built = False
        self.input_spec: Any = None
        self._own_weights: list[Variable] = []
        self._losses: list[Any] = []
        self._inbound_nodes: list[OpCall] = []
        self._activity_regularizer = _get_regularizer(activity_regularizer)
        if input_dim is not None and input_shape is None:
            input_shape = (input_dim,)
        self._declared_batch_shape = (
            None if input_shape is None else (batch_size, *tuple(input_shape))
        )
        self._call_flags: tuple[bool, bool] | None = None
        self._default_training: bool | None = None

    # -- build ---------------------------------------------------------------------------------
    def build(self, input_shape: Any) -> None:
        """Creates the layer's weights for inputs of `input_shape` (override in subclasses)."""
        self.built = True

    def add_weight(
        self,
        shape: Sequence[int] | None = None,
        initializer: Any = None,
        dtype: Any = None,
        trainable: bool = True,
        autocast: bool = True,
        regularizer: Any = None,
        constraint: Any = None,
        aggregation: str = "none",
        name: str | None = None,
    ) -> Variable:
        """Creates a weight variable owned by this layer and returns it.

        Args:
            shape: The weight's shape (default `()`).
            initializer: An initializer object or name; default "glorot_uniform" for floats,
                "zeros" otherwise.
            dtype: The dtype; default the policy's variable dtype.
            trainable: Whether training updates it.
            autocast: Whether it is cast to the compute dtype under mixed precision.
            regularizer: Optional regularizer; its penalty joins `losses`.
            constraint: Optional constraint applied after each optimizer update.
            name: The variable's name (its path is `<layer name>/<name>`).
        """
        from lamina import initializers

        shape = () if shape is None else tuple(int(d) for d in shape)
        dtype = backend.standardize_dtype(dtype or self._dtype_policy.variable_dtype)
        if initializer is None:
            initializer = "glorot_uniform" if backend.is_float_dtype(dtype) else "zeros"
        initializer = initializers.get(initializer)
        with name_scope(self.name):
            variable = backend.Variable(
                initializer,
                shape=shape,
                dtype=dtype,
                trainable=trainable,
                autocast=autocast,
                aggregation=aggregation,
                name=name or "variable",
            )
        variable.regularizer = _get_regularizer(regularizer)  # type: ignore[attr-defined]
        variable.constraint = _get_constraint(constraint)  # type: ignore[attr-defined]
        self._own_weights.append(variable)
        self._sync_engine_state(self._own_variables(), self._direct_sublayers())
        return variable

    # -- call ------------------------------------------------------------------------------------
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not args and "inputs" in kwargs:
            args = (kwargs.pop("inputs"),)
        if any_symbolic(args, kwargs) or (args and _dict_symbolic(args[0])):
            return self._symbolic_call(args, kwargs)
        if not self.built:
            self._build_on_first_call(args, kwargs)
        flags = self._call_flags or self._compute_call_flags()
        training = kwargs.get("training")
        if training is None:
            training = call_context.current_training()
            if training is None:
                training = self._default_training
        if not flags[0]:
            kwargs.pop("training", None)
        elif training is not None:
            kwargs["training"] = training
        if not flags[1]:
            kwargs.pop("mask", None)
        if args:
            args = (self._convert_inputs(args[0]), *args[1:])
        with call_context.CallScope(training, self):
            if self._dtype_policy.compute_dtype != self._dtype_policy.variable_dtype:
                with AutocastScope(self._dtype_policy.compute_dtype):
                    outputs = self._checked_call(args, kwargs)
            else:
                outputs = self._checked_call(args, kwargs)
        if self._activity_regularizer is not None:
            for output in flatten(outputs):
                self.add_loss(self._activity_regularizer(output))
        return outputs

    def call(self, *args: Any, **kwargs: Any) -> Any:
        """The layer's computation; subclasses override it."""
        raise NotImplementedError(
            f"{type(self).__name__} '{self.name}' has no call(): subclasses of Layer must "
            "implement call(self, inputs, ...)."
        )

    def _checked_call(self, args: tuple, kwargs: dict) -> Any:
        try:
            return self.call(*args, **kwargs)
        except _ENGINE_ERRORS:
            if args:
                shapes = [tuple(backend.core.shape(x)) for x in _first_inputs(args[0])]
                check_input_spec(self, self.input_spec, shapes)
            raise

    def _convert_inputs(self, inputs: Any) -> Any:
        if backend.core.is_tensor(inputs):
            if (
                self.autocast
                and inputs.dtype in backend.layer.FLOAT_ENGINE_DTYPES
                and inputs.dtype != _engine_dtype(self._dtype_policy.compute_dtype)
            ):
                return backend.core.cast(inputs, self._dtype_policy.compute_dtype)
            return inputs
        if isinstance(inputs, (np.ndarray, np.generic)):
            if inputs.dtype.kind == "f" and self.autocast:
                return backend.core.convert_to_tensor(inputs, self._dtype_policy.compute_dtype)
            return backend.core.convert_to_tensor(inputs)
        if isinstance(inputs, (list, tuple, dict)):
            return map_structure(self._convert_inputs, inputs)
        return inputs

    def _accepts_mask(self) -> bool:
        return (self._call_flags or self._compute_call_flags())[1]

    def _compute_call_flags(self) -> tuple[bool, bool]:
        parameters = inspect.signature(self.call).parameters
        has_var_kwargs = any(p.kind is p.VAR_KEYWORD for p in parameters.values())
        default = parameters["training"].default if "training" in parameters else None
        self._default_training = default if isinstance(default, bool) else None
        self._call_flags = (
            "training" in parameters or has_var_kwargs,
            "mask" in parameters or has_var_kwargs,
        )
        return self._call_flags

    # -- symbolic calls ----------------------------------------------------------------------
    def _symbolic_call(self, args: tuple, kwargs: dict) -> Any:
        if not self.built:
            self._build_on_first_call(args, kwargs)
        if args:
            check_input_spec(self, self.input_spec, [x.shape for x in _first_inputs(args[0])])
        flags = self._call_flags or self._compute_call_flags()
        if not flags[0]:
            kwargs.pop("training", None)
        if not flags[1]:
            kwargs.pop("mask", None)
        spec_args = args
        if args and self.autocast:
            spec_args = (map_structure(self._autocast_spec, args[0]), *args[1:])
        if self._dtype_policy.compute_dtype != self._dtype_policy.variable_dtype:
            with AutocastScope(self._dtype_policy.compute_dtype):
                spec = self.compute_output_spec(*spec_args, **kwargs)
        else:
            spec = self.compute_output_spec(*spec_args, **kwargs)
        node = OpCall(self, args, kwargs)
        outputs = map_structure(
            lambda s: SymbolicTensor(s.shape, s.dtype, name=self.name, op=node), spec
        )
        node.outputs = outputs
        self._inbound_nodes.append(node)
        return outputs

    def _autocast_spec(self, x: Any) -> Any:
        """The spec of `x` as `call` sees it: float inputs in the compute dtype (as eagerly)."""
        compute_dtype = self._dtype_policy.compute_dtype
        if (
            isinstance(x, SymbolicTensor)
            and x.dtype != compute_dtype
            and backend.is_float_dtype(x.dtype)
        ):
            return SymbolicTensor(x.shape, compute_dtype, name=x.name)
        return x

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        """Returns SymbolicTensor(s) describing the outputs for these (symbolic) inputs.

        Uses `compute_output_shape` when the layer defines it, else runs `call` on the
        SymbolicTensors (lamina ops compute specs without running an engine).
        """
        if type(self).compute_output_shape is not Layer.compute_output_shape and args:
            shapes = map_structure(lambda x: tuple(x.shape), args[0])
            output_shape = self.compute_output_shape(shapes)
            return _shapes_to_specs(output_shape, self._dtype_policy.compute_dtype)
        with call_context.CallScope(kwargs.get("training")):
            return self.call(*args, **kwargs)

    def compute_output_shape(self, input_shape: Any) -> Any:
        """Returns the output shape for `input_shape` (by a symbolic call unless overridden).

        The fallback builds the layer first when it is not built yet, as a call would.
        """
        if not self.built:
            self._build_with(input_shape)
        inputs = (
            map_structure(
                lambda s: SymbolicTensor(s, self._dtype_policy.compute_dtype),
                input_shape,
            )
            if not _is_shape(input_shape)
            else SymbolicTensor(input_shape, self.compute_dtype)
        )
        outputs = self.compute_output_spec(inputs)
        return map_structure(lambda t: t.shape, outputs)

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        """Returns the output mask: the input's mask when `supports_masking`, else None."""
        return previous_mask if self.supports_masking else None

    def _build_on_first_call(self, args: tuple, kwargs: dict) -> None:
        if args:
            shapes = map_structure(_shape_of_input, args[0])
            check_input_spec(self, self.input_spec, [s for s in _shape_leaves(shapes)])
            self._build_with(shapes)
        else:
            self._build_with(None)

    def _build_with(self, input_shape: Any) -> None:
        self.build(input_shape)
        self.built = True
        self._build_input_shape = input_shape
        # Sublayers and variables set in __init__ of a layer without its own build().
        self._sync_engine_state(self._own_variables(), self._direct_sublayers())

    # -- state ---------------------------------------------------------------------------------
    def _own_variables(self) -> list[Variable]:
        """The layer's own variables: trainable ones first, each group in creation order."""
        found = [v for v in tracking.iter_attribute_values(self) if tracking.is_variable(v)]
        variables = tracking.unique(self._own_weights + found)
        return [v for v in variables if v.trainable] + [v for v in variables if not v.trainable]

    def _direct_sublayers(self) -> list[Layer]:
        found = [v for v in tracking.iter_attribute_values(self) if isinstance(v, Layer)]
        return [layer for layer in tracking.unique(found) if layer is not self]

    def _seed_variables(self) -> list[Variable]:
        from lamina.random import SeedGenerator

        return [
            v.state for v in tracking.iter_attribute_values(self) if isinstance(v, SeedGenerator)
        ]

    @property
    def layers(self) -> list[Layer]:
        """The sublayers this layer holds directly, in the order they were set."""
        return self._direct_sublayers()

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        for layer in self._direct_sublayers():
            layer.trainable = value

    @property
    def trainable_weights(self) -> list[Variable]:
        """Weights training updates: none when the layer (or a parent) is frozen."""
        if not self._trainable:
            return []
        own = [v for v in self._own_variables() if v.trainable]
        nested = [w for layer in self._direct_sublayers() for w in layer.trainable_weights]
        return tracking.unique(own + nested)

    @property
    def non_trainable_weights(self) -> list[Variable]:
        """Weights training leaves alone (all of them when the layer is frozen)."""
        if not self._trainable:
            return self.weights
        own = [v for v in self._own_variables() if not v.trainable]
        nested = [w for layer in self._direct_sublayers() for w in layer.non_trainable_weights]
        return tracking.unique(own + nested)

    @property
    def weights(self) -> list[Variable]:
        """All weights: the layer's own, then its sublayers', in creation order."""
        own = self._own_variables()
        nested = [w for layer in self._direct_sublayers() for w in layer.weights]
        return tracking.unique(own + nested)

    @property
    def variables(self) -> list[Variable]:
        """All state: the weights plus the states of seed generators."""
        nested = [v for layer in self._direct_sublayers() for v in layer.variables]
        return tracking.unique(self._own_variables() + self._seed_variables() + nested)

    @property
    def trainable_variables(self) -> list[Variable]:
        return self.trainable_weights

    @property
    def non_trainable_variables(self) -> list[Variable]:
        trainable = {id(v) for v in self.trainable_weights}
        return [v for v in self.variables if id(v) not in trainable]

    @property
    def losses(self) -> list[Tensor]:
        """Losses of this layer and its sublayers: those added (by `add_loss` or activity
        regularizers) during the layer's latest call, then the penalties of the regularizers
        of the trainable weights."""
        added = [loss for layer in self._flatten_layers() for loss in layer._losses]
        penalties = [
            v.regularizer(v.value)  # type: ignore[attr-defined]
            for v in self.trainable_weights
            if getattr(v, "regularizer", None) is not None
        ]
        return added + penalties

    def add_loss(self, loss: Any) -> None:
        """Adds a scalar loss tensor to `losses` (e.g. a penalty computed in `call`).

        An outermost call clears the losses its layer tree added in earlier calls; losses added on
        SymbolicTensors (while a Functional model is being defined) are not kept.
        """
        if any(isinstance(x, SymbolicTensor) for x in flatten(loss)):
            return
        self._losses.extend(flatten(loss))
        call_context.record_losses(self)

    def _flatten_layers(self) -> list[Layer]:
        """This layer and all layers below it, each once, parents before children."""
        result: list[Layer] = []
        seen: set[int] = set()
        stack: list[Layer] = [self]
        while stack:
            layer = stack.pop()
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            result.append(layer)
            stack.extend(reversed(layer._direct_sublayers()))
        return result

    @property
    def dtype_policy(self) -> dtype_policies.DTypePolicy:
        return self._dtype_policy

    @property
    def dtype(self) -> str:
        """The dtype of the layer's variables."""
        return self._dtype_policy.variable_dtype

    @property
    def compute_dtype(self) -> str:
        return self._dtype_policy.compute_dtype

    @property
    def variable_dtype(self) -> str:
        return self._dtype_policy.variable_dtype

    def count_params(self) -> int:
        """Returns the number of scalars in the layer's weights (the layer must be built)."""
        if not self.built:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' is not built yet, so it has no weights "
                "to count. Call it on an input or call build(input_shape) first."
            )
        return int(sum(int(np.prod(v.shape)) for v in self.weights))

    def stateless_call(
        self,
        trainable_variables: Sequence[Any],
        non_trainable_variables: Sequence[Any],
        *args: Any,
        return_losses: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Calls the layer with the given variable values, without changing its variables.

        Returns `(outputs, non_trainable_values)` — the non-trainable values after the call
        (e.g. updated moving statistics) — and the losses too with `return_losses=True`.
        """
        trainable, non_trainable = self.trainable_variables, self.non_trainable_variables
        if len(trainable_variables) != len(trainable) or len(non_trainable_variables) != len(
            non_trainable
        ):
            raise ValueError(
                f"{type(self).__name__} '{self.name}'.stateless_call expected "
                f"{len(trainable)} trainable and {len(non_trainable)} non-trainable values, "
                f"received {len(trainable_variables)} and {len(non_trainable_variables)}."
            )
        mapping = list(zip(trainable, trainable_variables)) + list(
            zip(non_trainable, non_trainable_variables)
        )
        with StatelessScope(mapping) as scope:
            outputs = self(*args, **kwargs)
            losses = self.losses if return_losses else None
        updated = [scope.get_current_value(v) for v in non_trainable]
        return (outputs, updated, losses) if return_losses else (outputs, updated)

    # -- graph -----------------------------------------------------------------------------------
    @property
    def input(self) -> Any:
        """The symbolic input of the layer's first call on SymbolicTensors."""
        return self._first_node("input").args[0]

    @property
    def output(self) -> Any:
        """The symbolic output of the layer's first call on SymbolicTensors."""
        return self._first_node("output").outputs

    def _first_node(self, what: str) -> OpCall:
        if not self._inbound_nodes:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' has no {what} yet: it has not been "
                "called on a symbolic tensor (e.g. inside a Functional model)."
            )
        return self._inbound_nodes[0]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


_engine_dtypes: dict[str, Any] = {}


def _engine_dtype(name: str) -> Any:
    """The engine's dtype object for a lamina dtype name, cached (this runs on every call)."""
    found = _engine_dtypes.get(name)
    if found is None:
        found = _engine_dtypes[name] = backend.core.to_engine_dtype(name)
    return found


def _marking_built(build: Callable) -> Callable:
    """Wraps a subclass's `build` so that, however it is called, the layer ends up built and
    its engine state (torch parameters) mirrors the weights it created."""

    @functools.wraps(build)
    def wrapped(self: Layer, *args: Any, **kwargs: Any) -> Any:
        result = build(self, *args, **kwargs)
        self.built = True
        if args and getattr(self, "_build_input_shape", None) is None:
            self._build_input_shape = args[0]
        self._sync_engine_state(self._own_variables(), self._direct_sublayers())
        return result

    return wrapped


def _get_regularizer(identifier: Any) -> Callable | None:
    if identifier is None:
        return None
    from lamina import regularizers

    return regularizers.get(identifier)


def _get_constraint(identifier: Any) -> Callable | None:
    if identifier is None:
        return None
    from lamina import constraints

    return constraints.get(identifier)
