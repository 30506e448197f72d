"""The base of the random geometric layers (rotation, zoom, translation): their shared
arguments, and warping a batch by one affine transform per image."""

from __future__ import annotations

from typing import Any

from lamina import ops, random
from lamina.layers.preprocessing.augmentation_arguments import one_of
from lamina.layers.preprocessing.image_layer import ImagePreprocessingLayer
from lamina.typing import Tensor

FILL_MODES = ("reflect", "wrap", "constant", "nearest")
INTERPOLATIONS = ("nearest", "bilinear")


class RandomAffineLayer(ImagePreprocessingLayer):
    """Base of layers that warp each image by a random affine transform while training.

    Subclasses implement `transforms(images)`, returning one row
    `[a0, a1, a2, b0, b1, b2, 0, 0]` per image that maps an output pixel `(x, y)` to the input
    point `(a0 x + a1 y + a2, b0 x + b1 y + b2)` (see `lamina.ops.image.affine_transform`).
    """

    def __init__(
        self,
        fill_mode: str = "reflect",
        interpolation: str = "bilinear",
        seed: int | None = None,
        fill_value: float = 0.0,
        data_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.fill_mode = one_of(self, "fill_mode", fill_mode, FILL_MODES)
        self.interpolation = one_of(self, "interpolation", interpolation, INTERPOLATIONS)
        self.fill_value = float(fill_value)
        self.seed = seed
        self.seed_generator = random.SeedGenerator(seed)

    def transform(self, images: Tensor, training: bool) -> Tensor:
        if not training:
            return images
        from lamina.ops import image as image_ops

        return image_ops.affine_transform(
            images,
            self.transforms(images),
            interpolation=self.interpolation,
            fill_mode=self.fill_mode,
            fill_value=self.fill_value,
            data_format=self.data_format,
        )

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(
            {
                "fill_mode": self.fill_mode,
                "interpolation": self.interpolation,
                "fill_value": self.fill_value,
                "seed": self.seed,
            }
        )
        return config

    def transforms(self, images: Tensor) -> Tensor:
        """Returns the `(batch, 8)` transforms for the batch `images`."""
        raise NotImplementedError

    def _draw(self, images: Tensor, lower: float, upper: float) -> Tensor:
        """One uniform draw in `[lower, upper)` per image, shape `(batch,)`, float32."""
        return random.uniform(
            (ops.shape(images)[0],), minval=lower, maxval=upper, seed=self.seed_generator
        )


def affine_rows(like: Tensor, a0: Any, a1: Any, a2: Any, b0: Any, b1: Any, b2: Any) -> Tensor:
    """Stacks per-image coefficients (tensors of the shape of `like`, `(batch,)`, or numbers)
    into `(batch, 8)` transforms."""
    zeros = ops.zeros_like(like)
    columns = [ops.add(zeros, c) for c in (a0, a1, a2, b0, b1, b2)]
    return ops.stack([*columns, zeros, zeros], axis=1)
