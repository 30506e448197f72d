"""`lamina.losses`: Keras 3's losses, as classes (`MeanSquaredError()`) and functions
(`mean_squared_error`), plus `get`, `serialize` and `deserialize` to refer to them by name.

Loss classes weight and reduce (`reduction="sum_over_batch_size"` by default); loss functions
return one value per sample. The import lines and `__all__` are kept by hand: a new loss adds a
line to each and an entry in `registry.py`.

Example:
    >>> import lamina
    >>> loss = lamina.losses.get("MeanSquaredError")
    >>> float(loss([[0.0, 1.0]], [[1.0, 1.0]]))
    0.5
    >>> lamina.ops.convert_to_numpy(lamina.losses.mse([[0.0, 1.0]], [[1.0, 1.0]])).tolist()
    [0.5]
"""

from lamina.losses.classification_losses import BinaryCrossentropy as BinaryCrossentropy
from lamina.losses.classification_losses import BinaryFocalCrossentropy as BinaryFocalCrossentropy
from lamina.losses.classification_losses import CategoricalCrossentropy as CategoricalCrossentropy
from lamina.losses.classification_losses import (
    CategoricalFocalCrossentropy as CategoricalFocalCrossentropy,
)
from lamina.losses.classification_losses import CategoricalHinge as CategoricalHinge
from lamina.losses.classification_losses import Hinge as Hinge
from lamina.losses.classification_losses import (
    SparseCategoricalCrossentropy as SparseCategoricalCrossentropy,
)
from lamina.losses.classification_losses import SquaredHinge as SquaredHinge
from lamina.losses.crossentropy import binary_crossentropy as binary_crossentropy
from lamina.losses.crossentropy import binary_focal_crossentropy as binary_focal_crossentropy
from lamina.losses.crossentropy import categorical_crossentropy as categorical_crossentropy
from lamina.losses.crossentropy import (
    categorical_focal_crossentropy as categorical_focal_crossentropy,
)
from lamina.losses.crossentropy import (
    sparse_categorical_crossentropy as sparse_categorical_crossentropy,
)
from lamina.losses.loss import Loss as Loss
from lamina.losses.loss import LossFunctionWrapper as LossFunctionWrapper
from lamina.losses.margin import categorical_hinge as categorical_hinge
from lamina.losses.margin import hinge as hinge
from lamina.losses.margin import squared_hinge as squared_hinge
from lamina.losses.probabilistic import kl_divergence as kl_divergence
from lamina.losses.probabilistic import poisson as poisson
from lamina.losses.registry import deserialize as deserialize
from lamina.losses.registry import get as get
from lamina.losses.registry import serialize as serialize
from lamina.losses.regression import cosine_similarity as cosine_similarity
from lamina.losses.regression import huber as huber
from lamina.losses.regression import log_cosh as log_cosh
from lamina.losses.regression import mean_absolute_error as mae
from lamina.losses.regression import mean_absolute_error as mean_absolute_error
from lamina.losses.regression import mean_absolute_percentage_error as mape
from lamina.losses.regression import (
    mean_absolute_percentage_error as mean_absolute_percentage_error,
)
from lamina.losses.regression import mean_squared_error as mean_squared_error
from lamina.losses.regression import mean_squared_error as mse
from lamina.losses.regression import (
    mean_squared_logarithmic_error as mean_squared_logarithmic_error,
)
from lamina.losses.regression import mean_squared_logarithmic_error as msle
from lamina.losses.regression_losses import CosineSimilarity as CosineSimilarity
from lamina.losses.regression_losses import Huber as Huber
from lamina.losses.regression_losses import KLDivergence as KLDivergence
from lamina.losses.regression_losses import LogCosh as LogCosh
from lamina.losses.regression_losses import MeanAbsoluteError as MeanAbsoluteError
from lamina.losses.regression_losses import (
    MeanAbsolutePercentageError as MeanAbsolutePercentageError,
)
from lamina.losses.regression_losses import MeanSquaredError as MeanSquaredError
from lamina.losses.regression_losses import (
    MeanSquaredLogarithmicError as MeanSquaredLogarithmicError,
)
from lamina.losses.regression_losses import Poisson as Poisson
from lamina.losses.segmentation import dice as dice
from lamina.losses.segmentation import tversky as tversky
from lamina.losses.sequence import ctc as ctc
from lamina.losses.structured_losses import CTC as CTC
from lamina.losses.structured_losses import Dice as Dice
from lamina.losses.structured_losses import Tversky as Tversky

__all__ = [
    "BinaryCrossentropy",
    "BinaryFocalCrossentropy",
    "CTC",
    "CategoricalCrossentropy",
    "CategoricalFocalCrossentropy",
    "CategoricalHinge",
    "CosineSimilarity",
    "Dice",
    "Hinge",
    "Huber",
    "KLDivergence",
    "LogCosh",
    "Loss",
    "LossFunctionWrapper",
    "MeanAbsoluteError",
    "MeanAbsolutePercentageError",
    "MeanSquaredError",
    "MeanSquaredLogarithmicError",
    "Poisson",
    "SparseCategoricalCrossentropy",
    "SquaredHinge",
    "Tversky",
    "binary_crossentropy",
    "binary_focal_crossentropy",
    "categorical_crossentropy",
    "categorical_focal_crossentropy",
    "categorical_hinge",
    "cosine_similarity",
    "ctc",
    "deserialize",
    "dice",
    "get",
    "hinge",
    "huber",
    "kl_divergence",
    "log_cosh",
    "mae",
    "mape",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "mean_squared_logarithmic_error",
    "mse",
    "msle",
    "poisson",
    "serialize",
    "sparse_categorical_crossentropy",
    "squared_hinge",
    "tversky",
]
