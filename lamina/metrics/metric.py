"""`Metric`, the base class of metrics: state in non-trainable variables, updated per batch.

A metric's state lives in `lamina.Variable`s made with `add_variable`; `update_state` changes
them only through `assign` / `assign_add` with `lamina.ops`, so nothing is read back to the host
per step. The `stateless_*` methods run the same code on given values inside a
`StatelessScope`, which is how a jitted train step (e.g. under `jax.jit`) carries metrics.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lamina import backend, dtype_policies, initializers, ops
from lamina.backend import floatx, name_scope
from lamina.backend.common.stateless_scope import StatelessScope
from lamina.backend.common.variables import Variable
from lamina.typing import Tensor


class Metric:
    """Base class of metrics: `update_state` accumulates, `result` reads, `reset_state` clears.

    Subclasses create their state in `__init__` with `add_variable`, and implement
    `update_state(*args, **kwargs)` (with `Variable.assign` / `assign_add` and `lamina.ops`
    only) and `result()`. Calling a metric updates it and returns the result.

    Args:
        dtype: The dtype the metric computes in: a name or a `DTypePolicy` (its compute
            dtype); `floatx()` when None.
        name: The metric's name; the class name in snake case when None.

    Example:
        >>> import lamina
        >>> from lamina import ops
        >>> class Maximum(lamina.metrics.Metric):
        ...     def __init__(self, name=None, dtype=None):
        ...         super().__init__(dtype=dtype, name=name)
        ...         self.largest = self.add_variable((), "zeros", name="largest")
        ...     def update_state(self, values):
        ...         self.largest.assign(ops.maximum(self.largest.value, ops.max(values)))
        ...     def result(self):
        ...         return ops.copy(self.largest.value)
        >>> metric = Maximum()
        >>> metric.update_state([1.0, 3.0])
        >>> metric.update_state([2.0])
        >>> metric.name, float(metric.result())
        ('maximum', 3.0)
    """

    def __init__(self, dtype: Any = None, name: str | None = None) -> None:
        if name is not None and not isinstance(name, str):
            raise TypeError(
                f"{type(self).__name__} expected a string name, received {name!r} "
                f"(type {type(name).__name__})."
            )
        self.name = name or _snake_case(type(self).__name__)
        self._dtype_policy = dtype_policies.get(dtype or floatx())
        self._dtype = self._dtype_policy.compute_dtype
        self._variables: list[Variable] = []
        self._metrics: list[Metric] = []

    def __setattr__(self, name: str, value: Any) -> None:
        # Metrics held as attributes contribute their state to `variables` (e.g. a metric
        # averaging another one's results).
        if isinstance(value, Metric) and name != "_metrics":
            tracked = self.__dict__.setdefault("_metrics", [])
            if all(value is not metric for metric in tracked):
                tracked.append(value)
        super().__setattr__(name, value)

    @property
    def dtype(self) -> str:
        """The dtype the metric computes in."""
        return self._dtype

    @property
    def variables(self) -> list[Variable]:
        """The metric's state: its own variables, then those of metrics it holds."""
        found = list(self._variables)
        for metric in self._metrics:
            for variable in metric.variables:
                if all(variable is not seen for seen in found):
                    found.append(variable)
        return found

    def add_variable(
        self,
        shape: Sequence[int],
        initializer: Any,
        dtype: Any = None,
        aggregation: str = "sum",
        name: str | None = None,
    ) -> Variable:
        """Creates a non-trainable state variable, named under the metric's name.

        Args:
            shape: The variable's shape.
            initializer: An initializer, or its name (e.g. `"zeros"`).
            dtype: The variable's dtype; `floatx()` when None.
            aggregation: How replicas combine it: `"sum"`, `"mean"`, `"none"` or
                `"only_first_replica"`.
            name: The variable's name.

        Returns:
            The new `Variable`.
        """
        with name_scope(self.name.replace("/", ">")):
            variable = backend.Variable(
                initializers.get(initializer),
                shape=tuple(shape),
                dtype=dtype,
                trainable=False,
                autocast=False,
                aggregation=aggregation,
                synchronization="on_read",
                name=name,
            )
        self._variables.append(variable)
        return variable

    def add_weight(
        self,
        shape: Sequence[int] = (),
        initializer: Any = None,
        dtype: Any = None,
        name: str | None = None,
    ) -> Variable:
        """Creates a state variable (Keras 2 spelling of `add_variable`; zeros by default)."""
        return self.add_variable(shape, initializer or "zeros", dtype=dtype, name=name)

    def update_state(self, *args: Any, **kwargs: Any) -> None:
        """Accumulates statistics of a batch; subclasses implement it."""
        raise NotImplementedError(f"{type(self).__name__} does not implement update_state().")

    def result(self) -> Tensor:
        """Returns the metric's value from its state; subclasses implement it."""
        raise NotImplementedError(f"{type(self).__name__} does not implement result().")

    def reset_state(self) -> None:
        """Sets every state variable back to zeros."""
        for variable in self.variables:
            variable.assign(ops.zeros(variable.shape, dtype=variable.dtype))

    def stateless_update_state(
        self, metric_variables: Sequence[Any], *args: Any, **kwargs: Any
    ) -> list[Any]:
        """Runs `update_state` on given state values instead of the variables; writes nothing.

        Args:
            metric_variables: Values for `variables`, in that order.
            *args: Passed to `update_state`, as are `**kwargs`.

        Returns:
            The new state values, in the order of `variables`.

        Example:
            >>> import lamina
            >>> metric = lamina.metrics.Mean()
            >>> state = [v.value for v in metric.variables]
            >>> state = metric.stateless_update_state(state, [1.0, 3.0])
            >>> float(metric.stateless_result(state)), float(metric.result())
            (2.0, 0.0)
        """
        self._check_state_values(metric_variables, "stateless_update_state")
        mapping = list(zip(self.variables, metric_variables))
        with StatelessScope(state_mapping=mapping) as scope:
            self.update_state(*args, **kwargs)
        return _current_values(scope, self.variables, metric_variables)

    def stateless_result(self, metric_variables: Sequence[Any]) -> Tensor:
        """Returns `result()` computed from given state values.

        Args:
            metric_variables: Values for `variables`, in that order.

        Returns:
            The metric's value for that state.
        """
        self._check_state_values(metric_variables, "stateless_result")
        mapping = list(zip(self.variables, metric_variables))
        with StatelessScope(state_mapping=mapping):
            return self.result()

    def stateless_reset_state(self) -> list[Any]:
        """Returns the state values `reset_state` would set, without setting them.

        Example:
            >>> import lamina
            >>> metric = lamina.metrics.Sum()
            >>> metric.update_state([2.0])
            >>> state = metric.stateless_reset_state()
            >>> [float(v) for v in state], float(metric.result())
            ([0.0], 2.0)
        """
        variables = self.variables
        with StatelessScope() as scope:
            self.reset_state()
        return _current_values(scope, variables, [v.value for v in variables])

    def __call__(self, *args: Any, **kwargs: Any) -> Tensor:
        """Updates the state with a batch (`update_state`) and returns `result()`."""
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self) -> dict[str, Any]:
        """Returns the constructor arguments: `name` and `dtype`."""
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Metric:
        """Returns a metric built from `get_config()`'s output."""
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"

    def _check_state_values(self, values: Sequence[Any], method: str) -> None:
        if getattr(self, "_built", True) is False:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' creates its state from its first batch, "
                f"so {method} cannot run yet. Call update_state once with a batch of the right "
                "shape (then reset_state) first."
            )
        expected = len(self.variables)
        if len(values) != expected:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': {method} expected metric_variables to "
                f"hold one value per variable of metric.variables ({expected}), received "
                f"{len(values)}. Pass [v.value for v in metric.variables], in that order."
            )


def _current_values(scope: StatelessScope, variables: list[Variable], fallback: Any) -> list:
    values = []
    for variable, previous in zip(variables, fallback):
        value = scope.get_current_value(variable)
        values.append(previous if value is None else value)
    return values


def _snake_case(name: str) -> str:
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()
