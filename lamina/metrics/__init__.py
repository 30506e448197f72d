"""`lamina.metrics`: Keras 3's metrics: stateful `Metric` classes (`update_state`, `result`,
`reset_state`, and `stateless_*` forms for jitted steps), the accuracy functions, the loss
functions Keras also exports here, and `get`, `serialize` and `deserialize` to refer to metrics
by name. `get_metric_for` / `get_accuracy_for` resolve `compile(metrics=[...])` entries.

The import lines and `__all__` are kept by hand: a new metric adds a line to each and an entry
in `registry.py`.

Example:
    >>> import lamina
    >>> metric = lamina.metrics.get("mae")
    >>> metric.update_state([[0.0, 1.0]], [[1.0, 1.0]])
    >>> type(metric).__name__, float(metric.result())
    ('MeanAbsoluteError', 0.5)
"""

from lamina.losses import binary_crossentropy as binary_crossentropy
from lamina.losses import binary_focal_crossentropy as binary_focal_crossentropy
from lamina.losses import categorical_crossentropy as categorical_crossentropy
from lamina.losses import categorical_focal_crossentropy as categorical_focal_crossentropy
from lamina.losses import categorical_hinge as categorical_hinge
from lamina.losses import hinge as hinge
from lamina.losses import huber as huber
from lamina.losses import kl_divergence as kl_divergence
from lamina.losses import kl_divergence as kld
from lamina.losses import log_cosh as log_cosh
from lamina.losses import log_cosh as logcosh
from lamina.losses import mean_absolute_error as mae
from lamina.losses import mean_absolute_error as mean_absolute_error
from lamina.losses import mean_absolute_percentage_error as mape
from lamina.losses import mean_absolute_percentage_error as mean_absolute_percentage_error
from lamina.losses import mean_squared_error as mean_squared_error
from lamina.losses import mean_squared_error as mse
from lamina.losses import mean_squared_logarithmic_error as mean_squared_logarithmic_error
from lamina.losses import mean_squared_logarithmic_error as msle
from lamina.losses import poisson as poisson
from lamina.losses import sparse_categorical_crossentropy as sparse_categorical_crossentropy
from lamina.losses import squared_hinge as squared_hinge
from lamina.metrics.accuracy_functions import binary_accuracy as binary_accuracy
from lamina.metrics.accuracy_functions import categorical_accuracy as categorical_accuracy
from lamina.metrics.accuracy_functions import (
    sparse_categorical_accuracy as sparse_categorical_accuracy,
)
from lamina.metrics.accuracy_functions import (
    sparse_top_k_categorical_accuracy as sparse_top_k_categorical_accuracy,
)
from lamina.metrics.accuracy_functions import (
    top_k_categorical_accuracy as top_k_categorical_accuracy,
)
from lamina.metrics.accuracy_metrics import Accuracy as Accuracy
from lamina.metrics.accuracy_metrics import BinaryAccuracy as BinaryAccuracy
from lamina.metrics.accuracy_metrics import CategoricalAccuracy as CategoricalAccuracy
from lamina.metrics.accuracy_metrics import SparseCategoricalAccuracy as SparseCategoricalAccuracy
from lamina.metrics.accuracy_metrics import (
    SparseTopKCategoricalAccuracy as SparseTopKCategoricalAccuracy,
)
from lamina.metrics.accuracy_metrics import TopKCategoricalAccuracy as TopKCategoricalAccuracy
from lamina.metrics.auc import AUC as AUC
from lamina.metrics.confusion_metrics import FalseNegatives as FalseNegatives
from lamina.metrics.confusion_metrics import FalsePositives as FalsePositives
from lamina.metrics.confusion_metrics import Precision as Precision
from lamina.metrics.confusion_metrics import Recall as Recall
from lamina.metrics.confusion_metrics import TrueNegatives as TrueNegatives
from lamina.metrics.confusion_metrics import TruePositives as TruePositives
from lamina.metrics.correlation_metrics import ConcordanceCorrelation as ConcordanceCorrelation
from lamina.metrics.correlation_metrics import PearsonCorrelation as PearsonCorrelation
from lamina.metrics.correlation_metrics import concordance_correlation as concordance_correlation
from lamina.metrics.correlation_metrics import pearson_correlation as pearson_correlation
from lamina.metrics.f_score_metrics import F1Score as F1Score
from lamina.metrics.f_score_metrics import FBetaScore as FBetaScore
from lamina.metrics.hinge_metrics import CategoricalHinge as CategoricalHinge
from lamina.metrics.hinge_metrics import Hinge as Hinge
from lamina.metrics.hinge_metrics import SquaredHinge as SquaredHinge
from lamina.metrics.iou_metrics import BinaryIoU as BinaryIoU
from lamina.metrics.iou_metrics import IoU as IoU
from lamina.metrics.iou_metrics import MeanIoU as MeanIoU
from lamina.metrics.iou_metrics import OneHotIoU as OneHotIoU
from lamina.metrics.iou_metrics import OneHotMeanIoU as OneHotMeanIoU
from lamina.metrics.metric import Metric as Metric
from lamina.metrics.metric_selection import get_accuracy_for as get_accuracy_for
from lamina.metrics.metric_selection import get_metric_for as get_metric_for
from lamina.metrics.probabilistic_metrics import BinaryCrossentropy as BinaryCrossentropy
from lamina.metrics.probabilistic_metrics import CategoricalCrossentropy as CategoricalCrossentropy
from lamina.metrics.probabilistic_metrics import KLDivergence as KLDivergence
from lamina.metrics.probabilistic_metrics import Poisson as Poisson
from lamina.metrics.probabilistic_metrics import (
    SparseCategoricalCrossentropy as SparseCategoricalCrossentropy,
)
from lamina.metrics.r2_score import R2Score as R2Score
from lamina.metrics.reduction_metrics import Mean as Mean
from lamina.metrics.reduction_metrics import MeanMetricWrapper as MeanMetricWrapper
from lamina.metrics.reduction_metrics import Sum as Sum
from lamina.metrics.registry import deserialize as deserialize
from lamina.metrics.registry import get as get
from lamina.metrics.registry import serialize as serialize
from lamina.metrics.regression_metrics import CosineSimilarity as CosineSimilarity
from lamina.metrics.regression_metrics import LogCoshError as LogCoshError
from lamina.metrics.regression_metrics import MeanAbsoluteError as MeanAbsoluteError
from lamina.metrics.regression_metrics import (
    MeanAbsolutePercentageError as MeanAbsolutePercentageError,
)
from lamina.metrics.regression_metrics import MeanSquaredError as MeanSquaredError
from lamina.metrics.regression_metrics import (
    MeanSquaredLogarithmicError as MeanSquaredLogarithmicError,
)
from lamina.metrics.regression_metrics import RootMeanSquaredError as RootMeanSquaredError
from lamina.metrics.sensitivity_specificity import PrecisionAtRecall as PrecisionAtRecall
from lamina.metrics.sensitivity_specificity import RecallAtPrecision as RecallAtPrecision
from lamina.metrics.sensitivity_specificity import (
    SensitivityAtSpecificity as SensitivityAtSpecificity,
)
from lamina.metrics.sensitivity_specificity import (
    SpecificityAtSensitivity as SpecificityAtSensitivity,
)

