"""`lamina.layers`: the building blocks of models.

Hand-kept: one import line per public name and `__all__` below.
"""

from lamina.layers.activations.elu import ELU as ELU
from lamina.layers.activations.leaky_relu import LeakyReLU as LeakyReLU
from lamina.layers.activations.prelu import PReLU as PReLU
from lamina.layers.activations.relu import ReLU as ReLU
from lamina.layers.activations.softmax import Softmax as Softmax
from lamina.layers.attention.additive_attention import AdditiveAttention as AdditiveAttention
from lamina.layers.attention.attention import Attention as Attention
from lamina.layers.attention.grouped_query_attention import (
    GroupedQueryAttention as GroupQueryAttention,
)
from lamina.layers.attention.grouped_query_attention import (
    GroupedQueryAttention as GroupedQueryAttention,
)
from lamina.layers.attention.multi_head_attention import MultiHeadAttention as MultiHeadAttention
from lamina.layers.convolutional.conv1d import Conv1D as Conv1D
from lamina.layers.convolutional.conv1d import Conv1D as Convolution1D
from lamina.layers.convolutional.conv1d_transpose import Conv1DTranspose as Conv1DTranspose
from lamina.layers.convolutional.conv1d_transpose import Conv1DTranspose as Convolution1DTranspose
from lamina.layers.convolutional.conv2d import Conv2D as Conv2D
from lamina.layers.convolutional.conv2d import Conv2D as Convolution2D
from lamina.layers.convolutional.conv2d_transpose import Conv2DTranspose as Conv2DTranspose
from lamina.layers.convolutional.conv2d_transpose import Conv2DTranspose as Convolution2DTranspose
from lamina.layers.convolutional.conv3d import Conv3D as Conv3D
from lamina.layers.convolutional.conv3d import Conv3D as Convolution3D
from lamina.layers.convolutional.conv3d_transpose import Conv3DTranspose as Conv3DTranspose
from lamina.layers.convolutional.conv3d_transpose import Conv3DTranspose as Convolution3DTranspose
from lamina.layers.convolutional.depthwise_conv1d import DepthwiseConv1D as DepthwiseConv1D
from lamina.layers.convolutional.depthwise_conv2d import DepthwiseConv2D as DepthwiseConv2D
from lamina.layers.convolutional.separable_conv1d import SeparableConv1D as SeparableConv1D
from lamina.layers.convolutional.separable_conv1d import SeparableConv1D as SeparableConvolution1D
from lamina.layers.convolutional.separable_conv2d import SeparableConv2D as SeparableConv2D
from lamina.layers.convolutional.separable_conv2d import SeparableConv2D as SeparableConvolution2D
from lamina.layers.core.activation import Activation as Activation
from lamina.layers.core.dense import Dense as Dense
from lamina.layers.core.einsum_dense import EinsumDense as EinsumDense
from lamina.layers.core.embedding import Embedding as Embedding
from lamina.layers.core.identity import Identity as Identity
from lamina.layers.core.input_layer import Input as Input
from lamina.layers.core.input_layer import InputLayer as InputLayer
from lamina.layers.core.lambda_layer import Lambda as Lambda
from lamina.layers.core.masking import Masking as Masking
from lamina.layers.input_spec import InputSpec as InputSpec
from lamina.layers.layer import Layer as Layer
from lamina.layers.merging.add import Add as Add
from lamina.layers.merging.add import add as add
from lamina.layers.merging.average import Average as Average
from lamina.layers.merging.average import average as average
from lamina.layers.merging.concatenate import Concatenate as Concatenate
from lamina.layers.merging.concatenate import concatenate as concatenate
from lamina.layers.merging.dot import Dot as Dot
from lamina.layers.merging.dot import dot as dot
from lamina.layers.merging.maximum import Maximum as Maximum
from lamina.layers.merging.maximum import maximum as maximum
from lamina.layers.merging.minimum import Minimum as Minimum
from lamina.layers.merging.minimum import minimum as minimum
from lamina.layers.merging.multiply import Multiply as Multiply
from lamina.layers.merging.multiply import multiply as multiply
from lamina.layers.merging.subtract import Subtract as Subtract
from lamina.layers.merging.subtract import subtract as subtract
from lamina.layers.normalization.batch_normalization import BatchNormalization as BatchNormalization
from lamina.layers.normalization.group_normalization import GroupNormalization as GroupNormalization
from lamina.layers.normalization.layer_normalization import LayerNormalization as LayerNormalization
from lamina.layers.normalization.rms_normalization import RMSNormalization as RMSNormalization
from lamina.layers.normalization.unit_normalization import UnitNormalization as UnitNormalization
from lamina.layers.pooling.adaptive_average_pooling1d import (
    AdaptiveAveragePooling1D as AdaptiveAveragePooling1D,
)
from lamina.layers.pooling.adaptive_average_pooling2d import (
    AdaptiveAveragePooling2D as AdaptiveAveragePooling2D,
)
from lamina.layers.pooling.adaptive_max_pooling1d import (
    AdaptiveMaxPooling1D as AdaptiveMaxPooling1D,
)
from lamina.layers.pooling.adaptive_max_pooling2d import (
    AdaptiveMaxPooling2D as AdaptiveMaxPooling2D,
)
from lamina.layers.pooling.average_pooling1d import AveragePooling1D as AveragePooling1D
from lamina.layers.pooling.average_pooling1d import AveragePooling1D as AvgPool1D
from lamina.layers.pooling.average_pooling2d import AveragePooling2D as AveragePooling2D
from lamina.layers.pooling.average_pooling2d import AveragePooling2D as AvgPool2D
from lamina.layers.pooling.average_pooling3d import AveragePooling3D as AveragePooling3D
from lamina.layers.pooling.average_pooling3d import AveragePooling3D as AvgPool3D
from lamina.layers.pooling.global_average_pooling1d import (
    GlobalAveragePooling1D as GlobalAveragePooling1D,
)
from lamina.layers.pooling.global_average_pooling1d import GlobalAveragePooling1D as GlobalAvgPool1D
from lamina.layers.pooling.global_average_pooling2d import (
    GlobalAveragePooling2D as GlobalAveragePooling2D,
)
from lamina.layers.pooling.global_average_pooling2d import GlobalAveragePooling2D as GlobalAvgPool2D
from lamina.layers.pooling.global_average_pooling3d import (
    GlobalAveragePooling3D as GlobalAveragePooling3D,
)
from lamina.layers.pooling.global_average_pooling3d import GlobalAveragePooling3D as GlobalAvgPool3D
from lamina.layers.pooling.global_max_pooling1d import GlobalMaxPooling1D as GlobalMaxPool1D
from lamina.layers.pooling.global_max_pooling1d import GlobalMaxPooling1D as GlobalMaxPooling1D
from lamina.layers.pooling.global_max_pooling2d import GlobalMaxPooling2D as GlobalMaxPool2D
from lamina.layers.pooling.global_max_pooling2d import GlobalMaxPooling2D as GlobalMaxPooling2D
from lamina.layers.pooling.global_max_pooling3d import GlobalMaxPooling3D as GlobalMaxPool3D
from lamina.layers.pooling.global_max_pooling3d import GlobalMaxPooling3D as GlobalMaxPooling3D
from lamina.layers.pooling.max_pooling1d import MaxPooling1D as MaxPool1D
from lamina.layers.pooling.max_pooling1d import MaxPooling1D as MaxPooling1D
from lamina.layers.pooling.max_pooling2d import MaxPooling2D as MaxPool2D
from lamina.layers.pooling.max_pooling2d import MaxPooling2D as MaxPooling2D
from lamina.layers.pooling.max_pooling3d import MaxPooling3D as MaxPool3D
from lamina.layers.pooling.max_pooling3d import MaxPooling3D as MaxPooling3D
from lamina.layers.preprocessing.center_crop import CenterCrop as CenterCrop
from lamina.layers.preprocessing.normalization import Normalization as Normalization
from lamina.layers.preprocessing.random_brightness import RandomBrightness as RandomBrightness
from lamina.layers.preprocessing.random_contrast import RandomContrast as RandomContrast
from lamina.layers.preprocessing.random_crop import RandomCrop as RandomCrop
from lamina.layers.preprocessing.random_flip import RandomFlip as RandomFlip
from lamina.layers.preprocessing.random_grayscale import RandomGrayscale as RandomGrayscale
from lamina.layers.preprocessing.random_rotation import RandomRotation as RandomRotation
from lamina.layers.preprocessing.random_translation import RandomTranslation as RandomTranslation
from lamina.layers.preprocessing.random_zoom import RandomZoom as RandomZoom
from lamina.layers.preprocessing.rescaling import Rescaling as Rescaling
from lamina.layers.preprocessing.resizing import Resizing as Resizing
from lamina.layers.regularization.activity_regularization import (
    ActivityRegularization as ActivityRegularization,
)
from lamina.layers.regularization.alpha_dropout import AlphaDropout as AlphaDropout
from lamina.layers.regularization.dropout import Dropout as Dropout
from lamina.layers.regularization.gaussian_dropout import GaussianDropout as GaussianDropout
from lamina.layers.regularization.gaussian_noise import GaussianNoise as GaussianNoise
from lamina.layers.regularization.spatial_dropout1d import SpatialDropout1D as SpatialDropout1D
from lamina.layers.regularization.spatial_dropout2d import SpatialDropout2D as SpatialDropout2D
from lamina.layers.regularization.spatial_dropout3d import SpatialDropout3D as SpatialDropout3D
from lamina.layers.reshaping.cropping1d import Cropping1D as Cropping1D
from lamina.layers.reshaping.cropping2d import Cropping2D as Cropping2D
from lamina.layers.reshaping.cropping3d import Cropping3D as Cropping3D
from lamina.layers.reshaping.flatten import Flatten as Flatten
from lamina.layers.reshaping.permute import Permute as Permute
from lamina.layers.reshaping.repeat_vector import RepeatVector as RepeatVector
from lamina.layers.reshaping.reshape import Reshape as Reshape
from lamina.layers.reshaping.up_sampling1d import UpSampling1D as UpSampling1D
from lamina.layers.reshaping.up_sampling2d import UpSampling2D as UpSampling2D
from lamina.layers.reshaping.up_sampling3d import UpSampling3D as UpSampling3D
from lamina.layers.reshaping.zero_padding1d import ZeroPadding1D as ZeroPadding1D
from lamina.layers.reshaping.zero_padding2d import ZeroPadding2D as ZeroPadding2D
from lamina.layers.reshaping.zero_padding3d import ZeroPadding3D as ZeroPadding3D
from lamina.layers.rnn.bidirectional import Bidirectional as Bidirectional
from lamina.layers.rnn.conv_lstm1d import ConvLSTM1D as ConvLSTM1D
from lamina.layers.rnn.conv_lstm2d import ConvLSTM2D as ConvLSTM2D
from lamina.layers.rnn.conv_lstm3d import ConvLSTM3D as ConvLSTM3D
from lamina.layers.rnn.gru import GRU as GRU
from lamina.layers.rnn.gru import GRUCell as GRUCell
from lamina.layers.rnn.lstm import LSTM as LSTM
from lamina.layers.rnn.lstm import LSTMCell as LSTMCell
from lamina.layers.rnn.rnn import RNN as RNN
from lamina.layers.rnn.simple_rnn import SimpleRNN as SimpleRNN
from lamina.layers.rnn.simple_rnn import SimpleRNNCell as SimpleRNNCell
from lamina.layers.rnn.stacked_rnn_cells import StackedRNNCells as StackedRNNCells
from lamina.layers.rnn.time_distributed import TimeDistributed as TimeDistributed
from lamina.layers.serialization import deserialize as deserialize
from lamina.layers.serialization import serialize as serialize

