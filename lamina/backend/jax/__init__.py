"""The JAX backend: jax.Array tensors, jax.jit-compiled pure steps."""
