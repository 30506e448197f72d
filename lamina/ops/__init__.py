"""`lamina.ops`: the public op set. Each op runs on the active backend or, given SymbolicTensors,
returns the output's spec.

The import lines and `__all__` are kept by hand: a new op adds one line to each.
"""

from lamina.ops import core as core
from lamina.ops import image as image
from lamina.ops import linalg as linalg
from lamina.ops import math as math
from lamina.ops import nn as nn
from lamina.ops import numpy as numpy
from lamina.ops.attention import dot_product_attention as dot_product_attention
from lamina.ops.control_flow import cond as cond
from lamina.ops.control_flow import custom_gradient as custom_gradient
from lamina.ops.control_flow import fori_loop as fori_loop
from lamina.ops.control_flow import map as map
from lamina.ops.control_flow import scan as scan
from lamina.ops.control_flow import stop_gradient as stop_gradient
from lamina.ops.control_flow import switch as switch
from lamina.ops.control_flow import vectorized_map as vectorized_map
from lamina.ops.control_flow import while_loop as while_loop
from lamina.ops.conv import average_pool as average_pool
from lamina.ops.conv import conv as conv
from lamina.ops.conv import conv_transpose as conv_transpose
from lamina.ops.conv import depthwise_conv as depthwise_conv
from lamina.ops.conv import max_pool as max_pool
from lamina.ops.conv import separable_conv as separable_conv

# core
from lamina.ops.core import cast as cast
from lamina.ops.core import convert_to_numpy as convert_to_numpy
from lamina.ops.core import convert_to_tensor as convert_to_tensor
from lamina.ops.core import dtype as dtype
from lamina.ops.core import is_tensor as is_tensor
from lamina.ops.core import scatter as scatter
from lamina.ops.core import scatter_update as scatter_update
from lamina.ops.core import shape as shape
from lamina.ops.core import slice as slice
from lamina.ops.core import slice_update as slice_update
from lamina.ops.core import unstack as unstack

# numpy-like: creation
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

# numpy-like: element-wise
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

# numpy-like: indexing
from lamina.ops.indexing import argsort as argsort
from lamina.ops.indexing import get_item as get_item
from lamina.ops.indexing import searchsorted as searchsorted
from lamina.ops.indexing import select as select
from lamina.ops.indexing import sort as sort
from lamina.ops.indexing import take as take
from lamina.ops.indexing import take_along_axis as take_along_axis
from lamina.ops.indexing import where as where

# linalg
from lamina.ops.linalg import cholesky as cholesky
from lamina.ops.linalg import det as det
from lamina.ops.linalg import eig as eig
from lamina.ops.linalg import eigh as eigh
from lamina.ops.linalg import inv as inv
from lamina.ops.linalg import lu_factor as lu_factor
from lamina.ops.linalg import norm as norm
from lamina.ops.linalg import qr as qr
from lamina.ops.linalg import solve as solve
from lamina.ops.linalg import solve_triangular as solve_triangular
from lamina.ops.linalg import svd as svd

# numpy-like: linear algebra helpers
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

# numpy-like: shape manipulation
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

# math
from lamina.ops.math import erf as erf
from lamina.ops.math import erfinv as erfinv
from lamina.ops.math import extract_sequences as extract_sequences
from lamina.ops.math import in_top_k as in_top_k
from lamina.ops.math import logsumexp as logsumexp
from lamina.ops.math import rsqrt as rsqrt
from lamina.ops.math import segment_max as segment_max
from lamina.ops.math import segment_sum as segment_sum
from lamina.ops.math import top_k as top_k
from lamina.ops.math_fft import fft as fft
from lamina.ops.math_fft import fft2 as fft2
from lamina.ops.math_fft import irfft as irfft
from lamina.ops.math_fft import istft as istft
from lamina.ops.math_fft import rfft as rfft
from lamina.ops.math_fft import stft as stft

