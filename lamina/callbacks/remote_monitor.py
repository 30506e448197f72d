"""`RemoteMonitor`: sends each epoch's logs to a server with an HTTP POST."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import warnings
from typing import Any

import numpy as np

from lamina.callbacks.callback import Callback

# Seconds to wait for the server: a monitor that stopped answering must not hang training.
_TIMEOUT = 10.0


class RemoteMonitor(Callback):
    """POSTs the logs of every epoch to `root + path`, e.g. to watch training from a dashboard.

    The event sent is `{"epoch": epoch, "loss": ..., ...}`. By default it is sent as an HTML
    form whose single field `field` holds the event as JSON; with `send_as_json=True` the body
    is the JSON itself (`Content-Type: application/json`). A server that can't be reached or
    answers with an error gives a warning; training goes on. Uses only the standard library.

    Args:
        root: The server's address, scheme included.
        path: Path added to `root`.
        field: Name of the form field that holds the event (ignored with `send_as_json`).
        headers: Extra HTTP headers, a dict.
        send_as_json: Send the event as a JSON body instead of a form.

    Example:
        >>> import lamina
        >>> monitor = lamina.callbacks.RemoteMonitor(root="http://localhost:9000")
        >>> monitor.root + monitor.path
        'http://localhost:9000/publish/epoch/end/'
    """

    def __init__(
        self,
        root: str = "http://localhost:9000",
        path: str = "/publish/epoch/end/",
        field: str = "data",
        headers: dict[str, str] | None = None,
        send_as_json: bool = False,
    ) -> None:
        super().__init__()
        if urllib.parse.urlsplit(str(root)).scheme not in ("http", "https"):
            raise ValueError(
                f"RemoteMonitor: `root` must be an http:// or https:// address, received {root!r}."
            )
        if headers is not None and not isinstance(headers, dict):
            raise TypeError(
                f"RemoteMonitor: `headers` must be a dict or None, received "
                f"{type(headers).__name__}: {headers!r}."
            )
        self.root = str(root)
        self.path = path
        self.field = field
        self.headers = dict(headers or {})
        self.send_as_json = bool(send_as_json)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        event: dict[str, Any] = {"epoch": epoch}
        for name, value in (logs or {}).items():
            event[name] = _jsonable(value)
        headers = dict(self.headers)
        if self.send_as_json:
            body = json.dumps(event).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        else:
            body = urllib.parse.urlencode({self.field: json.dumps(event)}).encode("utf-8")
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        request = urllib.request.Request(
            self.root + self.path, data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
                response.read()
        except urllib.error.HTTPError as error:
            warnings.warn(
                f"RemoteMonitor: the server at {self.root} answered {error.code} "
                f"{error.reason} to the epoch {epoch} event.",
                stacklevel=2,
            )
        except (urllib.error.URLError, OSError) as error:
            warnings.warn(
                f"RemoteMonitor: could not reach the server at {self.root} ({error}); the "
                f"epoch {epoch} event was not sent.",
                stacklevel=2,
            )


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    array = np.asarray(value)
    return array.item() if array.ndim == 0 else array.tolist()
