"""Shared by the protocol-level tests of `wp lsp` (pytest-lsp) and the Neovim test.

The workspace is real files in a temporary directory, each repo a real git repo; the
server is the built `wp` binary (WP_BINARY, else .build/debug/wp).
"""
import asyncio
import json
import os
import pathlib
import shutil
import subprocess
import time

PACKAGE = pathlib.Path(__file__).resolve().parents[2]
WP = os.environ.get("WP_BINARY", str(PACKAGE / ".build" / "debug" / "wp"))
TODAY = "2026-11-28"
ENV = {**os.environ, "WP_TODAY": TODAY}

APP_CONFIG = """repo: app
peers:
  platform: {path: ../platform}
"""

PLATFORM_CONFIG = "repo: platform\n"

# A workplan whose tasks wait on each other and on the platform repo; the em dash before
# the id in the prose puts UTF-8, UTF-16 and byte columns apart.
APP_PLAN = """---
id: APP-WP-0001
type: workplan
title: Launch the app
repo: app
status: active
created: "2026-11-01"
updated: "2026-11-01"
---

# Launch the app

## Tasks

### T01 — Build the image

```task
id: APP-WP-0001-T01
status: done
```

### T02 — Deploy to the cluster

```task
id: APP-WP-0001-T02
status: todo
depends_on: [APP-WP-0001-T01, platform:PLAT-WP-0001-T01]
```

**Done when:** the app answers on its URL.

### T03 — Announce the launch

```task
id: APP-WP-0001-T03
status: todo
```

Blocked on: the launch date — tracked by APP-WP-0001-T02.
"""

PLATFORM_PLAN = """---
id: PLAT-WP-0001
type: workplan
title: The shared cluster
repo: platform
status: active
created: "2026-11-01"
updated: "2026-11-01"
---

# The shared cluster

## Tasks

### T01 — Provision the cluster

```task
id: PLAT-WP-0001-T01
status: in_progress
```
"""

RUNBOOK = """# Releasing the app

```gate
id: app/launch
requires:
  - APP-WP-0001-T02
```
"""


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={**ENV, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


def commit_all(repo):
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial")


def make_workspace(root: pathlib.Path) -> pathlib.Path:
    """`root/app` (with a path peer `root/platform`) and a copy of the shipped examples; returns app."""
    app = root / "app"
    platform = root / "platform"
    (app / "workplans").mkdir(parents=True)
    (app / "docs").mkdir()
    (platform / "workplans").mkdir(parents=True)
    (app / ".wp.yaml").write_text(APP_CONFIG + "include: [workplans/**/*.md, docs/**/*.md]\n")
    (app / "workplans" / "APP-WP-0001-launch.md").write_text(APP_PLAN)
    (app / "docs" / "release.md").write_text(RUNBOOK)
    (platform / ".wp.yaml").write_text(PLATFORM_CONFIG)
    (platform / "workplans" / "PLAT-WP-0001-cluster.md").write_text(PLATFORM_PLAN)
    commit_all(app)
    commit_all(platform)
    examples = root / "examples"
    shutil.copytree(PACKAGE / "examples", examples)
    for repo in ("railiance-apps", "railiance-platform"):
        commit_all(examples / repo)
    return app


def uri(path) -> str:
    return pathlib.Path(path).resolve().as_uri()


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def position(text: str, needle: str, into: int = 0, occurrence: int = 0):
    """(line, UTF-16 character) of `needle` (its `occurrence`-th copy) plus `into` characters."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    index += into
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return line, utf16_len(text[start:index])


def offset(text: str, line: int, character: int) -> int:
    """The string index of an LSP position counted in UTF-16 units."""
    lines = text.split("\n")
    start = sum(len(item) + 1 for item in lines[:line])
    units = 0
    index = start
    while units < character and index < len(text) and text[index] != "\n":
        units += utf16_len(text[index])
        index += 1
    return index


def apply_edits(text: str, edits) -> str:
    """`edits` (lsprotocol TextEdits) applied to `text`, last first."""
    spans = [(offset(text, e.range.start.line, e.range.start.character),
              offset(text, e.range.end.line, e.range.end.character), e.new_text) for e in edits]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def lint_json(repo):
    """`wp lint --format json` run in `repo`: its findings."""
    result = subprocess.run([WP, "lint", "--format", "json"], cwd=repo, capture_output=True, env=ENV)
    return json.loads(result.stdout)["diagnostics"]


async def wait_until(check, what: str, timeout: float = 20.0):
    """Polls `check` until it returns a true value (a generous timeout: no timing is asserted)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


class RawClient:
    """A client that writes and reads the protocol's bytes itself (for what pytest-lsp cannot send)."""

    def __init__(self, root, *args, env=None):
        self.process = subprocess.Popen([WP, "lsp", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env=env or ENV)
        self.root = root

    def send_bytes(self, data: bytes):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode()
        self.send_bytes(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def receive(self):
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            byte = self.process.stdout.read(1)
            assert byte, "the server closed its output"
            header += byte
        length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
        return json.loads(self.process.stdout.read(length))

    def answer(self, id):
        """The response to request `id`, skipping notifications and requests from the server."""
        while True:
            message = self.receive()
            if message.get("id") == id and "method" not in message:
                return message

    def initialize(self):
        self.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                   "params": {"processId": None, "rootUri": uri(self.root), "capabilities": {}}})
        assert "capabilities" in self.answer(1)["result"]
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def symbols(self, id):
        self.send({"jsonrpc": "2.0", "id": id, "method": "workspace/symbol", "params": {"query": "APP-WP-0001"}})
        return self.answer(id)

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
