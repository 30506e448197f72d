"""`lamina.utils`: helpers around models and data (seeding, PyDataset, batch packing, ...)."""

from lamina.trainers.data_adapters.data_adapter_utils import (
    pack_x_y_sample_weight as pack_x_y_sample_weight,
)
from lamina.trainers.data_adapters.data_adapter_utils import (
    unpack_x_y_sample_weight as unpack_x_y_sample_weight,
)
from lamina.utils.file_utils import get_file as get_file
from lamina.utils.progbar import Progbar as Progbar
from lamina.utils.py_dataset import PyDataset as PyDataset
from lamina.utils.random_seed import set_random_seed as set_random_seed

__all__ = [
    "Progbar",
    "PyDataset",
    "get_file",
    "pack_x_y_sample_weight",
    "set_random_seed",
    "unpack_x_y_sample_weight",
]
