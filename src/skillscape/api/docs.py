"""The OpenAPI docs page (``/docs``) served from the package.

Swagger UI 5 (``swagger-ui-bundle-v2``, which installs the ``swagger_ui_bundle`` module) reads
the OpenAPI 3.1 that FastAPI writes; Swagger UI 4 could not ("Unable to render this
definition"). The page loads nothing from another host, and its one script of our own is a
file too, so the Content-Security-Policy needs no ``'unsafe-inline'`` for scripts.
"""

from __future__ import annotations

import html

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

ASSETS = "/docs/assets"
INIT_SCRIPT = "/docs/init.js"

#: scripts and styles from this server only; Swagger UI sets inline styles on its elements and
#: shows data: images (its icons), and fetches the schema from this server
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="{favicon}">
<link rel="stylesheet" href="{assets}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{init}"></script>
</body>
</html>
"""

_INIT = """// Starts Swagger UI on the schema named by the page (no inline script: see the CSP).
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
})();
"""


def install_docs(app: FastAPI, favicon_url: str) -> None:
    """Add ``/docs`` (Swagger UI over ``app.openapi_url``) and the assets it loads."""
    app.mount(ASSETS, StaticFiles(directory=swagger_ui_path), name="docs-assets")
    page = _PAGE.format(
        title=html.escape(f"{app.title} API"),
        favicon=html.escape(favicon_url),
        assets=ASSETS,
        openapi=html.escape(app.openapi_url or "/openapi.json"),
        init=INIT_SCRIPT,
    )

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(page, headers=SECURITY_HEADERS)

    @app.get(INIT_SCRIPT, include_in_schema=False)
    async def docs_init() -> Response:
        return Response(_INIT, media_type="text/javascript", headers={"X-Content-Type-Options": "nosniff"})


__all__ = ["CONTENT_SECURITY_POLICY", "install_docs"]
