"""Pooling layers: MaxPooling, AveragePooling, their global and adaptive forms."""
