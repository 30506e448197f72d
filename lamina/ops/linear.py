"""Linear ops."""
