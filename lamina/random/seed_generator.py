"""SeedGenerator: the state behind lamina's reproducible random numbers, and seed drawing."""

from __future__ import annotations

import contextlib
import random as python_random
from typing import Any

from lamina import backend
from lamina.backend.common.stateless_scope import get_stateless_scope
from lamina.typing import Tensor

_UINT32_MASK = 0xFFFFFFFF


def _seed_device() -> Any:
    # Eager torch samples from a torch.Generator seeded on the host, so seeds live on the CPU:
    # reading them costs no device sync. (Under torch.compile the seed never reaches the host:
    # the graph copies it to the device and hashes it there.) The other backends keep seeds
    # where their arrays live.
    if backend.backend() == "torch":
        return backend.device("cpu")
    return contextlib.nullcontext()


class SeedGenerator:
    """A stateful source of seeds: each `next()` gives a new seed, reproducibly.

    Pass one as the `seed` of a random op to get different numbers on every call that still
    repeat from run to run. Its state is a non-trainable `lamina.Variable` (uint32, shape
    (2,)): inside a `StatelessScope` (a compiled train step) the advance is collected as an
    update instead of applied, so the step can return it.

    Args:
        seed: An int to start from; None picks one from Python's `random` (which
            `lamina.utils.set_random_seed` seeds).
        name: The name of the state variable's scope.

    Example:
        >>> import lamina
        >>> a, b = lamina.random.SeedGenerator(7), lamina.random.SeedGenerator(7)
        >>> draw = lambda gen: lamina.ops.convert_to_numpy(lamina.random.normal((3,), seed=gen))
        >>> first_a, second_a, first_b = draw(a).tolist(), draw(a).tolist(), draw(b).tolist()
        >>> first_a == first_b, first_a == second_a
        (True, False)
    """

    def __init__(self, seed: int | None = None, name: str | None = None, **kwargs: Any) -> None:
        if kwargs:
            raise TypeError(f"SeedGenerator got unexpected arguments {sorted(kwargs)}.")
        if seed is None:
            seed = python_random.randint(1, 2**31 - 1)
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise ValueError(
                f"SeedGenerator: seed must be an int or None, received {seed!r} "
                f"of type {type(seed).__name__}."
            )
        self.name = name or "seed_generator"
        self._initial_seed = seed
        with backend.name_scope(self.name), _seed_device():
            self.state = backend.Variable(
                [seed & _UINT32_MASK, 0],
                dtype="uint32",
                trainable=False,
                name="seed_generator_state",
            )

    def next(self, ordered: bool = True) -> Tensor:
        """Returns the current seed (uint32, shape (2,)) and advances the state by one."""
        with _seed_device():
            seed = self.state.value
            # A typed tensor, not a list: converting a list goes through NumPy, which
            # torch.compile cannot trace (it would break the graph of a compiled train step).
            increment = backend.core.convert_to_tensor([0, 1], "int64")
            counter = backend.core.cast(seed, "int64")
            self.state.assign(backend.core.cast(backend.numpy.add(counter, increment), "uint32"))
        return seed

    def get_config(self) -> dict[str, Any]:
        """Returns the constructor arguments (the initial seed, not the current state)."""
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> SeedGenerator:
        """Returns a SeedGenerator built from `get_config()`'s output."""
        return cls(**config)

    def __repr__(self) -> str:
        return f"<SeedGenerator name={self.name}, seed={self._initial_seed}>"


_global_generator: list[SeedGenerator] = []


def global_seed_generator() -> SeedGenerator:
    """Returns the SeedGenerator used by random ops called with `seed=None`."""
    if not _global_generator:
        _global_generator.append(SeedGenerator(name="global_seed_generator"))
    return _global_generator[0]


def reset_global_seed_generator(seed: int | None) -> None:
    """Replaces the global SeedGenerator with a new one started from `seed`."""
    _global_generator[:] = [SeedGenerator(seed, name="global_seed_generator")]


def draw_seed(seed: Any, op_name: str = "random") -> Tensor:
    """Returns the seed tensor (uint32, shape (2,)) for a random op's `seed` argument.

    An int gives the same seed every time; a SeedGenerator gives its next seed; None gives the
    next seed of the global SeedGenerator; a tensor of shape (2,) is used as it is.
    """
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if isinstance(seed, int) and not isinstance(seed, bool):
        with _seed_device():
            return backend.core.convert_to_tensor([seed & _UINT32_MASK, 0], "uint32")
    if seed is None:
        generator = global_seed_generator()
        scope = get_stateless_scope()
        carried = scope is not None and scope.get_current_value(generator.state) is not None
        if backend.random.is_tracing() and not carried:
            raise ValueError(
                f"{op_name}: seed=None draws from the global SeedGenerator, which cannot "
                "advance inside a traced (jit-compiled) function. Pass seed=<int> or a "
                "SeedGenerator whose state the function carries."
            )
        return generator.next()
    if backend.core.is_tensor(seed) and tuple(backend.core.shape(seed)) == (2,):
        return backend.core.cast(seed, "uint32")
    raise TypeError(
        f"{op_name}: seed must be an int, a SeedGenerator, None or a tensor of shape (2,), "
        f"received {seed!r} of type {type(seed).__name__}."
    )
