"""Preprocessing layers: rescaling and normalization of inputs, image resizing, cropping and
random image augmentation."""
