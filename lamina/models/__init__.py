"""`lamina.models`: Model, Sequential, Functional."""

from lamina.models.functional import Functional as Functional
from lamina.models.model import Model as Model
from lamina.models.sequential import Sequential as Sequential

__all__ = ["Functional", "Model", "Sequential"]
