"""wp serve's JSON API: the CLI's contracts, the OpenAPI document, and the requests it refuses."""

import http.client
import json
import os
import socket
import subprocess
import time
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import ROOT, TODAY, WP4, Server, copy_examples, wp_binary

OPENAPI_PATH = ROOT / "schemas" / "openapi" / "wp-serve.openapi.json"
OPENAPI_URI = "urn:wp-serve:openapi"


def registry():
    resources = [(OPENAPI_URI, Resource(contents=json.loads(OPENAPI_PATH.read_text()), specification=DRAFT202012))]
    for path in sorted((ROOT / "schemas").glob("*.json")):
        schema = json.loads(path.read_text())
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


REGISTRY = registry()
OPENAPI = json.loads(OPENAPI_PATH.read_text())


def pointer(*parts):
    return "/".join(str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def validate(instance, path, status=200, method="get"):
    """Validates `instance` against the OpenAPI document's schema for that answer."""
    content = OPENAPI["paths"][path][method]["responses"][str(status)]["content"]["application/json"]
    assert "schema" in content
    reference = {"$ref": f"{OPENAPI_URI}#/" + pointer("paths", path, method, "responses", str(status), "content",
                                                       "application/json", "schema")}
    jsonschema.Draft202012Validator(reference, registry=REGISTRY).validate(instance)


def wp_json(directory, *arguments):
    result = subprocess.run([str(wp_binary()), *arguments, "--format", "json"], cwd=directory, capture_output=True,
                            text=True, env=dict(os.environ, WP_TODAY=TODAY, WP_CACHE_DIR=str(directory / ".wp-cache")))
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


# The CLI's contracts: the same JSON as the command, and valid against both documents.
CLI_VIEWS = [
    ("/api/status", ["status"]),
    ("/api/ready", ["ready"]),
    ("/api/ready?repo=railiance-apps&limit=2", ["ready", "--repo", "railiance-apps", "--limit", "2"]),
    ("/api/show?id=RAILIANCE-WP-0004-I02", ["show", "RAILIANCE-WP-0004-I02"]),
    ("/api/show?id=vergabe-teilnahme%2Fpromote-production", ["show", "vergabe-teilnahme/promote-production"]),
    ("/api/impact?id=RAILIANCE-WP-0004-I01", ["impact", "RAILIANCE-WP-0004-I01"]),
    ("/api/gates", ["gate", "list"]),
    ("/api/lint", ["lint"]),
]


@pytest.mark.parametrize("path,command", CLI_VIEWS)
def test_cli_views_answer_what_the_cli_prints(server, path, command):
    answer = server.json(path)
    assert answer == wp_json(server.directory, *command)
    validate(answer, path.split("?")[0])


@pytest.mark.parametrize("path", ["/api/board", "/api/decisions", "/api/gate-panel", "/api/graph",
                                  "/api/graph?repo=railiance-apps", "/api/graph?workplan=RAILIANCE-WP-0004"])
def test_page_views_match_the_openapi_document(server, path):
    answer = server.json(path)
    validate(answer, path.split("?")[0])
    if path.startswith("/api/graph"):
        assert answer["svg"].startswith("<svg") and answer["nodes"], answer.get("message")


def test_board_columns_come_from_the_lifecycle_and_the_blocked_card_has_its_root(server):
    board = server.json("/api/board")
    assert [c["status"] for c in board["columns"]] == ["todo", "in_progress", "wait", "blocked", "done", "cancelled"]
    assert board["columns"][4]["roles"] == ["initial", "complete", "succeeded"]
    blocked = next(c for c in board["cards"] if c["id"] == "RAILIANCE-WP-0004-I02")
    assert blocked["blocked"] and [r["id"] for r in blocked["roots"]] == ["RAILIANCE-WP-0004-I01"]


def test_the_openapi_document_is_served_as_kept_in_schemas(server):
    status, headers, body = server.get("/api/openapi.json")
    assert status == 200 and body == OPENAPI_PATH.read_bytes()
    documented = set(OPENAPI["paths"])
    assert {"/api/status", "/api/ready", "/api/show", "/api/impact", "/api/gates", "/api/lint", "/api/move"} <= documented
    for path, methods in OPENAPI["paths"].items():
        assert set(methods) <= {"get", "post"}, path


def test_every_answer_carries_the_security_headers(server):
    for path in ("/", "/api/status", "/assets/app.js", "/api/show?id=nothing"):
        _, headers, _ = server.get(path)
        assert "script-src 'self'" in headers["Content-Security-Policy"], path
        assert headers["X-Content-Type-Options"] == "nosniff"


# Refused requests: nothing changes on disk, and the server keeps serving.

def still_serving(server):
    assert server.json("/api/status")["workplans"]


def test_edits_need_the_runs_token(server):
    path = server.directory / "workplans" / Path(WP4).name
    before = path.read_bytes()
    for token in ("", "0" * 64, server.token[:-1] + ("0" if server.token[-1] != "0" else "1")):
        status, body = server.move("RAILIANCE-WP-0004-I03", "in_progress", token=token)
        assert status == 403 and "token" in body["error"]
        validate(body, "/api/move", 403, "post")
    code, _, body = server.request("POST", "/api/move", {"id": "RAILIANCE-WP-0004-I03", "status": "in_progress"},
                                   {"Content-Type": "application/json"})
    assert code == 403
    assert path.read_bytes() == before
    still_serving(server)


@pytest.mark.parametrize("id", ["../../etc/passwd", "/etc/passwd", "..%2F..%2Fetc%2Fpasswd", "railiance-apps:../../etc/passwd",
                                "workplans/RAILIANCE-WP-0004-app-deployment-improvements.md"])
def test_path_like_ids_are_refused(server, id):
    from urllib.parse import quote
    for route in ("/api/show?id=", "/api/impact?id="):
        status, _, body = server.get(route + quote(id, safe=""))
        assert status == 404, (route, id, body)
        assert b"root:" not in body
        validate(json.loads(body), route.split("?")[0], 404)
    status, body = server.move(id, "done")
    assert status == 404 and "root:" not in body["error"]
    still_serving(server)


def test_paths_outside_the_routes_are_not_files(server):
    for raw in ("/../../../../etc/passwd", "/assets/../../../../etc/passwd", "/assets/%2e%2e/%2e%2e/etc/passwd",
                "/api/../Package.swift", "/examples/railiance-apps/.wp.yaml"):
        host, port = server.url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.putrequest("GET", raw, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        connection.close()
        assert response.status == 404, (raw, response.status)
        assert b"root:" not in body and b"swift-tools-version" not in body
    still_serving(server)


def test_ids_at_the_length_limit_are_looked_up_and_one_more_is_refused(server):
    status, _, body = server.get("/api/show?id=" + "X" * 512)
    assert status == 404, body
    status, _, body = server.get("/api/show?id=" + "X" * 513)
    assert status == 400 and b"longer than 512" in body
    status, _, body = server.get("/api/show?id=a%1bb")
    assert status == 400 and b"control" in body
    still_serving(server)


def test_bodies_at_the_limit_are_read_and_one_byte_more_is_refused(server):
    headers = {"Content-Type": "application/json", "X-WP-Token": server.token}
    base = json.dumps({"id": "RAILIANCE-WP-0004-I03", "status": "todo", "pad": ""}).encode()
    exact = base.replace(b'"pad": ""', b'"pad": "' + b"x" * (16 * 1024 - len(base)) + b'"')
    assert len(exact) == 16 * 1024
    status, _, body = server.request("POST", "/api/move", exact, headers)
    assert status == 200 and json.loads(body)["changed"] is False
    over = exact.replace(b'"pad": "', b'"pad": "x', 1)
    status, _, body = server.request("POST", "/api/move", over, headers)
    assert status == 413, body
    validate(json.loads(body), "/api/move", 413, "post")
    status, _, body = server.request("POST", "/api/move", b"{" * (1024 * 1024), headers)
    assert status == 413
    status, _, body = server.request("POST", "/api/move", b"not json", headers)
    assert status == 400
    still_serving(server)


def test_a_stale_move_is_refused(server):
    status, body = server.move("RAILIANCE-WP-0004-I03", "in_progress", **{"from": "done"})
    assert status == 409 and "on disk now" in body["error"]
    status, body = server.move("RAILIANCE-WP-0004", "active")
    assert status == 400 and "only tasks" in body["error"]


def test_a_foreign_host_header_is_refused(server):
    for host in ("evil.example", "evil.example:80", "127.0.0.1.evil.example", "localhost.evil.example"):
        status, _, body = server.get("/api/status", headers={"Host": host})
        assert status == 421, host
    for host in ("localhost", "127.0.0.1:1", "[::1]:8484"):
        status, _, _ = server.get("/api/status", headers={"Host": host})
        assert status == 200, host


def test_read_only_serves_the_board_and_refuses_edits(tmp_path):
    directory = copy_examples(tmp_path / "ws") / "railiance-apps"
    read_only = Server(directory, "--read-only")
    try:
        page = read_only.get("/")[2].decode()
        assert 'name="wp-read-only" content="true"' in page and read_only.token == ""
        before = (directory / "workplans" / Path(WP4).name).read_bytes()
        status, body = read_only.move("RAILIANCE-WP-0004-I03", "in_progress", token="")
        assert status == 403 and "read-only" in body["error"]
        assert (directory / "workplans" / Path(WP4).name).read_bytes() == before
        still_serving(read_only)
    finally:
        assert read_only.stop() == 0


def open_stream(server):
    host, port = server.url.removeprefix("http://").split(":")
    connection = socket.create_connection((host, int(port)), timeout=10)
    connection.sendall(f"GET /api/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = connection.recv(4096)
        assert chunk, "the server closed the stream"
        received += chunk
    return connection, received


def test_event_streams_up_to_the_limit_then_503_and_sigterm_ends_them(tmp_path):
    directory = copy_examples(tmp_path / "ws") / "railiance-apps"
    events = Server(directory)
    streams = []
    try:
        for _ in range(64):
            connection, head = open_stream(events)
            assert head.startswith(b"HTTP/1.1 200"), head
            received = head
            while b"event: hello" not in received:
                received += connection.recv(4096)
            streams.append(connection)
        connection, head = open_stream(events)
        assert head.startswith(b"HTTP/1.1 503"), head
        connection.close()
        # A change on disk reaches an open stream.
        path = directory / "workplans" / Path(WP4).name
        path.write_text(path.read_text().replace("status: todo\npriority: low", "status: wait\npriority: low", 1))
        received = b""
        streams[0].settimeout(10)
        while b"event: change" not in received:
            received += streams[0].recv(4096)
        assert b"RAILIANCE-WP-0004-app-deployment-improvements.md" in received
        still_serving(events)
    finally:
        started = time.monotonic()
        assert events.stop() == 0
        assert time.monotonic() - started < 20
        for connection in streams:
            connection.close()


def test_a_workspace_that_cannot_be_read_is_exit_2(tmp_path):
    result = subprocess.run([str(wp_binary()), "serve", "--port", "0", "-C", str(tmp_path / "missing")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "no such directory" in result.stderr
    assert result.stderr.startswith("error: ") and "error: error:" not in result.stderr, result.stderr


def test_a_port_in_use_is_exit_2(server):
    port = server.url.rsplit(":", 1)[1]
    result = subprocess.run([str(wp_binary()), "serve", "--port", port], cwd=server.directory,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "cannot serve" in result.stderr, result.stderr


def test_sigterm_ends_the_server_with_0_after_it_ran_graphviz(tmp_path):
    # Running a child (dot) once installed wp's kill-the-children-and-die handler over the
    # server's own: SIGTERM then ended it by the signal (-15) instead of a clean exit 0.
    directory = copy_examples(tmp_path / "ws") / "railiance-apps"
    graphing = Server(directory)
    assert graphing.json("/api/graph")["svg"].startswith("<svg")
    assert graphing.stop() == 0


def non_loopback_addresses():
    """This machine's IPv4 addresses other than 127.x (from `hostname -I`), maybe none."""
    result = subprocess.run(["hostname", "-I"], capture_output=True, text=True)
    return [a for a in result.stdout.split() if "." in a and not a.startswith("127.")]


def test_it_listens_on_loopback_only_unless_told(server):
    assert server.url.startswith("http://127.0.0.1:")
    port = int(server.url.rsplit(":", 1)[1])
    for address in non_loopback_addresses():
        with pytest.raises(OSError):
            socket.create_connection((address, port), timeout=5).close()
    still_serving(server)
