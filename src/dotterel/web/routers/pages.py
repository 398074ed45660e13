"""The dashboard's page and files, and an offline Swagger UI at ``/docs``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, Response
from starlette.exceptions import HTTPException

router = APIRouter(include_in_schema=False)

# The dashboard's own files; plotly.js comes from the installed plotly package.
STATIC_FILES = {"app.js": "text/javascript", "style.css": "text/css"}
# Swagger UI's files, served from the swagger-ui-bundle package for an offline /docs.
SWAGGER_FILES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
}
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
CACHED = {"Cache-Control": "max-age=3600"}


def _package_file(package: str, *parts: str) -> Path:
    """A file shipped inside an installed package."""
    return Path(str(resources.files(package).joinpath(*parts)))


@router.get("/")
def page() -> Response:
    """The dashboard."""
    return FileResponse(
        _package_file("dotterel.web", "static", "index.html"),
        media_type="text/html",
        headers={"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-cache"},
    )


@router.get("/static/{name}")
def static(name: str) -> Response:
    """The dashboard's script and style sheet, and plotly.js."""
    if name == "plotly.min.js":
        path = _package_file("plotly", "package_data", "plotly.min.js")
        kind = "text/javascript"
    elif name in STATIC_FILES:
        path, kind = _package_file("dotterel.web", "static", name), STATIC_FILES[name]
    else:
        raise HTTPException(404, f"no static file {name!r}")
    return FileResponse(path, media_type=kind, headers=CACHED)


@router.get("/docs")
def docs(request: Request) -> Response:
    """Swagger UI over ``/openapi.json``, with no CDN."""
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url or "/openapi.json",
        title="dotterel API",
        swagger_js_url="/static/swagger/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger/swagger-ui.css",
        swagger_favicon_url="/static/swagger/favicon-32x32.png",
    )


@router.get("/static/swagger/{name}")
def swagger_static(name: str) -> Response:
    """Swagger UI's files, from the swagger-ui-bundle package."""
    import swagger_ui_bundle

    if name not in SWAGGER_FILES:
        raise HTTPException(404, f"no static file {name!r}")
    path = Path(swagger_ui_bundle.swagger_ui_path) / name
    return FileResponse(path, media_type=SWAGGER_FILES[name], headers=CACHED)
