"""`lamina.utils`: helpers around models and data (seeding, ...)."""

from lamina.utils.random_seed import set_random_seed as set_random_seed

__all__ = ["set_random_seed"]
