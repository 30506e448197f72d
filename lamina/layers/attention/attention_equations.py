"""Einsum equations of multi-head attention for inputs of any rank.

A projected tensor has the axes `(batch, <other axes>, heads, channels)`. The attention axes
are some of the `<other axes>`; every other axis but the channels (the batch, the remaining
`<other axes>` and the heads) is a batch axis of the attention. The letters follow Keras's
(`"abc,cde->abde"` for a rank-3 projection), so the weights have Keras's shapes.
"""

from __future__ import annotations

import string

_LETTERS = string.ascii_lowercase


def projection_equation(free_dims: int, bound_dims: int, output_dims: int) -> tuple[str, str]:
    """`(equation, bias_axes)` of an EinsumDense that keeps `free_dims` leading input axes,
    contracts the next `bound_dims` with the kernel and adds `output_dims` new axes."""
    free = _LETTERS[:free_dims]
    bound = _LETTERS[free_dims : free_dims + bound_dims]
    added = _LETTERS[free_dims + bound_dims : free_dims + bound_dims + output_dims]
    return f"{free}{bound},{bound}{added}->{free}{added}", added


def attention_equations(rank: int, attention_axes: tuple[int, ...]) -> tuple[str, str, int]:
    """`(dot_equation, combine_equation, scores_rank)` for projected tensors of `rank`.

    `dot_equation` takes `(query, key)` to the scores `(batch axes..., query attention
    axes..., key attention axes...)`; `combine_equation` takes `(scores, value)` back to the
    query's layout.
    """
    query = _LETTERS[:rank]
    key = list(query)
    for offset, axis in enumerate(attention_axes):
        key[axis] = _LETTERS[rank + offset]
    key_letters = "".join(key)
    batch_axes = [axis for axis in range(rank - 1) if axis not in attention_axes]
    scores = (
        "".join(query[axis] for axis in batch_axes)
        + "".join(query[axis] for axis in attention_axes)
        + "".join(key[axis] for axis in attention_axes)
    )
    dot_equation = f"{query},{key_letters}->{scores}"
    combine_equation = f"{scores},{key_letters}->{query}"
    return dot_equation, combine_equation, len(scores)


def scores_shape(
    projected_query_shape: tuple, projected_key_shape: tuple, attention_axes: tuple[int, ...]
) -> tuple:
    """The shape of the attention scores for projected query and key of these shapes."""
    rank = len(projected_query_shape)
    batch_axes = [axis for axis in range(rank - 1) if axis not in attention_axes]
    return (
        *(projected_query_shape[axis] for axis in batch_axes),
        *(projected_query_shape[axis] for axis in attention_axes),
        *(projected_key_shape[axis] for axis in attention_axes),
    )
