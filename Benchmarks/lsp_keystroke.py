#!/usr/bin/env python3
"""How long `wp lsp` takes for one diagnostics round after one keystroke, on the generated
workspace (default 1,000 workplans): time from sending `didChange` to receiving the
`publishDiagnostics` it causes, less the debounce delay (Limits.lspDiagnosticsDelayMilliseconds).

Each keystroke types or erases one character of a task's status, so that every round changes
the findings and is published. Not part of `swift test` or CI.

    python3 Benchmarks/generate_corpus.py /tmp/ws
    python3 Benchmarks/lsp_keystroke.py /tmp/ws --wp .build/release/wp
"""
import argparse
import json
import pathlib
import statistics
import subprocess
import time

DELAY_MS = 150  # Limits.lspDiagnosticsDelayMilliseconds


class Client:
    def __init__(self, command, cwd):
        self.process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self):
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            header += self.process.stdout.read(1)
        length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
        return json.loads(self.process.stdout.read(length))

    def wait(self, predicate):
        while True:
            message = self.receive()
            if predicate(message):
                return message


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", type=pathlib.Path)
    parser.add_argument("--wp", default=".build/release/wp")
    parser.add_argument("--keystrokes", type=int, default=40)
    args = parser.parse_args()
    repos = sorted(path.parent for path in args.workspace.glob("*/.wp.yaml"))
    manifest = json.loads((args.workspace / "manifest.json").read_text())
    root = args.workspace / manifest["bench_repo"]
    plan = sorted((root / "workplans").rglob("*.md"))[0]
    text = plan.read_text()
    line = next(index for index, value in enumerate(text.split("\n")) if value.startswith("status: "))
    uri = plan.resolve().as_uri()

    started = time.monotonic()
    client = Client([str(pathlib.Path(args.wp).resolve()), "lsp", "--offline"], root)
    client.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"processId": None, "rootUri": root.resolve().as_uri(), "capabilities": {}}})
    client.wait(lambda m: m.get("id") == 1)
    initialized = time.monotonic() - started
    client.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    started = time.monotonic()
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    opened = time.monotonic() - started

    rounds = []
    column = len("status: ")
    for version in range(2, args.keystrokes + 2):
        typing = version % 2 == 0
        change = {"range": {"start": {"line": line, "character": column},
                            "end": {"line": line, "character": column if typing else column + 1}},
                  "text": "x" if typing else ""}
        started = time.monotonic()
        client.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version)
        rounds.append((time.monotonic() - started) * 1000 - DELAY_MS)

    client.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    client.wait(lambda m: m.get("id") == 2)
    client.send({"jsonrpc": "2.0", "method": "exit"})
    client.process.wait()
    files = manifest["workplans"]
    print(f"workspace: {files} workplans in {len(repos)} repos; wp: {args.wp}")
    print(f"initialize (first read): {initialized * 1000:.0f} ms; open + first diagnostics: {opened * 1000:.0f} ms")
    rounds.sort()
    print(f"one keystroke's diagnostics round, less the {DELAY_MS} ms debounce, over {len(rounds)} keystrokes: "
          f"median {statistics.median(rounds):.1f} ms, p90 {rounds[int(len(rounds) * 0.9) - 1]:.1f} ms, max {rounds[-1]:.1f} ms")


if __name__ == "__main__":
    main()
