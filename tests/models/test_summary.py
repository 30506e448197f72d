"""Model.summary(): rows, shapes and parameter totals checked against hand-computed counts."""

from __future__ import annotations

import re

import lamina as keras
from lamina import layers, ops


def _summary(model, **kwargs):
    lines = []
    model.summary(print_fn=lines.append, **kwargs)
    return lines


def _totals(lines):
    found = {}
    for line in lines:
        match = re.match(r" (Total|Trainable|Non-trainable) params: ([\d,]+) \((.*)\)", line)
        if match:
            found[match.group(1)] = (int(match.group(2).replace(",", "")), match.group(3))
    return found


def _row(lines, start):
    return next(line for line in lines if line.startswith(start))


def test_mlp_summary():
    model = keras.Sequential(
        [keras.Input((8,)), layers.Dense(16, name="h1"), layers.Dense(4, name="h2")], name="mlp"
    )
    lines = _summary(model)
    assert lines[0] == 'Model: "mlp"'
    assert "Layer (type)" in lines[2] and "Connected to" not in lines[2]
    h1 = _row(lines, "h1 (Dense)")
    assert "(None, 16)" in h1 and h1.split()[-1] == "144"
    assert _row(lines, "h2 (Dense)").split()[-1] == "68"
    # 8 * 16 + 16 + 16 * 4 + 4 = 212 float32 scalars = 848 bytes.
    assert _totals(lines) == {
        "Total": (212, "848.00 B"),
        "Trainable": (212, "848.00 B"),
        "Non-trainable": (0, "0.00 B"),
    }


def test_frozen_layer_counts_as_non_trainable():
    model = keras.Sequential([keras.Input((8,)), layers.Dense(16), layers.Dense(4)])
    model.layers[0].trainable = False
    lines = _summary(model, show_trainable=True)
    totals = _totals(lines)
    assert totals["Trainable"][0] == 68 and totals["Non-trainable"][0] == 144
    assert "Trainable" in lines[2]


def test_multi_input_summary_has_connections():
    a, b = keras.Input((3,), name="a"), keras.Input((5,), name="b")
    joined = ops.add(layers.Dense(2, name="da")(a), layers.Dense(2, name="db")(b))
    model = keras.Model([a, b], layers.Dense(1, name="head")(joined), name="multi")
    lines = _summary(model)
    assert "Connected to" in lines[2]
    assert _row(lines, "a (InputLayer)").split()[-2:] == ["0", "-"]
    assert _row(lines, "db (Dense)").endswith("b[0][0]")
    assert "da[0][0], db[0][0]" in _row(lines, "add (Add)")
    # (3 * 2 + 2) + (5 * 2 + 2) + (2 + 1) = 23 float32 scalars = 92 bytes.
    assert _totals(lines)["Total"] == (23, "92.00 B")


def test_nested_model_summary_and_expand_nested():
    inner = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.Dense(2)], name="inner")
    inputs = keras.Input((4,), name="x")
    model = keras.Model(inputs, layers.Dense(1, name="out")(inner(inputs)), name="outer")
    lines = _summary(model)
    assert _row(lines, "inner (Sequential)").split()[-1] == "23"
    assert not any(line.startswith("  dense") for line in lines)
    # inner: 4 * 3 + 3 + 3 * 2 + 2 = 23; out: 2 + 1 = 3.
    assert _totals(lines)["Total"] == (26, "104.00 B")
    expanded = _summary(model, expand_nested=True)
    nested = [line for line in expanded if line.startswith("  ")]
    assert len(nested) == 2 and all("(Dense)" in line for line in nested)


def test_unbuilt_model_summary():
    lines = _summary(keras.Sequential([layers.Dense(2, name="later")]))
    assert "0 (unbuilt)" in _row(lines, "later (Dense)")
    assert _totals(lines)["Total"] == (0, "0.00 B")


def test_kilobytes_in_totals():
    model = keras.Sequential([keras.Input((100,)), layers.Dense(10)])
    # 1010 float32 scalars = 4040 bytes = 3.95 KB.
    assert _totals(_summary(model))["Total"] == (1010, "3.95 KB")


def test_summary_draws_a_rich_table_for_terminals():
    import io

    from rich.console import Console

    from lamina.models.summary import print_rich_table

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=120, color_system=None)
    print_rich_table(
        "mlp",
        ["Layer (type)", "Output Shape", "Param #"],
        [("dense (Dense)", "(None, 4)", "12")],
        ["Total params: 12 (48.00 B)"],
        console=console,
    )
    text = buffer.getvalue()
    assert 'Model: "mlp"' in text
    assert "dense (Dense)" in text and "(None, 4)" in text and "12" in text
    assert "Total params: 12 (48.00 B)" in text
