"""What `compile(loss=..., metrics=...)` turns into: `CompileLoss` and `CompileMetrics`.

Both match the user's structure (one entry, a list in output order, or a dict keyed by output
name) to the model's outputs once, on the first batch, when the shapes of targets and
predictions are known (so `"accuracy"` can pick binary / sparse / categorical accuracy).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lamina import losses as losses_module
from lamina import metrics as metrics_module
from lamina import ops
from lamina.backend.common.symbolic_tensor import flatten
from lamina.metrics.metric import Metric
from lamina.metrics.reduction_metrics import Mean


def _shape(x: Any) -> tuple | None:
    shape = getattr(x, "shape", None)
    return None if shape is None else tuple(shape)


def match_to_outputs(entries: Any, output_names: Sequence[str], what: str, owner: str) -> list:
    """Returns one entry per output from a single entry (used for every output), a list in
    output order, or a dict keyed by output name (None for outputs it does not name)."""
    count = len(output_names)
    if isinstance(entries, dict):
        unknown = sorted(set(entries) - set(output_names))
        if unknown:
            raise ValueError(
                f"{owner}: compile received {what} for unknown output name(s) {unknown}. "
                f"The model's outputs are named {list(output_names)}."
            )
        return [entries.get(name) for name in output_names]
    if isinstance(entries, (list, tuple)) and count > 1:
        if len(entries) != count:
            raise ValueError(
                f"{owner}: compile received {len(entries)} {what} for a model with {count} "
                f"outputs {list(output_names)}. Pass one per output (None for no {what[:-1]}), "
                "or a dict keyed by output name."
            )
        return list(entries)
    if isinstance(entries, (list, tuple)) and len(entries) == 1:
        entries = entries[0]
    return [entries] * count


def predictions_by_output(y_pred: Any, output_names: Sequence[str]) -> list[Any]:
    """Returns the predictions as a list in output order."""
    if isinstance(y_pred, dict) and set(output_names) <= set(y_pred):
        return [y_pred[name] for name in output_names]
    return flatten(y_pred) if isinstance(y_pred, (list, tuple, dict)) else [y_pred]


def targets_by_output(y: Any, output_names: Sequence[str], owner: str) -> list[Any]:
    """Returns the targets as a list in output order (from a dict keyed by name, or flattened)."""
    if isinstance(y, dict) and len(output_names) > 0 and set(y) <= set(output_names):
        return [y.get(name) for name in output_names]
    flat = flatten(y) if isinstance(y, (list, tuple, dict)) else [y]
    if len(flat) != len(output_names) and len(output_names) > 0:
        raise ValueError(
            f"{owner}: received {len(flat)} target array(s) for a model with "
            f"{len(output_names)} output(s) {list(output_names)}."
        )
    return flat


class CompileLoss:
    """The compiled loss: per-output losses, weighted and summed.

    Args:
        loss: A loss name, function, `Loss`, or a list / dict of them (per output).
        loss_weights: None, a list or a dict of per-output weights.
        output_names: The model's output names, in output order.
        owner: Names the model in error messages.
    """

    def __init__(
        self, loss: Any, loss_weights: Any, output_names: Sequence[str], owner: str
    ) -> None:
        self.output_names = list(output_names)
        self.owner = owner
        entries = match_to_outputs(loss, self.output_names, "losses", owner)
        self.losses = [_as_loss(e) for e in entries]
        if loss_weights is None:
            weights: list[Any] = [1.0] * len(self.output_names)
        else:
            weights = match_to_outputs(loss_weights, self.output_names, "loss_weights", owner)
        self.loss_weights = [1.0 if w is None else float(w) for w in weights]
        # With several losses, each output's loss is also reported as "<output>_loss".
        active = [i for i, entry in enumerate(self.losses) if entry is not None]
        self.trackers: list[Mean | None] = [None] * len(self.losses)
        if len(active) > 1:
            for i in active:
                self.trackers[i] = Mean(name=f"{self.output_names[i]}_loss")

    @property
    def metrics(self) -> list[Metric]:
        """The per-output loss trackers (empty with a single loss)."""
        return [t for t in self.trackers if t is not None]

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Any:
        predictions = predictions_by_output(y_pred, self.output_names)
        targets = targets_by_output(y_true, self.output_names, self.owner)
        weights = _sample_weights_by_output(sample_weight, self.output_names)
        total = None
        for i, loss in enumerate(self.losses):
            if loss is None:
                continue
            value = loss(targets[i], predictions[i], sample_weight=weights[i])
            tracker = self.trackers[i]
            if tracker is not None:
                tracker.update_state(value, sample_weight=ops.shape(predictions[i])[0])
            if self.loss_weights[i] != 1.0:
                value = ops.multiply(value, self.loss_weights[i])
            total = value if total is None else ops.add(total, value)
        return total


def _as_loss(identifier: Any) -> Any:
    if identifier is None:
        return None
    loss = losses_module.get(identifier)
    if isinstance(loss, losses_module.Loss):
        return loss
    # Functions compute per-sample values; the wrapper reduces them and takes sample weights.
    name = identifier if isinstance(identifier, str) else getattr(loss, "__name__", None)
    return losses_module.LossFunctionWrapper(loss, name=name)


def _sample_weights_by_output(sample_weight: Any, output_names: Sequence[str]) -> list[Any]:
    if sample_weight is None:
        return [None] * len(output_names)
    if isinstance(sample_weight, dict):
        return [sample_weight.get(name) for name in output_names]
    if isinstance(sample_weight, (list, tuple)) and len(output_names) > 1:
        return list(sample_weight)
    return [sample_weight] * len(output_names)


class CompileMetrics(Metric):
    """The compiled metrics of every output, as one metric whose result is a dict.

    Names follow Keras: a metric keeps its name for a single-output model and becomes
    `<output name>_<metric name>` with several outputs; a weighted metric named like an
    unweighted one becomes `weighted_<name>`.

    Args:
        metrics: None, a list (used for every output, or one list per output), or a dict
            keyed by output name.
        weighted_metrics: The same, for metrics that take the sample weights.
        output_names: The model's output names, in output order.
        loss: The compiled loss entries per output, which decide what `"accuracy"` means
            when the shapes do not.
    """

    def __init__(
        self,
        metrics: Any,
        weighted_metrics: Any,
        output_names: Sequence[str],
        losses: Sequence[Any] = (),
        owner: str = "Model",
    ) -> None:
        super().__init__(name="compile_metrics")
        self.output_names = list(output_names)
        self.owner = owner
        self._given = (metrics, weighted_metrics)
        self._losses = list(losses)
        self.built = False
        self._per_output: list[list[tuple[Metric, bool]]] = []

    @property
    def metric_list(self) -> list[Metric]:
        """The built metrics, output by output."""
        return [metric for entries in self._per_output for metric, _ in entries]

    @property
    def variables(self) -> list:
        return [v for metric in self.metric_list for v in metric.variables]

    def build(self, y_true: Any, y_pred: Any) -> None:
        """Turns the compiled entries into metrics for these targets and predictions."""
        predictions = predictions_by_output(y_pred, self.output_names)
        targets = targets_by_output(y_true, self.output_names, self.owner)
        plain, weighted = (self._entries_per_output(given) for given in self._given)
        for i, name in enumerate(self.output_names):
            entries: list[tuple[Metric, bool]] = []
            used: set[str] = set()
            loss = self._losses[i] if i < len(self._losses) else None
            for is_weighted, identifiers in ((False, plain[i]), (True, weighted[i])):
                for identifier in identifiers:
                    metric = metrics_module.get_metric_for(
                        identifier, _shape(targets[i]), _shape(predictions[i]), loss
                    )
                    if metric is None:
                        continue
                    display = metric.name
                    if is_weighted and display in used:
                        display = f"weighted_{display}"
                    used.add(display)
                    if len(self.output_names) > 1:
                        display = f"{name}_{display}"
                    metric.name = display
                    entries.append((metric, is_weighted))
            self._per_output.append(entries)
        self._build_lazy_metrics(targets, predictions)
        self.built = True

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        predictions = predictions_by_output(y_pred, self.output_names)
        targets = targets_by_output(y_true, self.output_names, self.owner)
        weights = _sample_weights_by_output(sample_weight, self.output_names)
        for i, entries in enumerate(self._per_output):
            for metric, is_weighted in entries:
                weight = weights[i] if is_weighted else None
                metric.update_state(targets[i], predictions[i], sample_weight=weight)

    def result(self) -> dict[str, Any]:  # type: ignore[override]
        return {metric.name: metric.result() for metric in self.metric_list}

    def reset_state(self) -> None:
        for metric in self.metric_list:
            metric.reset_state()

    def _entries_per_output(self, given: Any) -> list[list[Any]]:
        count = len(self.output_names)
        if given is None:
            return [[] for _ in range(count)]
        if isinstance(given, dict):
            matched = match_to_outputs(given, self.output_names, "metrics", self.owner)
            return [_as_list(entry) for entry in matched]
        if not isinstance(given, (list, tuple)):
            raise TypeError(
                f"{self.owner}: compile expected metrics as a list or a dict keyed by output "
                f"name, received {type(given).__name__}: {given!r}."
            )
        if (
            count > 1
            and len(given) == count
            and all(isinstance(e, (list, tuple, dict)) or e is None for e in given)
        ):
            return [_as_list(entry) for entry in given]
        return [list(given) for _ in range(count)]

    def _build_lazy_metrics(self, targets: list, predictions: list) -> None:
        # Metrics that size their state from the first batch (F1Score, AUC(multi_label), ...)
        # create it now, outside any compiled step; their state is then reset.
        for i, entries in enumerate(self._per_output):
            for metric, _ in entries:
                if getattr(metric, "_built", True) is False:
                    metric.update_state(targets[i], predictions[i])
                    metric.reset_state()


def _as_list(entry: Any) -> list[Any]:
    if entry is None:
        return []
    if isinstance(entry, (list, tuple)):
        return list(entry)
    return [entry]
