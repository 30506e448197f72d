"""`lamina.saving`: `.keras` model archives and `.weights.h5` files in the Keras 3 layout,
written crash-safely; the registry of user objects; config (de)serialization with safe
mode."""

from lamina.saving.object_registration import CustomObjectScope as CustomObjectScope
from lamina.saving.object_registration import custom_object_scope as custom_object_scope
from lamina.saving.object_registration import get_custom_objects as get_custom_objects
from lamina.saving.object_registration import get_registered_name as get_registered_name
from lamina.saving.object_registration import get_registered_object as get_registered_object
from lamina.saving.object_registration import (
    register_keras_serializable as register_keras_serializable,
)
from lamina.saving.object_registration import (
    register_lamina_serializable as register_lamina_serializable,
)
from lamina.saving.saving_api import load_model as load_model
from lamina.saving.saving_api import save_model as save_model
from lamina.saving.serialization_lib import (
    deserialize_keras_object as deserialize_keras_object,
)
from lamina.saving.serialization_lib import (
    deserialize_lamina_object as deserialize_lamina_object,
)
from lamina.saving.serialization_lib import (
    enable_unsafe_deserialization as enable_unsafe_deserialization,
)
from lamina.saving.serialization_lib import serialize_keras_object as serialize_keras_object
from lamina.saving.serialization_lib import serialize_lamina_object as serialize_lamina_object
from lamina.saving.weights_file import load_weights as load_weights
from lamina.saving.weights_file import save_weights as save_weights

__all__ = [
    "CustomObjectScope",
    "custom_object_scope",
    "deserialize_keras_object",
    "deserialize_lamina_object",
    "enable_unsafe_deserialization",
    "get_custom_objects",
    "get_registered_name",
    "get_registered_object",
    "load_model",
    "load_weights",
    "register_keras_serializable",
    "register_lamina_serializable",
    "save_model",
    "save_weights",
    "serialize_keras_object",
    "serialize_lamina_object",
]
