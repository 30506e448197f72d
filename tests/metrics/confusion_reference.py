"""NumPy confusion counts (float64), the reference of the confusion-matrix metrics."""

from __future__ import annotations

import numpy as np


def counts(y_true, y_pred, thresholds, weights=None, top_k=None, class_id=None, per_label=False):
    """Returns {"tp", "fp", "tn", "fn"}: arrays (thresholds,) or (thresholds, labels).

    Labels are positive when non-zero, predictions when strictly above a threshold; per-sample
    weights `(batch,)` are spread over the labels.
    """
    y_true = np.asarray(y_true, "float64")
    y_pred = np.asarray(y_pred, "float64").reshape(y_true.shape)
    w = np.ones(y_true.shape) if weights is None else np.asarray(weights, "float64")
    if w.ndim < y_true.ndim:
        w = w.reshape(w.shape + (1,) * (y_true.ndim - w.ndim))
    w = np.broadcast_to(w, y_true.shape)
    if top_k is not None:
        kth = -np.sort(-y_pred, axis=-1)[..., top_k - 1 : top_k]
        y_pred = np.where(y_pred >= kth, y_pred, -1e10)
    if class_id is not None:
        y_true, y_pred, w = (a[..., class_id] for a in (y_true, y_pred, w))
    if not per_label:
        y_true, y_pred, w = (a.reshape(-1, 1) for a in (y_true, y_pred, w))
    label = y_true != 0
    result = {key: [] for key in ("tp", "fp", "tn", "fn")}
    for threshold in thresholds:
        above = y_pred > threshold
        result["tp"].append((w * (label & above)).sum(0))
        result["fp"].append((w * (~label & above)).sum(0))
        result["tn"].append((w * (~label & ~above)).sum(0))
        result["fn"].append((w * (label & ~above)).sum(0))
    squeeze = (lambda a: a[:, 0]) if not per_label else (lambda a: a)
    return {key: squeeze(np.array(value)) for key, value in result.items()}


def summed(batches, thresholds, **kwargs):
    """Counts over batches `(y_true, y_pred[, weights])`, summed."""
    total = None
    for batch in batches:
        weights = batch[2] if len(batch) > 2 else None
        found = counts(batch[0], batch[1], thresholds, weights, **kwargs)
        total = found if total is None else {k: total[k] + found[k] for k in total}
    return total
