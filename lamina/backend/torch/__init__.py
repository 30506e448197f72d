"""The PyTorch backend: eager torch tensors, autograd gradients, torch.compile when asked."""
