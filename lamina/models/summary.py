"""`Model.summary()`: the layer table Keras prints, with parameter totals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def _output_shape(layer: Any) -> str:
    nodes = getattr(layer, "_inbound_nodes", [])
    if not nodes:
        return "?"
    outputs = nodes[-1].outputs
    if isinstance(outputs, (list, tuple)):
        return ", ".join(str(t.shape) for t in outputs)
    if isinstance(outputs, dict):
        return ", ".join(f"{k}: {t.shape}" for k, t in outputs.items())
    return str(outputs.shape)


def _count(variables: list) -> int:
    return int(sum(int(np.prod(v.shape)) for v in variables))


def _size(count: int, variables: list) -> str:
    nbytes = sum(int(np.prod(v.shape)) * np.dtype(_np_dtype(v.dtype)).itemsize for v in variables)
    for unit in ("B", "KB", "MB", "GB"):
        if nbytes < 1024 or unit == "GB":
            return f"{count:,} ({nbytes:.2f} {unit})" if unit != "B" else f"{count:,} ({nbytes} B)"
        nbytes /= 1024
    return f"{count:,}"


def _np_dtype(name: str) -> str:
    return "float16" if name == "bfloat16" else name


def _rows(model: Any, expand_nested: bool, depth: int = 0) -> list[tuple[str, str, str]]:
    rows = []
    for layer in model.layers:
        params = _count(layer.weights) if layer.built else 0
        label = f"{'  ' * depth}{layer.name} ({type(layer).__name__})"
        rows.append((label, _output_shape(layer), f"{params:,}"))
        if expand_nested and hasattr(layer, "summary") and layer.layers:
            rows.extend(_rows(layer, expand_nested, depth + 1))
    return rows


def print_summary(
    model: Any,
    line_length: int | None = None,
    print_fn: Callable[..., Any] | None = None,
    expand_nested: bool = False,
    show_trainable: bool = False,
) -> None:
    """Prints `model`'s layers (name and type, output shape, parameter count) and totals."""
    print_fn = print_fn or print
    rows = [("Layer (type)", "Output Shape", "Param #"), *_rows(model, expand_nested)]
    widths = [max(len(r[i]) for r in rows) + 2 for i in range(3)]
    if line_length:
        scale = line_length / sum(widths)
        widths = [max(int(w * scale), 4) for w in widths]
    rule = "+".join("-" * w for w in widths)
    lines = [f'Model: "{model.name}"', rule]
    for position, (name, shape, params) in enumerate(rows):
        lines.append(f"{name:<{widths[0]}}{shape:<{widths[1]}}{params:>{widths[2]}}")
        if position == 0:
            lines.append(rule.replace("-", "="))
    lines.append(rule)
    trainable, non_trainable = model.trainable_weights, model.non_trainable_weights
    total = trainable + non_trainable
    lines.append(f" Total params: {_size(_count(total), total)}")
    lines.append(f" Trainable params: {_size(_count(trainable), trainable)}")
    lines.append(f" Non-trainable params: {_size(_count(non_trainable), non_trainable)}")
    for line in lines:
        print_fn(line)
