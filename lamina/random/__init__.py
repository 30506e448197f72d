"""`lamina.random`: seeded random ops and SeedGenerator."""

from lamina.random.random import beta as beta
from lamina.random.random import binomial as binomial
from lamina.random.random import categorical as categorical
from lamina.random.random import dropout as dropout
from lamina.random.random import gamma as gamma
from lamina.random.random import normal as normal
from lamina.random.random import randint as randint
from lamina.random.random import shuffle as shuffle
from lamina.random.random import truncated_normal as truncated_normal
from lamina.random.random import uniform as uniform
from lamina.random.seed_generator import SeedGenerator as SeedGenerator

__all__ = [
    "SeedGenerator",
    "beta",
    "binomial",
    "categorical",
    "dropout",
    "gamma",
    "normal",
    "randint",
    "shuffle",
    "truncated_normal",
    "uniform",
]
