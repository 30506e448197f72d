"""`Model.summary()`: the layer table Keras prints, with parameter totals.

Columns: "Layer (type)", "Output Shape", "Param #", then "Connected to" for Functional models
that are not a plain chain, and "Trainable" with `show_trainable=True`. A Functional model also
lists the lamina ops applied directly to its tensors (`add (Add)`), as Keras lists operations.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import numpy as np

_Row = list[str]


def print_summary(
    model: Any,
    line_length: int | None = None,
    print_fn: Callable[..., Any] | None = None,
    expand_nested: bool = False,
    show_trainable: bool = False,
) -> None:
    """Prints `model`'s layers (name and type, output shape, parameter count) and totals,
    one line per `print_fn` call."""
    use_rich = print_fn is None and sys.stdout.isatty()
    print_fn = print_fn or print
    connected = _is_functional(model) and not _is_chain(model)
    header = ["Layer (type)", "Output Shape", "Param #"]
    header += ["Connected to"] if connected else []
    header += ["Trainable"] if show_trainable else []
    rows = _rows(model, expand_nested, connected, show_trainable, depth=0)
    widths = [max(len(row[i]) for row in [header, *rows]) + 2 for i in range(len(header))]
    if line_length:
        scale = line_length / sum(widths)
        widths = [max(int(w * scale), 4) for w in widths]
    trainable, non_trainable = model.trainable_weights, model.non_trainable_weights
    totals = [
        f"Total params: {_size(trainable + non_trainable)}",
        f"Trainable params: {_size(trainable)}",
        f"Non-trainable params: {_size(non_trainable)}",
    ]
    if use_rich:
        print_rich_table(model.name, header, rows, totals)
        return
    rule = "-" * sum(widths)
    lines = [f'Model: "{model.name}"', rule, _format(header, widths), rule.replace("-", "=")]
    lines += [_format(row, widths) for row in rows]
    lines.append(rule)
    lines += [f" {total}" for total in totals]
    for line in lines:
        print_fn(line)


def print_rich_table(
    name: str, header: list[str], rows: list, totals: list[str], console: Any = None
) -> None:
    """Draws the summary as a `rich` table (used when printing to a terminal)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f'Model: "{name}"', title_justify="left")
    for position, title in enumerate(header):
        table.add_column(title, justify="right" if position == 2 else "left", no_wrap=True)
    for row in rows:
        table.add_row(*[str(cell) for cell in row])
    console = console or Console()
    console.print(table)
    for total in totals:
        console.print(f" {total}", highlight=False)


def _format(row: _Row, widths: list[int]) -> str:
    cells = [f"{row[0]:<{widths[0]}}", f"{row[1]:<{widths[1]}}", f"{row[2]:>{widths[2] - 2}}  "]
    cells += [f"{cell:<{width}}" for cell, width in zip(row[3:], widths[3:])]
    return "".join(cells).rstrip()


def _rows(model: Any, expand: bool, connected: bool, trainable: bool, depth: int) -> list[_Row]:
    rows = []
    indent = "  " * depth
    for layer, nodes in _entries(model):
        if isinstance(layer, str):
            row = [f"{indent}{layer}", _shapes(nodes), "0"]
        else:
            params = f"{_count(layer.weights):,}" if layer.built else "0 (unbuilt)"
            row = [f"{indent}{layer.name} ({type(layer).__name__})", _shapes(nodes), params]
        if connected:
            row.append(_connections(model, nodes))
        if trainable:
            row.append(_trainable_mark(layer))
        rows.append(row)
        if expand and not isinstance(layer, str) and _is_model(layer):
            rows.extend(_rows(layer, expand, connected, trainable, depth + 1))
    return rows


def _entries(model: Any) -> list[tuple[Any, list]]:
    """(layer, its nodes in this model) in graph order; ops as ("name (Op)", [node])."""
    if not _is_functional(model):
        return [(layer, layer._inbound_nodes[-1:]) for layer in model.layers]
    from lamina.models.functional_config import _op_entry_names

    op_names = _op_entry_names(model)
    model_nodes = {id(node) for node in model._nodes} | {id(t.op) for t in model.inputs}
    entries: list[tuple[Any, list]] = [(t.op.fn, [t.op]) for t in model.inputs]
    emitted = {id(t.op.fn) for t in model.inputs}
    for node in model._nodes:
        if id(node) in op_names:
            op_type = "".join(part.capitalize() for part in node.name.split("_"))
            entries.append((f"{op_names[id(node)]} ({op_type})", [node]))
        elif id(node.fn) not in emitted:
            emitted.add(id(node.fn))
            nodes = [n for n in node.fn._inbound_nodes if id(n) in model_nodes]
            entries.append((node.fn, nodes))
    return entries


def _trainable_mark(layer: Any) -> str:
    if isinstance(layer, str) or not layer.weights:
        return "-"
    return "Y" if layer.trainable else "N"


def _shapes(nodes: list) -> str:
    if not nodes:
        return "?"
    outputs = nodes[0].outputs
    if isinstance(outputs, (list, tuple)):
        return ", ".join(str(t.shape) for t in outputs)
    if isinstance(outputs, dict):
        return ", ".join(f"{k}: {t.shape}" for k, t in outputs.items())
    return str(outputs.shape)


def _connections(model: Any, nodes: list) -> str:
    from lamina.models.functional_config import _op_entry_names

    op_names = _op_entry_names(model)
    names = []
    for node in nodes:
        for tensor in node.inputs:
            producer = tensor.op
            if id(producer) in op_names:
                names.append(f"{op_names[id(producer)]}[0][0]")
                continue
            layer = producer.fn
            index = [id(n) for n in layer._inbound_nodes].index(id(producer))
            outputs = producer.outputs
            leaves = outputs if isinstance(outputs, (list, tuple)) else [outputs]
            position = next((i for i, t in enumerate(leaves) if t is tensor), 0)
            names.append(f"{layer.name}[{index}][{position}]")
    return ", ".join(names) if names else "-"


def _is_functional(model: Any) -> bool:
    return hasattr(model, "_nodes") and hasattr(model, "_outputs_struct")


def _is_model(layer: Any) -> bool:
    return hasattr(layer, "summary") and bool(layer.layers)


def _is_chain(model: Any) -> bool:
    """Whether a Functional model is one input feeding a single line of calls."""
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        return False
    consumed: set[int] = set()
    for node in model._nodes:
        if len(node.inputs) > 1 or any(id(t) in consumed for t in node.inputs):
            return False
        consumed.update(id(t) for t in node.inputs)
    return True


def _count(variables: list) -> int:
    return int(sum(int(np.prod(v.shape)) for v in variables))


def _size(variables: list) -> str:
    """`"1,234 (4.82 KB)"`: the number of scalars and their memory, as Keras prints them."""
    nbytes = float(sum(int(np.prod(v.shape)) * _itemsize(v.dtype) for v in variables))
    for unit in ("B", "KB", "MB", "GB"):
        if nbytes < 1024 or unit == "GB":
            break
        nbytes /= 1024
    return f"{_count(variables):,} ({nbytes:.2f} {unit})"


def _itemsize(dtype: str) -> int:
    return 2 if dtype == "bfloat16" else np.dtype(dtype).itemsize
