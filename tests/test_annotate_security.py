"""`crocus-data annotate` answers this machine's browser on its own page, holding its token, and nothing else.

The workbench is started as a user starts it, on a scratch checkout with the fictional source, and
asked over raw HTTP what a hostile page or a rebinding DNS name could send: no token, a wrong one,
another Host, another Origin, a cross-site fetch, a form post, a body too large, a path. Each is
refused, and none of them writes anything.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from crocus_data.cli import main

from annotate_checkout import SOURCE_ID, checkout_with_fixture, selected, start_workbench, stop_workbench
from scratch import ScratchRepo, tree_snapshot


class Bench:
    """The running workbench: its port and token, and a raw HTTP client that sets every header itself."""

    def __init__(self, scratch: ScratchRepo, process: subprocess.Popen[str], url: str) -> None:
        self.scratch, self.process, self.url = scratch, process, url
        parsed = urlparse(url)
        self.port = parsed.port or 0
        self.token = parse_qs(parsed.query)["token"][0]
        self.origin = f"http://127.0.0.1:{self.port}"

    def ask(
        self,
        method: str,
        path: str,
        headers: list[tuple[str, str]] | None = None,
        body: bytes | None = None,
        host: str | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host or f"127.0.0.1:{self.port}")
        for name, value in headers or []:
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        found = (response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        connection.close()
        return found

    def authorised(self) -> list[tuple[str, str]]:
        return [("Authorization", f"token {self.token}")]

    def post(self, path: str, document: Any, headers: list[tuple[str, str]] | None = None) -> tuple[int, bytes]:
        given = headers if headers is not None else [*self.authorised(), ("Origin", self.origin)]
        if not any(name.lower() == "content-type" for name, _ in given):
            given = [*given, ("Content-Type", "application/json")]
        status, _, body = self.ask("POST", path, given, json.dumps(document).encode())
        return status, body


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    scratch = checkout_with_fixture(tmp_path_factory.mktemp("annotate") / "checkout")
    process, url = start_workbench(scratch.root)
    try:
        yield Bench(scratch, process, url)
    finally:
        stop_workbench(process)


SAVE = {
    "table": "actors",
    "cells": {"actor_id": "act-x", "actor_kind": "person", "label": "Interfax", "description": "'x'."},
    "selection": selected("Interfax"),
}


def test_it_listens_on_loopback_only_with_a_token_in_the_address(bench: Bench) -> None:
    assert bench.url.startswith("http://127.0.0.1:") and len(bench.token) >= 40
    status, headers, _ = bench.ask("GET", f"/?token={bench.token}")
    assert status == 200 and headers["content-type"].startswith("text/html")
    address = socket.gethostbyname(socket.gethostname())
    if not address.startswith("127."):  # another address of this machine does not reach it
        with pytest.raises(OSError), socket.create_connection((address, bench.port), timeout=5):
            pass


@pytest.mark.parametrize("path", ["/", "/workbench.js", "/api/state", "/api/forms", "/api/record?id=act-interfax"])
def test_a_request_without_the_token_or_with_a_wrong_one_is_refused(bench: Bench, path: str) -> None:
    assert bench.ask("GET", path)[0] == 403
    wrong = "x" * len(bench.token)
    assert bench.ask("GET", path, [("Authorization", f"token {wrong}")])[0] == 403
    joiner = "&" if "?" in path else "?"
    assert bench.ask("GET", f"{path}{joiner}token={wrong}")[0] == 403
    assert bench.ask("GET", f"{path}{joiner}token={bench.token}", [("Authorization", f"token {wrong}")])[0] == 403
    assert bench.ask("GET", f"{path}{joiner}token={bench.token}")[0] == 200


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",
        "evil.example",
        "127.0.0.1",
        "127.0.0.1:1",
        "localhost.evil.example:{port}",
        "[::1]:{port}",
    ],
)
def test_a_host_that_is_not_the_workbench_is_refused_as_dns_rebinding_would_send(bench: Bench, host: str) -> None:
    status, _, body = bench.ask("GET", "/api/state", bench.authorised(), host=host.format(port=bench.port))
    assert status == 403 and b"Host" in body
    assert bench.ask("GET", "/api/state", bench.authorised(), host=f"localhost:{bench.port}")[0] == 200


def test_two_host_headers_are_refused(bench: Bench) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", bench.port, timeout=30)
    connection.putrequest("GET", "/api/state", skip_host=True)
    connection.putheader("Host", f"127.0.0.1:{bench.port}")
    connection.putheader("Host", "evil.example")
    connection.putheader("Authorization", f"token {bench.token}")
    connection.endheaders()
    assert connection.getresponse().status in (400, 403)
    connection.close()


def test_another_sites_requests_are_refused_and_write_nothing(bench: Bench) -> None:
    before = tree_snapshot(bench.scratch.root)
    token = bench.authorised()
    attempts = [
        [*token, ("Origin", "http://evil.example")],  # a foreign origin, even with the token
        [*token, ("Origin", "null")],  # a sandboxed frame or a file: page
        [*token, ("Origin", f"http://127.0.0.1:{bench.port + 1}")],  # another local server
        token,  # no Origin at all
        [*token, ("Origin", bench.origin), ("Sec-Fetch-Site", "cross-site")],
        [*token, ("Origin", bench.origin), ("Sec-Fetch-Site", "same-site")],
        [("Origin", bench.origin)],  # no token
    ]
    for headers in attempts:
        status, _ = bench.post("/api/save", SAVE, headers)
        assert status == 403, headers
    form = [*token, ("Origin", bench.origin), ("Content-Type", "application/x-www-form-urlencoded")]
    assert bench.post("/api/save", SAVE, form)[0] == 415
    plain = [*token, ("Origin", bench.origin), ("Content-Type", "text/plain")]
    assert bench.post("/api/save", SAVE, plain)[0] == 415
    assert bench.ask("GET", "/api/state", [*token, ("Origin", "http://evil.example")])[0] == 403
    assert bench.ask("PUT", "/api/save", [*token, ("Origin", bench.origin)], b"{}")[0] == 405
    unsized = [*token, ("Origin", bench.origin), ("Content-Type", "application/json")]
    assert bench.ask("POST", "/api/save", unsized)[0] == 411
    assert tree_snapshot(bench.scratch.root) == before


def test_a_body_over_the_bound_is_refused_before_it_is_read(bench: Bench) -> None:
    before = tree_snapshot(bench.scratch.root)
    huge = {"table": "actors", "cells": {"note": "x" * (1024 * 1024 + 1)}}
    status, body = bench.post("/api/save", huge)
    assert status == 413, body
    assert tree_snapshot(bench.scratch.root) == before


@pytest.mark.parametrize(
    ("path", "statuses"),
    [
        ("/../datapackage.json", {404}),
        ("/%2e%2e/%2e%2e/etc/passwd", {404}),
        ("/crocus_data/data/records/actors.csv", {404}),
        ("/api/record?id=../../../etc/passwd", {400}),
        ("/api/record?id=src-000/../../x", {400}),
    ],
)
def test_no_request_names_a_file(bench: Bench, path: str, statuses: set[int]) -> None:
    joiner = "&" if "?" in path else "?"
    status, _, body = bench.ask("GET", f"{path}{joiner}token={bench.token}")
    assert status in statuses, body
    assert b"root:" not in body and b"actor_id" not in body


def test_every_answer_forbids_what_comes_from_elsewhere(bench: Bench) -> None:
    _, headers, page = bench.ask("GET", f"/?token={bench.token}")
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "http" not in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"
    for address in re.findall(rb'(?:src|href)="([^"]*)"', page):
        assert address.startswith(b"/") and not address.startswith(b"//"), address
    assert bench.ask("GET", "/api/state")[1]["content-security-policy"] == policy, "refusals carry it too"


def test_a_good_request_from_the_page_is_answered(bench: Bench) -> None:
    status, body = bench.post("/api/selection", selected("Interfax"))
    assert status == 200 and json.loads(body)["quote"] == "Interfax"
    status, body = bench.post("/api/selection", {"start_utf16": "0", "end_utf16": 3})
    assert status == 400 and b"whole number" in body
    assert bench.post("/api/selection", ["not", "an", "object"])[0] == 400


def test_an_unknown_source_says_which_there_are(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scratch = checkout_with_fixture(tmp_path / "checkout")
    assert main(["annotate", "src-999", str(scratch.root), "--no-browser", "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["exit_status"] == 2 and SOURCE_ID in captured.err and "add-source" in captured.err
    assert main(["annotate", "../etc", str(scratch.root), "--no-browser"]) == 2
    assert "not a source id" in capsys.readouterr().err


def test_without_the_extra_it_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scratch = checkout_with_fixture(tmp_path / "checkout")
    monkeypatch.setitem(sys.modules, "starlette", None)  # an import of it fails, as when it is not installed
    assert main(["annotate", SOURCE_ID, str(scratch.root), "--no-browser"]) == 2
    assert "pip install 'crocus-data[annotate]'" in capsys.readouterr().err


def test_ctrl_c_stops_it_with_status_130(tmp_path: Path) -> None:
    scratch = checkout_with_fixture(tmp_path / "checkout")
    process, _ = start_workbench(scratch.root)
    assert stop_workbench(process) == 130
