"""`lamina.ops.numpy`: the numpy-like ops, as Keras groups them under `keras.ops.numpy`.

The ops live in topical modules (element-wise, creation, linear, reductions, manipulation,
indexing); this module only gathers them, one hand-kept line per op.
"""

from lamina.ops.creation import arange as arange
from lamina.ops.creation import empty as empty
from lamina.ops.creation import eye as eye
from lamina.ops.creation import full as full
from lamina.ops.creation import full_like as full_like
from lamina.ops.creation import identity as identity
from lamina.ops.creation import linspace as linspace
from lamina.ops.creation import ones as ones
from lamina.ops.creation import ones_like as ones_like
from lamina.ops.creation import tri as tri
from lamina.ops.creation import tril as tril
from lamina.ops.creation import triu as triu
from lamina.ops.creation import zeros as zeros
from lamina.ops.creation import zeros_like as zeros_like
from lamina.ops.elementwise import abs as abs
from lamina.ops.elementwise import absolute as absolute
from lamina.ops.elementwise import add as add
from lamina.ops.elementwise import ceil as ceil
from lamina.ops.elementwise import clip as clip
from lamina.ops.elementwise import conj as conj
from lamina.ops.elementwise import divide as divide
from lamina.ops.elementwise import exp as exp
from lamina.ops.elementwise import floor as floor
from lamina.ops.elementwise import floor_divide as floor_divide
from lamina.ops.elementwise import imag as imag
from lamina.ops.elementwise import maximum as maximum
from lamina.ops.elementwise import minimum as minimum
from lamina.ops.elementwise import mod as mod
from lamina.ops.elementwise import multiply as multiply
from lamina.ops.elementwise import nan_to_num as nan_to_num
from lamina.ops.elementwise import negative as negative
from lamina.ops.elementwise import power as power
from lamina.ops.elementwise import real as real
from lamina.ops.elementwise import reciprocal as reciprocal
from lamina.ops.elementwise import round as round
from lamina.ops.elementwise import sign as sign
from lamina.ops.elementwise import sqrt as sqrt
from lamina.ops.elementwise import square as square
from lamina.ops.elementwise import subtract as subtract
from lamina.ops.elementwise import true_divide as true_divide
from lamina.ops.elementwise import trunc as trunc
from lamina.ops.elementwise_logic import bitwise_and as bitwise_and
from lamina.ops.elementwise_logic import bitwise_invert as bitwise_invert
from lamina.ops.elementwise_logic import bitwise_not as bitwise_not
from lamina.ops.elementwise_logic import bitwise_or as bitwise_or
from lamina.ops.elementwise_logic import bitwise_xor as bitwise_xor
from lamina.ops.elementwise_logic import equal as equal
from lamina.ops.elementwise_logic import greater as greater
from lamina.ops.elementwise_logic import greater_equal as greater_equal
from lamina.ops.elementwise_logic import isclose as isclose
from lamina.ops.elementwise_logic import isfinite as isfinite
from lamina.ops.elementwise_logic import isinf as isinf
from lamina.ops.elementwise_logic import isnan as isnan
from lamina.ops.elementwise_logic import less as less
from lamina.ops.elementwise_logic import less_equal as less_equal
from lamina.ops.elementwise_logic import logical_and as logical_and
from lamina.ops.elementwise_logic import logical_not as logical_not
from lamina.ops.elementwise_logic import logical_or as logical_or
from lamina.ops.elementwise_logic import logical_xor as logical_xor
from lamina.ops.elementwise_logic import not_equal as not_equal
from lamina.ops.elementwise_math import arccos as arccos
from lamina.ops.elementwise_math import arccosh as arccosh
from lamina.ops.elementwise_math import arcsin as arcsin
from lamina.ops.elementwise_math import arcsinh as arcsinh
from lamina.ops.elementwise_math import arctan as arctan
from lamina.ops.elementwise_math import arctan2 as arctan2
from lamina.ops.elementwise_math import arctanh as arctanh
from lamina.ops.elementwise_math import copysign as copysign
from lamina.ops.elementwise_math import cos as cos
from lamina.ops.elementwise_math import cosh as cosh
from lamina.ops.elementwise_math import deg2rad as deg2rad
from lamina.ops.elementwise_math import exp2 as exp2
from lamina.ops.elementwise_math import expm1 as expm1
from lamina.ops.elementwise_math import hypot as hypot
from lamina.ops.elementwise_math import log as log
from lamina.ops.elementwise_math import log1p as log1p
from lamina.ops.elementwise_math import log2 as log2
from lamina.ops.elementwise_math import log10 as log10
from lamina.ops.elementwise_math import logaddexp as logaddexp
from lamina.ops.elementwise_math import sin as sin
from lamina.ops.elementwise_math import sinh as sinh
from lamina.ops.elementwise_math import tan as tan
from lamina.ops.elementwise_math import tanh as tanh
from lamina.ops.indexing import argsort as argsort
from lamina.ops.indexing import get_item as get_item
from lamina.ops.indexing import searchsorted as searchsorted
from lamina.ops.indexing import select as select
from lamina.ops.indexing import sort as sort
from lamina.ops.indexing import take as take
from lamina.ops.indexing import take_along_axis as take_along_axis
from lamina.ops.indexing import where as where
from lamina.ops.linear import diag as diag
from lamina.ops.linear import diagonal as diagonal
from lamina.ops.linear import dot as dot
from lamina.ops.linear import einsum as einsum
from lamina.ops.linear import inner as inner
from lamina.ops.linear import matmul as matmul
from lamina.ops.linear import outer as outer
from lamina.ops.linear import tensordot as tensordot
from lamina.ops.linear import trace as trace
from lamina.ops.linear import vdot as vdot
from lamina.ops.manipulation import broadcast_to as broadcast_to
from lamina.ops.manipulation import copy as copy
from lamina.ops.manipulation import expand_dims as expand_dims
from lamina.ops.manipulation import flip as flip
from lamina.ops.manipulation import moveaxis as moveaxis
from lamina.ops.manipulation import ndim as ndim
from lamina.ops.manipulation import ravel as ravel
from lamina.ops.manipulation import reshape as reshape
from lamina.ops.manipulation import roll as roll
from lamina.ops.manipulation import size as size
from lamina.ops.manipulation import squeeze as squeeze
from lamina.ops.manipulation import swapaxes as swapaxes
from lamina.ops.manipulation import transpose as transpose
from lamina.ops.manipulation_join import array_split as array_split
from lamina.ops.manipulation_join import concatenate as concatenate
from lamina.ops.manipulation_join import hstack as hstack
from lamina.ops.manipulation_join import pad as pad
from lamina.ops.manipulation_join import repeat as repeat
from lamina.ops.manipulation_join import split as split
from lamina.ops.manipulation_join import stack as stack
from lamina.ops.manipulation_join import tile as tile
from lamina.ops.manipulation_join import vstack as vstack
from lamina.ops.reductions import all as all
from lamina.ops.reductions import amax as amax
from lamina.ops.reductions import amin as amin
from lamina.ops.reductions import any as any
from lamina.ops.reductions import argmax as argmax
from lamina.ops.reductions import argmin as argmin
from lamina.ops.reductions import average as average
from lamina.ops.reductions import count_nonzero as count_nonzero
from lamina.ops.reductions import cumprod as cumprod
from lamina.ops.reductions import cumsum as cumsum
from lamina.ops.reductions import max as max
from lamina.ops.reductions import mean as mean
from lamina.ops.reductions import median as median
from lamina.ops.reductions import min as min
from lamina.ops.reductions import prod as prod
from lamina.ops.reductions import std as std
from lamina.ops.reductions import sum as sum
from lamina.ops.reductions import var as var

