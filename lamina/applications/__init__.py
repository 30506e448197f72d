"""`lamina.applications`: ready-made image models with Keras's architectures and layer names,
so Keras's ImageNet weights (and weights files Keras users saved) load into them.

Each family also lives in its own module with its `preprocess_input` and
`decode_predictions` (`lamina.applications.resnet50.preprocess_input`, ...), as in Keras.
"""

from lamina.applications import densenet as densenet
from lamina.applications import efficientnet as efficientnet
from lamina.applications import imagenet_utils as imagenet_utils
from lamina.applications import mobilenet_v2 as mobilenet_v2
from lamina.applications import resnet as resnet
from lamina.applications import resnet50 as resnet50
from lamina.applications import resnet_v2 as resnet_v2
from lamina.applications import vgg16 as vgg16
from lamina.applications import vgg19 as vgg19
from lamina.applications.densenet import DenseNet121 as DenseNet121
from lamina.applications.densenet import DenseNet169 as DenseNet169
from lamina.applications.densenet import DenseNet201 as DenseNet201
from lamina.applications.efficientnet import EfficientNetB0 as EfficientNetB0
from lamina.applications.efficientnet import EfficientNetB1 as EfficientNetB1
from lamina.applications.efficientnet import EfficientNetB2 as EfficientNetB2
from lamina.applications.efficientnet import EfficientNetB3 as EfficientNetB3
from lamina.applications.efficientnet import EfficientNetB4 as EfficientNetB4
from lamina.applications.efficientnet import EfficientNetB5 as EfficientNetB5
from lamina.applications.efficientnet import EfficientNetB6 as EfficientNetB6
from lamina.applications.efficientnet import EfficientNetB7 as EfficientNetB7
from lamina.applications.mobilenet_v2 import MobileNetV2 as MobileNetV2
from lamina.applications.resnet import ResNet50 as ResNet50
from lamina.applications.resnet import ResNet101 as ResNet101
from lamina.applications.resnet import ResNet152 as ResNet152
from lamina.applications.resnet_v2 import ResNet50V2 as ResNet50V2
from lamina.applications.resnet_v2 import ResNet101V2 as ResNet101V2
from lamina.applications.resnet_v2 import ResNet152V2 as ResNet152V2
from lamina.applications.vgg16 import VGG16 as VGG16
from lamina.applications.vgg19 import VGG19 as VGG19

__all__ = [
    "DenseNet121",
    "DenseNet169",
    "DenseNet201",
    "EfficientNetB0",
    "EfficientNetB1",
    "EfficientNetB2",
    "EfficientNetB3",
    "EfficientNetB4",
    "EfficientNetB5",
    "EfficientNetB6",
    "EfficientNetB7",
    "MobileNetV2",
    "ResNet101",
    "ResNet101V2",
    "ResNet152",
    "ResNet152V2",
    "ResNet50",
    "ResNet50V2",
    "VGG16",
    "VGG19",
    "densenet",
    "efficientnet",
    "imagenet_utils",
    "mobilenet_v2",
    "resnet",
    "resnet50",
    "resnet_v2",
    "vgg16",
    "vgg19",
]
