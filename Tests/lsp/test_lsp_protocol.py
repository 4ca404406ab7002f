"""`wp lsp` at the byte level: malformed messages, unknown methods, the lifecycle's order,
shutdown and exit. A bad message gets an error response and the server keeps serving."""
import pytest

from support import RawClient, make_workspace, uri


@pytest.fixture
def raw(tmp_path):
    client = RawClient(make_workspace(tmp_path))
    yield client
    client.close()


def test_requests_before_initialize_are_refused(raw):
    raw.send({"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": {}})
    assert raw.answer(7)["error"]["code"] == -32002
    raw.initialize()
    assert raw.symbols(8)["result"][0]["name"] == "APP-WP-0001"


def test_malformed_messages_get_errors_and_the_server_keeps_serving(raw):
    raw.initialize()
    # Not JSON.
    raw.send_bytes(b"Content-Length: 9\r\n\r\n{not json")
    assert raw.receive()["error"]["code"] == -32700
    # JSON, but not a message.
    raw.send_bytes(b"Content-Length: 7\r\n\r\n[1,2,3]")
    assert raw.receive()["error"]["code"] == -32600
    # A header without Content-Length.
    raw.send_bytes(b"Content-Type: application/vscode-jsonrpc\r\n\r\n")
    assert raw.receive()["error"]["code"] == -32700
    # A Content-Length that is not a number.
    raw.send_bytes(b"Content-Length: lots\r\n\r\n")
    assert raw.receive()["error"]["code"] == -32700
    # A header that never ends is cut at 8 KiB.
    raw.send_bytes(b"X-Padding: " + b"a" * 20000 + b"\r\n\r\n")
    assert raw.receive()["error"]["code"] == -32700
    # Unknown method: an error; unknown notification: ignored.
    raw.send({"jsonrpc": "2.0", "id": 20, "method": "wp/unknown", "params": {}})
    assert raw.answer(20)["error"]["code"] == -32601
    raw.send({"jsonrpc": "2.0", "method": "$/unknownNotification", "params": {}})
    # Params of the wrong shape.
    raw.send({"jsonrpc": "2.0", "id": 21, "method": "textDocument/hover", "params": {"textDocument": 3}})
    assert raw.answer(21)["error"]["code"] == -32602
    # A didChange for a document never opened, and positions far outside it: nothing breaks.
    raw.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri(raw.root / "nowhere.md"), "version": 2},
        "contentChanges": [{"range": {"start": {"line": 99, "character": 99}, "end": {"line": 0, "character": 0}}, "text": "x"}]}})
    raw.send({"jsonrpc": "2.0", "id": 22, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri(raw.root / "workplans" / "APP-WP-0001-launch.md")},
        "position": {"line": 100000, "character": -5}}})
    assert raw.answer(22)["result"] is None
    assert raw.symbols(23)["result"][0]["name"] == "APP-WP-0001"


def test_a_body_over_the_limit_is_skipped_unread(raw):
    raw.initialize()
    size = 64 * 1024 * 1024 + 1
    raw.send_bytes(b"Content-Length: %d\r\n\r\n" % size)
    error = raw.receive()
    assert error["error"]["code"] == -32600 and str(size) in error["error"]["message"]
    chunk = b" " * (1024 * 1024)
    for _ in range(64):
        raw.send_bytes(chunk)
    raw.send_bytes(b" ")
    assert raw.symbols(30)["result"][0]["name"] == "APP-WP-0001"


def test_shutdown_then_exit_ends_with_0(raw):
    raw.initialize()
    raw.send({"jsonrpc": "2.0", "id": 40, "method": "shutdown"})
    assert raw.answer(40)["result"] is None
    raw.send({"jsonrpc": "2.0", "id": 41, "method": "workspace/symbol", "params": {"query": ""}})
    assert raw.answer(41)["error"]["code"] == -32600
    raw.send({"jsonrpc": "2.0", "method": "exit"})
    assert raw.process.wait(timeout=60) == 0


def test_exit_without_shutdown_ends_with_1(raw):
    raw.initialize()
    raw.send({"jsonrpc": "2.0", "method": "exit"})
    assert raw.process.wait(timeout=60) == 1


def test_end_of_input_ends_the_server(raw):
    raw.initialize()
    raw.process.stdin.close()
    assert raw.process.wait(timeout=60) == 1
    assert raw.process.stderr.read() == b""


def test_a_workspace_that_cannot_be_read_fails_initialize_with_a_message(tmp_path):
    (tmp_path / ".wp.yaml").write_text("repo: [not, a, name\n")
    client = RawClient(tmp_path)
    try:
        client.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                     "params": {"processId": None, "rootUri": uri(tmp_path), "capabilities": {}}})
        error = client.answer(1)["error"]
        assert error["code"] == -32803 and ".wp.yaml" in error["message"]
        client.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        assert client.answer(2)["error"]["code"] == -32002
    finally:
        client.close()
