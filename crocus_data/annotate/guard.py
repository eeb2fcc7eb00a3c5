"""Who may talk to the workbench: this machine's browser, on this workbench's page, holding its token.

The checks Jupyter's server makes, learnt from it and kept to what a one-user page needs:

- **Host**: exactly ``127.0.0.1:PORT`` or ``localhost:PORT``. A site that points its own name at
  127.0.0.1 (DNS rebinding) sends its own name as Host, and is refused.
- **Token**: a random secret (``secrets.token_urlsafe``) in the address printed and opened
  (``?token=``), sent back by the page on every request (``Authorization: token ...``, or ``token=``
  for the page's own script and stylesheet); compared in constant time. No cookie: a cookie for
  127.0.0.1 would also be sent to every other local server, whatever its port.
- **Origin**: a request that names another origin is refused, and a POST must name this one; a
  browser's ``Sec-Fetch-Site`` must be same-origin (or none: the address typed or opened). A POST must
  be ``application/json``, which no form of another site can send without asking first.
- **Size**: a request body is at most ``MAX_REQUEST_BYTES``, counted as it arrives.

Every response says: no script, style, font or image from anywhere else; no framing; no referrer;
no caching; no sniffing of content types.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from crocus_data.limits import MAX_REQUEST_BYTES
from crocus_data.safe_io.loopback import LOOPBACK

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


class RefusedRequestError(Exception):
    """A request the workbench does not answer: the status and one line saying why."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def _headers(scope: Scope) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in scope.get("headers", []):
        found.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
    return found


class Guard:
    """ASGI middleware: refuse what is not this machine's browser on this page, add the safety headers."""

    def __init__(self, app: App, token: str, port: int) -> None:
        self.app = app
        self.token = token.encode()
        self.hosts = {f"{LOOPBACK}:{port}", f"localhost:{port}"}
        self.origins = {f"http://{host}" for host in self.hosts}

    def check(self, scope: Scope) -> None:
        """Raise :class:`RefusedRequestError` unless the request may be answered."""
        headers = _headers(scope)
        hosts = headers.get("host", [])
        if len(hosts) != 1 or hosts[0].lower() not in self.hosts:
            raise RefusedRequestError(
                403, "the Host header is not this workbench's address (127.0.0.1 or localhost, its port)"
            )
        origins = headers.get("origin", [])
        if len(origins) > 1 or (origins and origins[0].lower() not in self.origins):
            raise RefusedRequestError(403, "a request from another site is refused")
        if any(site not in ("same-origin", "none") for site in headers.get("sec-fetch-site", [])):
            raise RefusedRequestError(403, "a request from another site is refused")
        if not self._has_token(scope, headers):
            raise RefusedRequestError(403, "the workbench's token is missing or wrong: open the address it printed")
        method = scope.get("method", "")
        if method in ("GET", "HEAD"):
            return
        if method != "POST":
            raise RefusedRequestError(405, "only GET and POST are answered")
        if not origins:
            raise RefusedRequestError(403, "a POST must say where it comes from (Origin)")
        kind = headers.get("content-type", [""])[0].split(";")[0].strip().lower()
        if kind != "application/json":
            raise RefusedRequestError(415, "a POST must be JSON (Content-Type: application/json)")
        lengths = headers.get("content-length", [])
        if len(lengths) != 1:
            raise RefusedRequestError(411, "a POST must say its length (Content-Length)")
        if not lengths[0].isdigit() or int(lengths[0]) > MAX_REQUEST_BYTES:
            raise RefusedRequestError(413, f"a request body is at most {MAX_REQUEST_BYTES} bytes")

    def _has_token(self, scope: Scope, headers: dict[str, list[str]]) -> bool:
        given = [value[len("token ") :] for value in headers.get("authorization", []) if value.startswith("token ")]
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"), max_num_fields=20)
        given += query.get("token", [])
        return len(given) >= 1 and all(hmac.compare_digest(value.encode(), self.token) for value in given)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets
            return
        try:
            self.check(scope)
        except RefusedRequestError as refusal:
            await _refuse(send, refusal)
            return
        received = 0

        async def bounded() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_REQUEST_BYTES:
                raise RefusedRequestError(413, f"a request body is at most {MAX_REQUEST_BYTES} bytes")
            return message

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, bounded, with_headers)


async def _refuse(send: Send, refusal: RefusedRequestError) -> None:
    body = f"{refusal}\n".encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": refusal.status, "headers": [*headers, *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})
