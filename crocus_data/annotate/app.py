"""The workbench's web application: one page, its script and stylesheet, and a small JSON API.

Starlette, because it is small (routing, requests, responses; one dependency, anyio), typed, well
kept, and runs on uvicorn, the server ``crocus-data serve`` already uses; no templates, sessions or
static-file folders are needed. The page, script and stylesheet are files of this package, served by
fixed names: no request names a file. Every request passes :class:`annotate.guard.Guard` first.

The API (all JSON; a POST's body is a JSON object):

- ``GET /api/state``: the source text, its pieces, sentences and spans, and every record by label;
- ``GET /api/forms``: every table's form, generated from the models;
- ``GET /api/record?id=ID``: a record's cells, to edit it;
- ``POST /api/selection``: a selection's UTF-16 ends -> its code-point offsets and words;
- ``POST /api/new-id``: a free id for a new record of a table, from the words selected;
- ``POST /api/save``, ``/api/span``, ``/api/note``: a record, a span for a record, a coverage note;
- ``POST /api/remove-span``, ``/api/remove-note``: a span added since the last release, a coverage note, taken out.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from importlib.resources import files
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from crocus_data.annotate.guard import Guard
from crocus_data.annotate.offsets import SelectionError
from crocus_data.annotate.save import SaveRefusedError
from crocus_data.annotate.workbench import Workbench
from crocus_data.safe_io.files import RefusedError
from crocus_data.safe_io.json_text import JsonError, parse_json

# The page's files, by the only names a request can ask for.
STATIC = {
    "/workbench.js": ("workbench.js", "text/javascript; charset=utf-8"),
    "/workbench.css": ("workbench.css", "text/css; charset=utf-8"),
    "/icon.svg": ("icon.svg", "image/svg+xml"),
}


def _static(name: str) -> bytes:
    return (files("crocus_data.annotate") / "static" / name).read_bytes()


def page(token: str) -> bytes:
    """The page, with the token in the places the browser needs it (it is URL-safe base64, escaped anyway)."""
    template = _static("workbench.html").decode("utf-8")
    return template.replace("{{token}}", html.escape(token, quote=True)).encode("utf-8")


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _body(request: Request) -> dict[str, Any]:
    document = parse_json(await request.body())
    if not isinstance(document, dict):
        raise JsonError("the body must be a JSON object")
    return document


def create_app(workbench: Workbench, token: str, port: int) -> Guard:
    """The application for one workbench, behind its guard (``port`` is the one it listens on)."""

    def answer(work: Callable[[dict[str, Any]], Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            try:
                body = await _body(request) if request.method == "POST" else dict(request.query_params)
                return JSONResponse(await run_in_threadpool(work, body))
            except (JsonError, SelectionError, SaveRefusedError) as exc:
                return _error(400, str(exc))
            except RefusedError as exc:
                return _error(409, str(exc))

        return endpoint

    async def index(request: Request) -> Response:
        return Response(page(token), media_type="text/html; charset=utf-8")

    def static(path: str) -> Callable[[Request], Any]:
        name, media = STATIC[path]

        async def endpoint(request: Request) -> Response:
            return Response(_static(name), media_type=media)

        return endpoint

    routes = [
        Route("/", index, methods=["GET"]),
        *(Route(path, static(path), methods=["GET"]) for path in STATIC),
        Route("/api/state", answer(lambda _: workbench.state()), methods=["GET"]),
        Route("/api/forms", answer(lambda _: workbench.forms()), methods=["GET"]),
        Route("/api/record", answer(lambda query: workbench.record(str(query.get("id", "")))), methods=["GET"]),
        Route("/api/selection", answer(workbench.selection), methods=["POST"]),
        Route("/api/new-id", answer(workbench.suggest_id), methods=["POST"]),
        Route("/api/save", answer(workbench.save), methods=["POST"]),
        Route("/api/span", answer(workbench.add_span), methods=["POST"]),
        Route("/api/note", answer(workbench.add_note), methods=["POST"]),
        Route("/api/remove-span", answer(workbench.remove_span), methods=["POST"]),
        Route("/api/remove-note", answer(workbench.remove_note), methods=["POST"]),
    ]
    return Guard(Starlette(routes=routes), token, port)