__all__ = [
    "abs",
    "absolute",
    "add",
    "all",
    "amax",
    "amin",
    "any",
    "arange",
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctan2",
    "arctanh",
    "argmax",
    "argmin",
    "argsort",
    "array_split",
    "average",
    "bitwise_and",
    "bitwise_invert",
    "bitwise_not",
    "bitwise_or",
    "bitwise_xor",
    "broadcast_to",
    "ceil",
    "clip",
    "concatenate",
    "conj",
    "copy",
    "copysign",
    "cos",
    "cosh",
    "count_nonzero",
    "cumprod",
    "cumsum",
    "deg2rad",
    "diag",
    "diagonal",
    "divide",
    "dot",
    "einsum",
    "empty",
    "equal",
    "exp",
    "exp2",
    "expand_dims",
    "expm1",
    "eye",
    "flip",
    "floor",
    "floor_divide",
    "full",
    "full_like",
    "get_item",
    "greater",
    "greater_equal",
    "hstack",
    "hypot",
    "identity",
    "imag",
    "inner",
    "isclose",
    "isfinite",
    "isinf",
    "isnan",
    "less",
    "less_equal",
    "linspace",
    "log",
    "log10",
    "log1p",
    "log2",
    "logaddexp",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "matmul",
    "max",
    "maximum",
    "mean",
    "median",
    "min",
    "minimum",
    "mod",
    "moveaxis",
    "multiply",
    "nan_to_num",
    "ndim",
    "negative",
    "not_equal",
    "ones",
    "ones_like",
    "outer",
    "pad",
    "power",
    "prod",
    "ravel",
    "real",
    "reciprocal",
    "repeat",
    "reshape",
    "roll",
    "round",
    "searchsorted",
    "select",
    "sign",
    "sin",
    "sinh",
    "size",
    "sort",
    "split",
    "sqrt",
    "square",
    "squeeze",
    "stack",
    "std",
    "subtract",
    "sum",
    "swapaxes",
    "take",
    "take_along_axis",
    "tan",
    "tanh",
    "tensordot",
    "tile",
    "trace",
    "transpose",
    "tri",
    "tril",
    "triu",
    "true_divide",
    "trunc",
    "var",
    "vdot",
    "vstack",
    "where",
    "zeros",
    "zeros_like",
]
