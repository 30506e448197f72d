"""`Optimizer`: the base of lamina's optimizers (Keras 3's `keras.optimizers.Optimizer`).

An optimizer owns its state as lamina Variables (the step count, the learning rate, one or
more slots per trained variable) and changes state only through `Variable.assign`. The same
update code therefore runs eagerly (each assign writes the variable) and inside a
`StatelessScope` (each assign is collected), which is how `stateless_apply` runs in a jitted
JAX train step.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

from lamina import backend, ops
from lamina.backend.common.name_scope import name_scope
from lamina.backend.common.stateless_scope import StatelessScope
from lamina.backend.common.variables import Variable
from lamina.layers.layer import to_snake_case, unique_name
from lamina.optimizers import argument_checks, gradient_clipping
from lamina.optimizers.optimizer_state import OptimizerStateMixin
from lamina.optimizers.schedules import LearningRateSchedule
from lamina.typing import Tensor

_BASE_ARGUMENTS = (
    "name",
    "learning_rate",
    "weight_decay",
    "clipnorm",
    "global_clipnorm",
    "clipvalue",
    "use_ema",
    "ema_momentum",
    "ema_overwrite_frequency",
    "loss_scale_factor",
    "gradient_accumulation_steps",
)


class Optimizer(OptimizerStateMixin):
    """Base class of optimizers: turns gradients into updates of the trained variables.

    Subclasses create their slot variables in `build(variables)` (with
    `add_variable_from_reference`) and implement `update_step(gradient, variable,
    learning_rate)` with `lamina.ops` and `self.assign` / `assign_add` / `assign_sub`.
    Each `apply` then: drops missing gradients, divides by `loss_scale_factor`, clips, applies
    weight decay, runs `update_step` per variable, updates the moving averages (`use_ema`),
    increments `iterations` and projects variables that have a `constraint`.

    Args:
        learning_rate: A non-negative float, a `LearningRateSchedule` (evaluated at
            `iterations`), or a callable taking no arguments.
        weight_decay: If set, every update first shrinks each variable by
            `variable * weight_decay * learning_rate` (decoupled weight decay).
        clipnorm: If set, each gradient is rescaled so its L2 norm is at most this.
        clipvalue: If set, each gradient is clipped element-wise to `[-clipvalue, clipvalue]`.
        global_clipnorm: If set, all gradients are rescaled so their joint L2 norm is at most
            this. At most one of the three clipping arguments may be set.
        use_ema: Whether to keep an exponential moving average of the trained variables.
        ema_momentum: The average's momentum: `average = m * average + (1 - m) * variable`.
        ema_overwrite_frequency: With `use_ema`, overwrite the variables with their averages
            every this many steps (None: only through `finalize_variable_values`).
        loss_scale_factor: If set, gradients are divided by it (see `scale_loss`).
        gradient_accumulation_steps: If set (>= 2), gradients are summed over this many
            `apply` calls and their mean is applied on the last one.
        name: The optimizer's name; the prefix of its variables' paths.

    Example:
        >>> import lamina
        >>> from lamina import optimizers
        >>> class PlainDescent(optimizers.Optimizer):
        ...     def update_step(self, gradient, variable, learning_rate):
        ...         step = lamina.ops.multiply(gradient, lamina.ops.cast(learning_rate, "float32"))
        ...         self.assign_sub(variable, step)
        >>> w = lamina.Variable([1.0, 2.0], name="w")
        >>> optimizer = PlainDescent(learning_rate=0.5)
        >>> _ = optimizer.apply([lamina.ops.ones((2,))], [w])
        >>> w.numpy().tolist(), int(optimizer.iterations)
        ([0.5, 1.5], 1)
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int | None = None,
        loss_scale_factor: float | None = None,
        gradient_accumulation_steps: int | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        if kwargs.pop("decay", None) is not None:
            warnings.warn("Argument `decay` is no longer supported and is ignored.", stacklevel=2)
        if kwargs:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' received unknown argument(s) "
                f"{sorted(kwargs)}. Valid base arguments: {', '.join(_BASE_ARGUMENTS)}."
            )
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        argument_checks.check_base_arguments(self)
        self.built = False
        self._variables: list[Variable] = []
        self._trainable_variables: list[Variable] = []
        self._variable_index: dict[int, int] = {}
        self._model_variables_moving_average: list[Variable] = []
        self._accumulated_gradients: list[Variable] = []
        self._exclude_from_weight_decay: set[int] = set()
        self._exclude_from_weight_decay_pattern: str | None = None
        with name_scope(self.name):
            self._iterations = backend.Variable(0, dtype="int64", trainable=False, name="iteration")
        self._variables.append(self._iterations)
        self._learning_rate = self._make_learning_rate(learning_rate)

    # -- state ---------------------------------------------------------------------------------
    @property
    def iterations(self) -> Variable:
        """The number of `apply` calls so far, an int64 Variable."""
        return self._iterations

    @property
    def variables(self) -> list[Variable]:
        """The optimizer's variables in a stable order: `iterations`, the learning rate (when
        it is a variable), then the variables `build` created, in creation order."""
        return list(self._variables)

    @property
    def learning_rate(self) -> Any:
        """The current learning rate: the learning-rate Variable, or the schedule's value at
        `iterations`, or the callable's value."""
        if isinstance(self._learning_rate, LearningRateSchedule):
            return self._learning_rate(self._iterations)
        if callable(self._learning_rate):
            return self._learning_rate()
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, learning_rate: Any) -> None:
        if isinstance(learning_rate, LearningRateSchedule) or callable(learning_rate):
            if isinstance(self._learning_rate, Variable):
                self._variables.remove(self._learning_rate)
            self._learning_rate = learning_rate
            return
        if not isinstance(self._learning_rate, Variable):
            raise TypeError(
                f"{type(self).__name__} '{self.name}' was created with a schedule or callable "
                "as its learning_rate, so a number cannot be assigned to it. Create the "
                "optimizer with a float learning_rate to change it later."
            )
        self._learning_rate.assign(argument_checks.checked_learning_rate(self, learning_rate))

    def add_variable(
        self,
        shape: Sequence[int],
        initializer: Any = "zeros",
        dtype: Any = None,
        aggregation: str = "none",
        name: str | None = None,
    ) -> Variable:
        """Creates a non-trainable optimizer variable (path `<optimizer name>/<name>`).

        Args:
            shape: The variable's shape.
            initializer: An initializer object or name.
            dtype: The dtype; default `floatx()`.
            aggregation: Kept for Keras compatibility.
            name: The variable's name.

        Returns:
            The new Variable, also listed in `variables`.
        """
        from lamina import initializers

        with name_scope(self.name):
            variable = backend.Variable(
                initializers.get(initializer),
                shape=tuple(int(d) for d in shape),
                dtype=dtype or backend.floatx(),
                trainable=False,
                aggregation=aggregation,
                name=name or "variable",
            )
        self._variables.append(variable)
        return variable

    def add_variable_from_reference(
        self, reference_variable: Variable, name: str | None = None, initializer: Any = "zeros"
    ) -> Variable:
        """Creates a slot variable shaped like `reference_variable`, at path
        `<optimizer name>/<reference path with '/' as '_'>_<name>`.

        Args:
            reference_variable: The trained variable the slot belongs to.
            name: The slot's name, e.g. `"momentum"`.
            initializer: An initializer object or name.

        Returns:
            The new Variable, with the reference's shape and dtype.
        """
        path = getattr(reference_variable, "path", None) or str(reference_variable.name)
        slot_name = f"{path.replace('/', '_').replace(':', '_')}_{name or 'var'}"
        return self.add_variable(
            reference_variable.shape,
            initializer=initializer,
            dtype=reference_variable.dtype,
            name=slot_name,
        )

    def add_optimizer_variables(
        self,
        trainable_variables: Sequence[Variable],
        name: str | Sequence[str],
        initializer: Any = "zeros",
    ) -> Any:
        """Creates one slot per trained variable for each name in `name`.

        With several names the slots are created variable by variable (`a_momentum`,
        `a_velocity`, `b_momentum`, ...): Keras's order, which its weight files follow.

        Args:
            trainable_variables: The trained variables.
            name: A slot name, or a list of them.
            initializer: The slots' initializer.

        Returns:
            A list of slots for a single name; a tuple of such lists for a list of names.

        Example:
            >>> import lamina
            >>> optimizer = lamina.optimizers.SGD()
            >>> a, b = lamina.Variable([1.0], name="a"), lamina.Variable([2.0], name="b")
            >>> firsts, seconds = optimizer.add_optimizer_variables([a, b], ["m", "v"])
            >>> [v.name for v in optimizer.variables[2:]]
            ['a_m', 'a_v', 'b_m', 'b_v']
        """
        names = [name] if isinstance(name, str) else list(name)
        slots: list[list[Variable]] = [[] for _ in names]
        for variable in trainable_variables:
            for index, slot_name in enumerate(names):
                slots[index].append(
                    self.add_variable_from_reference(variable, slot_name, initializer)
                )
        return slots[0] if isinstance(name, str) else tuple(slots)

    def build(self, variables: Sequence[Variable]) -> None:
        """Creates the optimizer's variables for the trained `variables`.

        Subclasses return early when `self.built`, call `super().build(variables)`, then
        create their slots.
        """
        variables = list(variables)
        if self.use_ema:
            self._model_variables_moving_average = self.add_optimizer_variables(
                variables, "average"
            )
        if self.gradient_accumulation_steps:
            self._accumulated_gradients = self.add_optimizer_variables(
                variables, "gradient_accumulator"
            )
        self._trainable_variables = variables
        self._variable_index = {id(v): i for i, v in enumerate(variables)}
        self.built = True

    # -- updates -------------------------------------------------------------------------------
    def apply_gradients(self, grads_and_vars: Iterable[tuple[Any, Variable]]) -> Variable:
        """Applies `(gradient, variable)` pairs; returns `iterations`.

        Example:
            >>> import lamina
            >>> from lamina import optimizers
            >>> w = lamina.Variable([1.0])
            >>> step = optimizers.SGD(0.1).apply_gradients([(lamina.ops.ones((1,)), w)])
            >>> round(float(w.numpy()[0]), 4), int(step)
            (0.9, 1)
        """
        pairs = list(grads_and_vars)
        return self.apply([g for g, _ in pairs], [v for _, v in pairs])

    def apply(self, grads: Sequence[Any], trainable_variables: Any = None) -> Variable:
        """Applies one update: `grads[i]` is the gradient of `trainable_variables[i]`.

        Args:
            grads: The gradients; None entries are skipped with a warning.
            trainable_variables: The variables; None means those the optimizer was built
                with. The first call builds the optimizer.

        Returns:
            `iterations`.

        Example:
            >>> import lamina
            >>> from lamina import optimizers
            >>> w = lamina.Variable([[1.0, 2.0]])
            >>> optimizer = optimizers.SGD(learning_rate=0.5)
            >>> _ = optimizer.apply([lamina.ops.ones((1, 2))], [w])
            >>> w.numpy().tolist()
            [[0.5, 1.5]]
        """
        grads = list(grads)
        if not grads:
            return self._iterations
        variables = self._variables_for(grads, trainable_variables)
        with backend.core.no_grad():
            grads, variables = self._filter_empty_gradients(grads, variables)
            if self.loss_scale_factor is not None:
                grads = [ops.divide(g, self.loss_scale_factor) for g in grads]
            if self.gradient_accumulation_steps:
                self._apply_accumulated(grads, variables)
            else:
                self._apply_update(grads, variables)
            if self.use_ema:
                self._update_moving_averages()
            self._iterations.assign_add(1)
            for variable in variables:
                constraint = getattr(variable, "constraint", None)
                if constraint is not None:
                    variable.assign(constraint(variable))
        return self._iterations

    def stateless_apply(
        self,
        optimizer_variables: Sequence[Any],
        grads: Sequence[Any],
        trainable_variables: Sequence[Any],
    ) -> tuple[list[Any], list[Any]]:
        """Runs `apply` on given values instead of the variables' own; writes nothing.

        This is the pure form a jitted train step needs (e.g. under `jax.jit`).

        Args:
            optimizer_variables: Values for `variables`, in that order.
            grads: The gradients, in the order of the variables the optimizer was built with.
            trainable_variables: Values for those variables, in that order.

        Returns:
            `(new_trainable_values, new_optimizer_values)`, in the same orders.

        Example:
            >>> import lamina
            >>> from lamina import optimizers
            >>> w = lamina.Variable([1.0])
            >>> optimizer = optimizers.SGD(learning_rate=0.5)
            >>> optimizer.build([w])
            >>> values = [v.value for v in optimizer.variables]
            >>> new_w, new_state = optimizer.stateless_apply(values, [[1.0]], [[3.0]])
            >>> lamina.ops.convert_to_numpy(new_w[0]).tolist(), w.numpy().tolist()
            ([2.5], [1.0])
        """
        argument_checks.check_stateless_arguments(self, optimizer_variables, trainable_variables)
        # `variables`, not `_variables`: a wrapper (LossScaleOptimizer) adds its inner
        # optimizer's state there.
        optimizer_state = self.variables
        mapping = list(zip(self._trainable_variables, trainable_variables))
        mapping += list(zip(optimizer_state, optimizer_variables))
        with StatelessScope(state_mapping=mapping) as scope:
            self.apply(grads)
        new_trainable = [scope.get_current_value(v) for v in self._trainable_variables]
        new_optimizer = [scope.get_current_value(v) for v in optimizer_state]
        return new_trainable, new_optimizer

    def update_step(self, gradient: Tensor, variable: Variable, learning_rate: Any) -> None:
        """Updates `variable` from its `gradient` (each optimizer implements it)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement update_step(gradient, variable, learning_rate)."
        )

    def assign(self, variable: Variable, value: Any) -> None:
        """Sets `variable` to `value` (collected instead inside a StatelessScope)."""
        variable.assign(value)

    def assign_add(self, variable: Variable, value: Any) -> None:
        """Adds `value` to `variable`."""
        variable.assign_add(value)

    def assign_sub(self, variable: Variable, value: Any) -> None:
        """Subtracts `value` from `variable`."""
        variable.assign_sub(value)

    def scale_loss(self, loss: Any) -> Any:
        """Returns `loss * loss_scale_factor` (the loss unchanged when no factor is set)."""
        if self.loss_scale_factor is None:
            return loss
        return ops.multiply(loss, self.loss_scale_factor)

    def exclude_from_weight_decay(
        self, var_list: Sequence[Variable] | None = None, var_names: Sequence[str] | None = None
    ) -> None:
        """Exempts variables from weight decay: those in `var_list`, and those whose name
        matches one of the regular expressions `var_names`. Call it before the first update.
        """
        if self.built:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': exclude_from_weight_decay() must be "
                "called before the optimizer is built (before its first apply)."
            )
        self._exclude_from_weight_decay |= {id(v) for v in var_list or ()}
        if var_names:
            self._exclude_from_weight_decay_pattern = "|".join(var_names)

    def finalize_variable_values(self, var_list: Sequence[Variable]) -> None:
        """With `use_ema`, sets the trained variables to their moving averages (end of fit)."""
        if self.use_ema:
            for variable, average in zip(var_list, self._model_variables_moving_average):
                variable.assign(average)

    # -- private helpers -----------------------------------------------------------------------
    def _make_learning_rate(self, learning_rate: Any) -> Any:
        if isinstance(learning_rate, LearningRateSchedule):
            return learning_rate
        if callable(learning_rate):
            return learning_rate
        value = argument_checks.checked_learning_rate(self, learning_rate)
        with name_scope(self.name):
            variable = backend.Variable(
                value, dtype=backend.floatx(), trainable=False, name="learning_rate"
            )
        self._variables.append(variable)
        # Remembered so get_config gives back 0.001, not float32(0.001) widened.
        self._learning_rate_given = value
        return variable

    def _variables_for(self, grads: list[Any], trainable_variables: Any) -> list[Variable]:
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    f"{type(self).__name__} '{self.name}' received gradients without "
                    "variables before it was built. Pass trainable_variables, or call "
                    "optimizer.build(trainable_variables) first."
                )
            variables = self._trainable_variables
        else:
            variables = list(trainable_variables)
            if not self.built:
                self.build(variables)
            unknown = [v for v in variables if id(v) not in self._variable_index]
            if unknown:
                raise ValueError(
                    f"{type(self).__name__} '{self.name}' was built for "
                    f"{len(self._trainable_variables)} variables and received variable "
                    f"'{getattr(unknown[0], 'path', unknown[0])}', which is not one of them. "
                    "Create a new optimizer for a new set of variables."
                )
        if len(grads) != len(variables):
            raise ValueError(
                f"{type(self).__name__} '{self.name}' received {len(grads)} gradients for "
                f"{len(variables)} variables; pass one gradient per variable."
            )
        return variables

    def _filter_empty_gradients(
        self, grads: list[Any], variables: list[Variable]
    ) -> tuple[list[Any], list[Variable]]:
        kept = [(g, v) for g, v in zip(grads, variables) if g is not None]
        if not kept:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' received no gradient for any variable "
                "(all were None). Check that the loss depends on the trained variables."
            )
        if len(kept) < len(grads):
            missing = [v.path for g, v in zip(grads, variables) if g is None]
            warnings.warn(
                f"Gradients do not exist for variables {missing} when minimizing the loss; "
                "those variables are left unchanged.",
                stacklevel=3,
            )
        return [g for g, _ in kept], [v for _, v in kept]

    def _apply_update(self, grads: list[Any], variables: list[Variable]) -> None:
        learning_rate = self.learning_rate
        grads = self._clip_gradients(grads)
        self._apply_weight_decay(variables, learning_rate)
        self._update_step_all(grads, variables, learning_rate)

    def _update_step_all(
        self, grads: list[Any], variables: list[Variable], learning_rate: Any
    ) -> None:
        for gradient, variable in zip(grads, variables):
            self.update_step(gradient, variable, learning_rate)

    def _apply_accumulated(self, grads: list[Any], variables: list[Variable]) -> None:
        # Both outcomes are computed and one is picked with `where`, so the same code runs
        # eagerly and traced (no branch on a tensor value).
        steps = self.gradient_accumulation_steps
        is_update_step = ops.equal(ops.mod(ops.add(self._iterations, 1), steps), 0)
        accumulators = [self._accumulated_gradients[self._get_variable_index(v)] for v in variables]
        tracked = variables + self._variables
        before = [ops.copy(v.value) for v in tracked]
        means = [ops.divide(ops.add(g, a), steps) for g, a in zip(grads, accumulators)]
        self._apply_update(means, variables)
        for variable, old in zip(tracked, before):
            variable.assign(ops.where(is_update_step, variable.value, old))
        for gradient, accumulator in zip(grads, accumulators):
            summed = ops.add(accumulator, gradient)
            accumulator.assign(ops.where(is_update_step, ops.zeros_like(summed), summed))

    def _clip_gradients(self, grads: list[Any]) -> list[Any]:
        if self.clipnorm:
            return [gradient_clipping.clip_by_norm(g, self.clipnorm) for g in grads]
        if self.global_clipnorm:
            return gradient_clipping.clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue:
            return [ops.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def _use_weight_decay(self, variable: Variable) -> bool:
        if id(variable) in self._exclude_from_weight_decay:
            return False
        pattern = self._exclude_from_weight_decay_pattern
        return pattern is None or re.search(pattern, variable.name) is None

    def _apply_weight_decay(self, variables: list[Variable], learning_rate: Any) -> None:
        if self.weight_decay is None:
            return
        for variable in variables:
            if self._use_weight_decay(variable):
                rate = ops.multiply(ops.cast(learning_rate, variable.dtype), self.weight_decay)
                variable.assign(ops.subtract(variable, ops.multiply(variable, rate)))

    def _update_moving_averages(self) -> None:
        # The first update copies the variables, so the average starts from real weights.
        started = ops.not_equal(self._iterations, 0)
        pairs = list(zip(self._trainable_variables, self._model_variables_moving_average))
        for variable, average in pairs:
            momentum = ops.multiply(ops.cast(started, variable.dtype), self.ema_momentum)
            kept = ops.multiply(momentum, average)
            average.assign(ops.add(kept, ops.multiply(ops.subtract(1.0, momentum), variable)))
        if self.ema_overwrite_frequency:
            step = ops.add(self._iterations, 1)
            overwrite = ops.equal(ops.mod(step, self.ema_overwrite_frequency), 0)
            for variable, average in pairs:
                variable.assign(ops.where(overwrite, average.value, variable.value))

    def _get_variable_index(self, variable: Variable) -> int:
        return self._variable_index[id(variable)]
