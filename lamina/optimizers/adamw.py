"""`AdamW`: Adam with decoupled weight decay (Loshchilov & Hutter, 2019)."""

from __future__ import annotations

from typing import Any

from lamina.optimizers.adam import Adam


class AdamW(Adam):
    """Adam with decoupled weight decay.

    Before each Adam step, every variable (except those passed to
    `exclude_from_weight_decay`) shrinks by `variable * weight_decay * learning_rate`.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable.
        weight_decay: The decay rate; required (a float).
        beta_1: The decay rate of the first-moment (mean) estimate.
        beta_2: The decay rate of the second-moment estimate.
        epsilon: A small constant added to the denominator for stability.
        amsgrad: Whether to use the AMSGrad variant.
        name: The optimizer's name.
        **kwargs: The other base arguments of `Optimizer` (clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps).

    Example:
        >>> import lamina
        >>> from lamina import optimizers
        >>> w = lamina.Variable([1.0, 2.0])
        >>> optimizer = optimizers.AdamW(learning_rate=0.1, weight_decay=0.5)
        >>> _ = optimizer.apply([lamina.ops.zeros((2,))], [w])
        >>> [round(x, 4) for x in w.numpy().tolist()]
        [0.95, 1.9]
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        weight_decay: float = 0.004,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        name: str = "adamw",
        **kwargs: Any,
    ) -> None:
        super().__init__(
            learning_rate=learning_rate,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
            name=name,
            weight_decay=weight_decay,
            **kwargs,
        )
        if self.weight_decay is None:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expected weight_decay to be a float, "
                "received weight_decay=None. Use Adam for no weight decay."
            )
