"""Storyline in a browser and over HTTP: ``storyline serve --db PATH``.

One process serves the JSON API (``/v1``, described by ``/v1/openapi.json``) and the HTML pages rendered on
the server from the same data (every page links its JSON twin). Needs the ``web`` extra
(``pip install 'storyline[web]'``): FastAPI, uvicorn and Jinja2.

>>> from storyline.web import create_app  # doctest: +SKIP
>>> app = create_app("brief-out/storyline.db", token="s3cret")  # doctest: +SKIP
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import require

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app", "serve"]

_MODULES = ("fastapi", "uvicorn", "jinja2", "multipart")


def create_app(store_path: str | Path, token: str | None = None, **options: Any) -> FastAPI:
    """The ASGI app over the store at ``store_path``; see :func:`storyline.web.app.create_app` for ``options``."""
    require("the web app", "web", *_MODULES)
    from .app import create_app as build

    return build(store_path, token, **options)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    store_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    log_level: str = "info",
    **options: Any,
) -> None:
    """Serve the app with uvicorn until interrupted. Bound to a loopback address, only loopback Host names
    are accepted (a DNS-rebinding page cannot read the API)."""
    require("the web app", "web", *_MODULES)
    import uvicorn

    if _is_loopback(host):
        options.setdefault("allowed_hosts", ["127.0.0.1", "localhost", "[::1]", "::1"])
    app = create_app(store_path, token, **options)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False, proxy_headers=False,
                access_log=log_level == "debug")