__all__ = [
    "AUC",
    "Accuracy",
    "BinaryAccuracy",
    "BinaryCrossentropy",
    "BinaryIoU",
    "CategoricalAccuracy",
    "CategoricalCrossentropy",
    "CategoricalHinge",
    "ConcordanceCorrelation",
    "CosineSimilarity",
    "F1Score",
    "FBetaScore",
    "FalseNegatives",
    "FalsePositives",
    "Hinge",
    "IoU",
    "KLDivergence",
    "LogCoshError",
    "Mean",
    "MeanAbsoluteError",
    "MeanAbsolutePercentageError",
    "MeanIoU",
    "MeanMetricWrapper",
    "MeanSquaredError",
    "MeanSquaredLogarithmicError",
    "Metric",
    "OneHotIoU",
    "OneHotMeanIoU",
    "PearsonCorrelation",
    "Poisson",
    "Precision",
    "PrecisionAtRecall",
    "R2Score",
    "Recall",
    "RecallAtPrecision",
    "RootMeanSquaredError",
    "SensitivityAtSpecificity",
    "SparseCategoricalAccuracy",
    "SparseCategoricalCrossentropy",
    "SparseTopKCategoricalAccuracy",
    "SpecificityAtSensitivity",
    "SquaredHinge",
    "Sum",
    "TopKCategoricalAccuracy",
    "TrueNegatives",
    "TruePositives",
    "binary_accuracy",
    "binary_crossentropy",
    "binary_focal_crossentropy",
    "categorical_accuracy",
    "categorical_crossentropy",
    "categorical_focal_crossentropy",
    "categorical_hinge",
    "concordance_correlation",
    "deserialize",
    "get",
    "get_accuracy_for",
    "get_metric_for",
    "hinge",
    "huber",
    "kl_divergence",
    "kld",
    "log_cosh",
    "logcosh",
    "mae",
    "mape",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "mean_squared_logarithmic_error",
    "mse",
    "msle",
    "pearson_correlation",
    "poisson",
    "serialize",
    "sparse_categorical_accuracy",
    "sparse_categorical_crossentropy",
    "sparse_top_k_categorical_accuracy",
    "squared_hinge",
    "top_k_categorical_accuracy",
]
