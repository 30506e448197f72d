"""`lamina.optimizers`: Keras 3's optimizers, their learning-rate `schedules`, plus `get`,
`serialize` and `deserialize` to refer to them by name.

The import lines and `__all__` are kept by hand: a new optimizer adds a line to each and an
entry in `registry._CLASSES`.

Example:
    >>> import lamina
    >>> from lamina import optimizers
    >>> w = lamina.Variable([1.0, 2.0])
    >>> optimizer = optimizers.get("sgd")
    >>> _ = optimizer.apply([lamina.ops.ones((2,))], [w])
    >>> [round(x, 4) for x in w.numpy().tolist()]
    [0.99, 1.99]
"""

from lamina.optimizers import schedules as schedules
from lamina.optimizers.adadelta import Adadelta as Adadelta
from lamina.optimizers.adafactor import Adafactor as Adafactor
from lamina.optimizers.adagrad import Adagrad as Adagrad
from lamina.optimizers.adam import Adam as Adam
from lamina.optimizers.adamax import Adamax as Adamax
from lamina.optimizers.adamw import AdamW as AdamW
from lamina.optimizers.ftrl import Ftrl as Ftrl
from lamina.optimizers.lamb import Lamb as Lamb
from lamina.optimizers.lion import Lion as Lion
from lamina.optimizers.loss_scale_optimizer import LossScaleOptimizer as LossScaleOptimizer
from lamina.optimizers.nadam import Nadam as Nadam
from lamina.optimizers.optimizer import Optimizer as Optimizer
from lamina.optimizers.registry import deserialize as deserialize
from lamina.optimizers.registry import get as get
from lamina.optimizers.registry import serialize as serialize
from lamina.optimizers.rmsprop import RMSprop as RMSprop
from lamina.optimizers.sgd import SGD as SGD

__all__ = [
    "Adadelta",
    "Adafactor",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "Ftrl",
    "Lamb",
    "Lion",
    "LossScaleOptimizer",
    "Nadam",
    "Optimizer",
    "RMSprop",
    "SGD",
    "deserialize",
    "get",
    "schedules",
    "serialize",
]
