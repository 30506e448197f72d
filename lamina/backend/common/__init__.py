"""Backend-neutral machinery shared by every engine: config, dtypes, variables, symbolic tensors."""
