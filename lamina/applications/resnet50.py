"""`lamina.applications.resnet50`: ResNet50 and its input preprocessing (Keras's
`keras.applications.resnet50`, the same objects as in `lamina.applications.resnet`)."""

from lamina.applications.imagenet_utils import decode_predictions as decode_predictions
from lamina.applications.resnet import ResNet50 as ResNet50
from lamina.applications.resnet import preprocess_input as preprocess_input

__all__ = ["ResNet50", "decode_predictions", "preprocess_input"]
