"""`lamina.models`: Model, Sequential, Functional, clone_model."""

from lamina.models.cloning import clone_model as clone_model
from lamina.models.functional import Functional as Functional
from lamina.models.model import Model as Model
from lamina.models.sequential import Sequential as Sequential

__all__ = ["Functional", "Model", "Sequential", "clone_model"]