__all__ = [
    "Activation",
    "ActivityRegularization",
    "AdaptiveAveragePooling1D",
    "AdaptiveAveragePooling2D",
    "AdaptiveMaxPooling1D",
    "AdaptiveMaxPooling2D",
    "Add",
    "AdditiveAttention",
    "AlphaDropout",
    "Attention",
    "Average",
    "AveragePooling1D",
    "AveragePooling2D",
    "AveragePooling3D",
    "AvgPool1D",
    "AvgPool2D",
    "AvgPool3D",
    "BatchNormalization",
    "Bidirectional",
    "CenterCrop",
    "Concatenate",
    "Conv1D",
    "Conv1DTranspose",
    "Conv2D",
    "Conv2DTranspose",
    "Conv3D",
    "Conv3DTranspose",
    "ConvLSTM1D",
    "ConvLSTM2D",
    "ConvLSTM3D",
    "Convolution1D",
    "Convolution1DTranspose",
    "Convolution2D",
    "Convolution2DTranspose",
    "Convolution3D",
    "Convolution3DTranspose",
    "Cropping1D",
    "Cropping2D",
    "Cropping3D",
    "Dense",
    "DepthwiseConv1D",
    "DepthwiseConv2D",
    "Dot",
    "Dropout",
    "ELU",
    "EinsumDense",
    "Embedding",
    "Flatten",
    "GRU",
    "GRUCell",
    "GaussianDropout",
    "GaussianNoise",
    "GlobalAveragePooling1D",
    "GlobalAveragePooling2D",
    "GlobalAveragePooling3D",
    "GlobalAvgPool1D",
    "GlobalAvgPool2D",
    "GlobalAvgPool3D",
    "GlobalMaxPool1D",
    "GlobalMaxPool2D",
    "GlobalMaxPool3D",
    "GlobalMaxPooling1D",
    "GlobalMaxPooling2D",
    "GlobalMaxPooling3D",
    "GroupNormalization",
    "GroupQueryAttention",
    "GroupedQueryAttention",
    "Identity",
    "Input",
    "InputLayer",
    "InputSpec",
    "LSTM",
    "LSTMCell",
    "Lambda",
    "Layer",
    "LayerNormalization",
    "LeakyReLU",
    "Masking",
    "MaxPool1D",
    "MaxPool2D",
    "MaxPool3D",
    "MaxPooling1D",
    "MaxPooling2D",
    "MaxPooling3D",
    "Maximum",
    "Minimum",
    "MultiHeadAttention",
    "Multiply",
    "Normalization",
    "PReLU",
    "Permute",
    "RMSNormalization",
    "RNN",
    "RandomBrightness",
    "RandomContrast",
    "RandomCrop",
    "RandomFlip",
    "RandomGrayscale",
    "RandomRotation",
    "RandomTranslation",
    "RandomZoom",
    "ReLU",
    "RepeatVector",
    "Rescaling",
    "Reshape",
    "Resizing",
    "SeparableConv1D",
    "SeparableConv2D",
    "SeparableConvolution1D",
    "SeparableConvolution2D",
    "SimpleRNN",
    "SimpleRNNCell",
    "Softmax",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "SpatialDropout3D",
    "StackedRNNCells",
    "Subtract",
    "TimeDistributed",
    "UnitNormalization",
    "UpSampling1D",
    "UpSampling2D",
    "UpSampling3D",
    "ZeroPadding1D",
    "ZeroPadding2D",
    "ZeroPadding3D",
    "add",
    "average",
    "concatenate",
    "deserialize",
    "dot",
    "maximum",
    "minimum",
    "multiply",
    "serialize",
    "subtract",
]