# nn
from lamina.ops.nn import celu as celu
from lamina.ops.nn import elu as elu
from lamina.ops.nn import gelu as gelu
from lamina.ops.nn import glu as glu
from lamina.ops.nn import hard_sigmoid as hard_sigmoid
from lamina.ops.nn import hard_silu as hard_silu
from lamina.ops.nn import hard_swish as hard_swish
from lamina.ops.nn import leaky_relu as leaky_relu
from lamina.ops.nn import log_sigmoid as log_sigmoid
from lamina.ops.nn import log_softmax as log_softmax
from lamina.ops.nn import mish as mish
from lamina.ops.nn import relu as relu
from lamina.ops.nn import relu6 as relu6
from lamina.ops.nn import selu as selu
from lamina.ops.nn import sigmoid as sigmoid
from lamina.ops.nn import silu as silu
from lamina.ops.nn import softmax as softmax
from lamina.ops.nn import softplus as softplus
from lamina.ops.nn import softsign as softsign
from lamina.ops.nn import swish as swish
from lamina.ops.nn import tanh_shrink as tanh_shrink
from lamina.ops.nn_losses import batch_normalization as batch_normalization
from lamina.ops.nn_losses import binary_crossentropy as binary_crossentropy
from lamina.ops.nn_losses import categorical_crossentropy as categorical_crossentropy
from lamina.ops.nn_losses import ctc_loss as ctc_loss
from lamina.ops.nn_losses import moments as moments
from lamina.ops.nn_losses import multi_hot as multi_hot
from lamina.ops.nn_losses import normalize as normalize
from lamina.ops.nn_losses import one_hot as one_hot
from lamina.ops.nn_losses import sparse_categorical_crossentropy as sparse_categorical_crossentropy

# numpy-like: reductions
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
from lamina.ops.rnn import rnn as rnn

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
    "average_pool",
    "batch_normalization",
    "binary_crossentropy",
    "bitwise_and",
    "bitwise_invert",
    "bitwise_not",
    "bitwise_or",
    "bitwise_xor",
    "broadcast_to",
    "cast",
    "categorical_crossentropy",
    "ceil",
    "celu",
    "cholesky",
    "clip",
    "concatenate",
    "cond",
    "conj",
    "conv",
    "conv_transpose",
    "convert_to_numpy",
    "convert_to_tensor",
    "copy",
    "copysign",
    "cos",
    "cosh",
    "count_nonzero",
    "ctc_loss",
    "cumprod",
    "cumsum",
    "custom_gradient",
    "deg2rad",
    "depthwise_conv",
    "det",
    "diag",
    "diagonal",
    "divide",
    "dot",
    "dot_product_attention",
    "dtype",
    "eig",
    "eigh",
    "einsum",
    "elu",
    "empty",
    "equal",
    "erf",
    "erfinv",
    "exp",
    "exp2",
    "expand_dims",
    "expm1",
    "extract_sequences",
    "eye",
    "fft",
    "fft2",
    "flip",
    "floor",
    "floor_divide",
    "fori_loop",
    "full",
    "full_like",
    "gelu",
    "get_item",
    "glu",
    "greater",
    "greater_equal",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hstack",
    "hypot",
    "identity",
    "imag",
    "in_top_k",
    "inner",
    "inv",
    "irfft",
    "is_tensor",
    "isclose",
    "isfinite",
    "isinf",
    "isnan",
    "istft",
    "leaky_relu",
    "less",
    "less_equal",
    "linspace",
    "log",
    "log10",
    "log1p",
    "log2",
    "log_sigmoid",
    "log_softmax",
    "logaddexp",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "logsumexp",
    "lu_factor",
    "map",
    "matmul",
    "max",
    "max_pool",
    "maximum",
    "mean",
    "median",
    "min",
    "minimum",
    "mish",
    "mod",
    "moments",
    "moveaxis",
    "multi_hot",
    "multiply",
    "nan_to_num",
    "ndim",
    "negative",
    "norm",
    "normalize",
    "not_equal",
    "one_hot",
    "ones",
    "ones_like",
    "outer",
    "pad",
    "power",
    "prod",
    "qr",
    "ravel",
    "real",
    "reciprocal",
    "relu",
    "relu6",
    "repeat",
    "reshape",
    "rfft",
    "rnn",
    "roll",
    "round",
    "rsqrt",
    "scan",
    "scatter",
    "scatter_update",
    "searchsorted",
    "segment_max",
    "segment_sum",
    "select",
    "selu",
    "separable_conv",
    "shape",
    "sigmoid",
    "sign",
    "silu",
    "sin",
    "sinh",
    "size",
    "slice",
    "slice_update",
    "softmax",
    "softplus",
    "softsign",
    "solve",
    "solve_triangular",
    "sort",
    "sparse_categorical_crossentropy",
    "split",
    "sqrt",
    "square",
    "squeeze",
    "stack",
    "std",
    "stft",
    "stop_gradient",
    "subtract",
    "sum",
    "svd",
    "swapaxes",
    "swish",
    "switch",
    "take",
    "take_along_axis",
    "tan",
    "tanh",
    "tanh_shrink",
    "tensordot",
    "tile",
    "top_k",
    "trace",
    "transpose",
    "tri",
    "tril",
    "triu",
    "true_divide",
    "trunc",
    "unstack",
    "var",
    "vdot",
    "vectorized_map",
    "vstack",
    "where",
    "while_loop",
    "zeros",
    "zeros_like",
]
