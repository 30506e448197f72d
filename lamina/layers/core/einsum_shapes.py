"""Shapes of EinsumDense's kernel, bias and output, read from its einsum equation.

The rules follow Keras 3, so weights saved by Keras load unchanged: the equation takes one of
the forms `X,Y->Z`, `...X,Y->...Z` or `X...,Y->Z...`; the output shape given by the user omits
the batch axis; kernel axes take their size from the input (when the label is in `X`) or from
the output; the bias spans the output axes from the first bias label to the end of `Z`, with
size 1 on the axes not named in `bias_axes` (and on trailing elided axes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FORMS = (
    (re.compile(r"^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$"), None),
    (re.compile(r"^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$"), "left"),
    (re.compile(r"^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$"), "right"),
)


@dataclass(frozen=True)
class EinsumShapes:
    """What an equation, output shape and input shape imply for EinsumDense."""

    kernel_shape: tuple
    bias_shape: tuple | None
    output_shape: tuple


def analyze_equation(
    where: str,
    equation: str,
    bias_axes: str | None,
    input_shape: tuple,
    output_shape: tuple,
) -> EinsumShapes:
    """Returns the kernel, bias and full output shapes; raises ValueError starting with `where`.

    `output_shape` excludes the batch axis; a None in it is filled from the input when the
    label is shared with the input.
    """
    compact = equation.replace(" ", "").replace("...", "0")
    found = [(m, side) for pattern, side in _FORMS if (m := pattern.match(compact)) is not None]
    if not found:
        raise ValueError(
            f"{where}: invalid equation {equation!r}. Expected the form 'X,Y->Z', "
            "'...X,Y->...Z' or 'X...,Y->Z...' (letters only, e.g. 'ab,bc->ac')."
        )
    match, elided_side = found[0]
    input_spec, kernel_spec, output_spec = match.groups()
    input_shape = tuple(input_shape)
    elided = len(input_shape) - len(input_spec)
    if elided < 0 or (elided_side is None and elided != 0):
        raise ValueError(
            f"{where}: equation {equation!r} labels {len(input_spec)} input axes, but received "
            f"an input of shape {input_shape} (rank {len(input_shape)})."
        )
    full = _full_output_shape(input_shape, output_shape, elided, elided_side)
    if len(full) != len(output_spec) + (elided if elided_side else 0):
        expected = len(output_spec) - (0 if elided_side == "left" else 1)
        raise ValueError(
            f"{where}: output_shape {tuple(output_shape)} does not fit equation {equation!r} "
            f"for input shape {input_shape}: expected {expected} entries (one per output label, "
            "without the batch axis)."
        )
    offset = elided if elided_side == "left" else 0
    input_axis = {label: i + offset for i, label in enumerate(input_spec)}
    output_axis = {label: i + offset for i, label in enumerate(output_spec)}
    for label, axis in input_axis.items():
        if label in output_axis:
            _merge_shared(where, label, full, output_axis[label], input_shape[axis])
    for label in output_spec:
        if label not in input_spec and label not in kernel_spec:
            raise ValueError(
                f"{where}: output label {label!r} of equation {equation!r} appears in neither "
                f"the input labels {input_spec!r} nor the kernel labels {kernel_spec!r}."
            )
    kernel_shape = tuple(
        _kernel_dim(where, label, input_axis, output_axis, input_shape, full, equation)
        for label in kernel_spec
    )
    bias_shape = _bias_shape(where, bias_axes, output_spec, output_axis, full, elided, elided_side)
    return EinsumShapes(kernel_shape, bias_shape, tuple(full))


def _full_output_shape(
    input_shape: tuple, output_shape: tuple, elided: int, elided_side: str | None
) -> list:
    full = [input_shape[0], *output_shape]
    if elided > 0 and elided_side == "left":
        full[1:1] = input_shape[1:elided]
    elif elided > 0 and elided_side == "right":
        full.extend(input_shape[len(input_shape) - elided :])
    return full


def _merge_shared(where: str, label: str, full: list, axis: int, input_dim: int | None) -> None:
    if full[axis] is None:
        full[axis] = input_dim
    elif input_dim is not None and full[axis] != input_dim:
        raise ValueError(
            f"{where}: label {label!r} is shared by input and output, but the input has size "
            f"{input_dim} there and output_shape gives {full[axis]}."
        )


def _kernel_dim(
    where: str,
    label: str,
    input_axis: dict,
    output_axis: dict,
    input_shape: tuple,
    full: list,
    equation: str,
) -> int:
    if label in input_axis:
        size = input_shape[input_axis[label]]
    elif label in output_axis:
        size = full[output_axis[label]]
    else:
        raise ValueError(
            f"{where}: kernel label {label!r} of equation {equation!r} appears in neither the "
            "input nor the output labels, so its size is unknown."
        )
    if size is None:
        raise ValueError(
            f"{where}: the kernel's axis {label!r} needs a known size, but it is None for input "
            f"shape {input_shape} and output shape {tuple(full)}."
        )
    return int(size)


def _bias_shape(
    where: str,
    bias_axes: str | None,
    output_spec: str,
    output_axis: dict,
    full: list,
    elided: int,
    elided_side: str | None,
) -> tuple | None:
    if bias_axes is None:
        return None
    for label in bias_axes:
        if label not in output_spec:
            raise ValueError(
                f"{where}: bias label {label!r} of bias_axes {bias_axes!r} is not an output "
                f"label; expected letters from {output_spec!r}."
            )
    first = min(output_spec.index(label) for label in bias_axes)
    shape = [full[output_axis[label]] if label in bias_axes else 1 for label in output_spec[first:]]
    if elided_side == "right":
        shape.extend([1] * elided)
    for size in shape:
        if size is None:
            raise ValueError(
                f"{where}: the bias needs known sizes, but output shape {tuple(full)} leaves "
                f"a bias axis from {bias_axes!r} unknown."
            )
    return tuple(int(size) for size in shape)
