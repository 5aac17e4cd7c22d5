"""The HTTP API: REST resources and a safe SPARQL 1.1 Protocol endpoint (``create_api``;
``skillscape.app.create_app`` adds the web explorer).

The package imports nothing heavy itself, so query worker processes (which import
``skillscape.api.worker``) do not load FastAPI.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_api", "lifespan_for"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from skillscape.api import app

        return getattr(app, name)
    raise AttributeError(name)
