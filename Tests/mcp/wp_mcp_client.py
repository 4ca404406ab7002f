#!/usr/bin/env python3
"""End-to-end checks of `wp mcp` with the official Python MCP SDK (`mcp` on PyPI).

Usage: wp_mcp_client.py SCENARIO WP_BINARY WORKSPACE

WORKSPACE holds a copy of examples/ (railiance-apps, a git repo, and its path peer
railiance-platform). The server is started as an MCP client starts it: `wp mcp`
over stdio, in WORKSPACE/railiance-apps. Answers are compared with what the CLI
prints for the same question (`wp … --format json`), never with literals copied
from a run. Each scenario exits 0 when every check passed, 1 naming the first that
failed; a missing `mcp` package exits 3 (scripts/install-deps installs it).

Run by Tests/wpTests/MCPServerTests.swift (so by `swift test` and `make test`).
"""

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

try:
    import anyio
    from mcp import ClientSession, StdioServerParameters, types
    from mcp.client.stdio import stdio_client
    from mcp.shared.exceptions import McpError
    from pydantic import AnyUrl
except ImportError as error:  # the test fails, naming what to install
    print(f"missing Python package: {error} (scripts/install-deps installs mcp)", file=sys.stderr)
    sys.exit(3)

SCENARIO, WP, WORKSPACE = sys.argv[1], sys.argv[2], Path(sys.argv[3])
APPS = WORKSPACE / "railiance-apps"
PLATFORM = WORKSPACE / "railiance-platform"
WP0004 = APPS / "workplans" / "RAILIANCE-WP-0004-app-deployment-improvements.md"
ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "HOME": str(WORKSPACE),
    "WP_TODAY": "2026-11-28",
    "WP_CACHE_DIR": str(WORKSPACE / "cache"),
    "NO_COLOR": "1",
}
# Under `make test-sanitizers` the server is a sanitized binary: it needs the suppressions
# (Tests/tsan-suppressions.txt, Tests/lsan-suppressions.txt) the test process was given.
ENV.update({name: value for name, value in os.environ.items() if name.endswith("SAN_OPTIONS")})
ALL_TOOLS = ["status", "ready", "show", "impact", "lint", "gate_check", "graph",
             "start", "done", "block", "resolve", "set", "new_task", "new_workplan"]
READ_TOOLS = ALL_TOOLS[:7]


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def cli(*arguments, cwd=APPS):
    """The CLI's answer to the same question: (exit status, stdout, stderr)."""
    done = subprocess.run([WP, *arguments], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def cli_json(*arguments):
    status, out, err = cli(*arguments, "--format", "json")
    check(status in (0, 1), f"wp {' '.join(arguments)} --format json: exit {status}: {err}")
    return json.loads(out)


def text_of(result):
    return "\n".join(block.text for block in result.content if block.type == "text")


def snapshot(*roots):
    """Every file's bytes under roots (the .git directories left out)."""
    files = {}
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and ".git" not in path.relative_to(root).parts:
                files[str(path)] = path.read_bytes()
    return files


class Server:
    """`wp mcp` under the SDK's client session; notifications are kept."""

    def __init__(self, *extra):
        self.parameters = StdioServerParameters(command=WP, args=["mcp", *extra], env=ENV, cwd=str(APPS))
        self.notifications = []

    async def on_message(self, message):
        if isinstance(message, types.ServerNotification):
            self.notifications.append(message.root)

    async def __aenter__(self):
        self._client = stdio_client(self.parameters, errlog=open(WORKSPACE / "server-stderr.log", "a"))
        read, write = await self._client.__aenter__()
        self._session = ClientSession(read, write, message_handler=self.on_message)
        session = await self._session.__aenter__()
        self.initialized = await session.initialize()
        session.wp_notifications = self.notifications
        session.wp_initialized = self.initialized
        return session

    async def __aexit__(self, *exc):
        try:
            await self._session.__aexit__(*exc)
            await self._client.__aexit__(*exc)
        except BaseException as error:
            if exc[0] is not None:
                return  # closing after a failed check: the check's message is what matters
            # The SDK's stdout reader raises BrokenResourceError when a notification (the
            # server's change watcher) arrives after the session closed its stream: a race
            # in the client's shutdown, not an answer of the server. Anything else counts.
            if isinstance(error, BaseExceptionGroup):
                rest = error.subgroup(lambda e: not isinstance(e, (BaseExceptionGroup, anyio.BrokenResourceError)))
                if rest is None:
                    return
            raise


async def call(session, name, arguments):
    # The SDK validates structuredContent against the tool's outputSchema (the CLI's JSON schema).
    return await session.call_tool(name, arguments)


# ---------------------------------------------------------------- scenarios

async def catalog():
    async with Server() as session:
        initialized = session.wp_initialized
        check(initialized.serverInfo.name == "wp", f"server name {initialized.serverInfo.name}")
        check(initialized.protocolVersion == types.LATEST_PROTOCOL_VERSION,
              f"protocol {initialized.protocolVersion}, the SDK's newest is {types.LATEST_PROTOCOL_VERSION}")
        check(initialized.capabilities.resources.listChanged and initialized.capabilities.resources.subscribe, "resource capabilities")
        tools = (await session.list_tools()).tools
        check([tool.name for tool in tools] == ALL_TOOLS, f"tools: {[tool.name for tool in tools]}")
        for tool in tools:
            check(tool.inputSchema.get("type") == "object", f"{tool.name}: input schema is not an object")
            check(tool.inputSchema.get("additionalProperties") is False, f"{tool.name}: input schema takes any property")
            check(tool.outputSchema is not None, f"{tool.name}: no output schema")
            check(tool.description, f"{tool.name}: no description")
            is_edit = tool.name not in READ_TOOLS
            check(("dry_run" in tool.inputSchema["properties"]) == is_edit, f"{tool.name}: dry_run is offered only by edits")
            check(tool.annotations.readOnlyHint == (not is_edit), f"{tool.name}: readOnlyHint")

        resources = (await session.list_resources()).resources
        uris = [str(resource.uri) for resource in resources]
        workplans = sorted(str(path.relative_to(WORKSPACE)) for path in WORKSPACE.glob("railiance-*/workplans/*.md"))
        expected = ["wp://status", "wp://ready"] + [
            f"wp://{path.split('/')[0]}/{Path(path).name[:len('RAILIANCE-WP-0000')]}" for path in workplans]
        check(sorted(uris) == sorted(expected), f"resources: {uris}, expected {expected}")
        for path in workplans:
            uri = f"wp://{path.split('/')[0]}/{Path(path).name[:len('RAILIANCE-WP-0000')]}"
            content = (await session.read_resource(AnyUrl(uri))).contents[0]
            check(content.mimeType == "text/markdown", f"{uri}: mime type {content.mimeType}")
            check(content.text.encode() == (WORKSPACE / path).read_bytes(), f"{uri}: not the file's bytes")
        for name, command in (("status", ["status"]), ("ready", ["ready"])):
            content = (await session.read_resource(AnyUrl(f"wp://{name}"))).contents[0]
            check(content.mimeType == "application/json", f"wp://{name}: mime type")
            check(json.loads(content.text) == cli_json(*command), f"wp://{name} differs from wp {name} --format json")
        try:
            await session.read_resource(AnyUrl("wp://railiance-apps/NOPE-WP-0001"))
            raise CheckFailed("an unknown resource was read")
        except Exception as error:  # McpError
            check("no resource" in str(error), f"unknown resource: {error}")

    async with Server("--read-only") as session:
        tools = (await session.list_tools()).tools
        check([tool.name for tool in tools] == READ_TOOLS, f"read-only tools: {[tool.name for tool in tools]}")
        before = snapshot(APPS, PLATFORM)
        # Not offered, so unknown: a JSON-RPC error (-32602) as MCP says for unknown tools.
        try:
            await session.call_tool("start", {"id": "RAILIANCE-WP-0004-I01"})
            raise CheckFailed("start was called under --read-only")
        except McpError as error:
            check(error.error.code == types.INVALID_PARAMS and "--read-only" in error.error.message, f"start under --read-only: {error}")
        check(snapshot(APPS, PLATFORM) == before, "a read-only server wrote a file")


# Blocked tasks for status to count and list: one only after an earlier task of its plan
# (sequenced, listed last), one waiting by its status, one on another workplan's task.
BLOCKED_WORK = """---
id: RAILIANCE-WP-0008
type: workplan
title: "Blocked work"
domain: railiance
repo: railiance-apps
status: active
owner: railiance
created: "2026-11-01"
updated: "2026-11-01"
---

# Blocked work

## T01 — Prepare the cluster

```task
id: RAILIANCE-WP-0008-T01
status: todo
```

## T02 — Deploy after the preparation

```task
id: RAILIANCE-WP-0008-T02
status: todo
depends_on: [RAILIANCE-WP-0008-T01]
```

## T03 — Waits for the ops review

```task
id: RAILIANCE-WP-0008-T03
status: blocked
reason: waits for the ops review
```

## T04 — After the password fix

```task
id: RAILIANCE-WP-0008-T04
status: todo
depends_on: [RAILIANCE-WP-0004-I01]
```
"""


async def read_tools():
    (APPS / "workplans" / "RAILIANCE-WP-0008-blocked-work.md").write_text(BLOCKED_WORK)
    async with Server() as session:
        await check_status_digest(session)
        result = await call(session, "status", {"repo": "nope"})
        check(result.isError, "status with an unknown repo is not an error")
        check(text_of(result).startswith(cli("status", "--repo", "nope")[2].strip()), f"unknown repo message: {text_of(result)}")

        result = await call(session, "ready", {"limit": 2})
        check(result.structuredContent == cli_json("ready", "--limit", "2"), "ready --limit 2")
        result = await call(session, "ready", {"owner": "railiance"})
        check(result.structuredContent == cli_json("ready", "--owner", "railiance"), "ready --owner")

        for element in ("RAILIANCE-WP-0004-I01", "RAILIANCE-WP-0002", "railiance-platform:RAILIANCE-WP-0003"):
            result = await call(session, "show", {"id": element})
            check(result.structuredContent == cli_json("show", element), f"show {element}")
            result = await call(session, "impact", {"id": element})
            check(result.structuredContent == cli_json("impact", element), f"impact {element}")

        result = await call(session, "lint", {})
        check(result.structuredContent == cli_json("lint"), "lint")
        result = await call(session, "lint", {"base": "HEAD"})
        check(not result.isError and result.structuredContent == cli_json("lint", "--base", "HEAD"), "lint --base HEAD")

        gates = ["vergabe-teilnahme/promote-production", "vergabe-teilnahme/smoke"]
        result = await call(session, "gate_check", {"gates": gates})
        expected = cli_json("gate", "check", *gates)
        check(not result.isError and result.structuredContent == expected, f"gate_check:\n{result.structuredContent}\nCLI:\n{expected}")
        result = await call(session, "gate_check", {"gates": ["vergabe-teilnahme/smok"]})
        status, _, err = cli("gate", "check", "vergabe-teilnahme/smok")
        check(status == 2 and result.isError and text_of(result).startswith(err.strip().splitlines()[-1]),
              f"unknown gate: {text_of(result)!r} vs {err!r}")

        result = await call(session, "graph", {})
        check(result.structuredContent["graph"] == cli("graph", "--format", "mermaid")[1], "graph")
        result = await call(session, "graph", {"ids": ["RAILIANCE-WP-0004-I01"], "depth": 1})
        check(result.structuredContent["graph"] == cli("graph", "RAILIANCE-WP-0004-I01", "--depth", "1", "--format", "mermaid")[1],
              "graph of one id")


# The default workplan lifecycle's ended statuses (complete or closed); examples/ configures no other.
ENDED_WORKPLAN = {"finished", "cancelled"}
STATUS_LIMIT_DEFAULT, STATUS_LIMIT_MAXIMUM = 50, 200  # Limits.mcpListedItemsDefault / mcpListedItemsMaximum


def digest_of(full, limit, blocked_only=False):
    """What the status tool answers, derived from `wp status --format json` (the whole document):
    its entries, counted, each list cut at `limit`; blocked tasks that wait before the sequenced."""
    blocked_per_plan = {}
    for entry in full["blocked"]:
        blocked_per_plan[(entry["repo"], entry["path"])] = blocked_per_plan.get((entry["repo"], entry["path"]), 0) + 1
    workplans = []
    for plan in full["workplans"]:
        blocked = blocked_per_plan.get((plan["repo"], plan["path"]), 0)
        if (blocked > 0) if blocked_only else (plan["status"] not in ENDED_WORKPLAN):
            workplans.append({**{k: v for k, v in plan.items() if k not in ("tasks", "decisions")}, "blocked": blocked})
    ordered = [e for e in full["blocked"] if not e["sequenced"]] + [e for e in full["blocked"] if e["sequenced"]]
    return {"workplans": workplans[:limit], "blocked": ordered[:limit], "problems": full["problems"][:limit],
            "total": {"workplans": len(workplans), "blocked": len(full["blocked"]), "problems": len(full["problems"])}}


async def check_status_digest(session):
    """`status` is bounded: counts, the first `limit` entries of each list as the CLI's JSON has
    them, `total` and `truncated`, and the resource wp://status holding the whole document."""
    full = cli_json("status")
    result = await call(session, "status", {})
    check(not result.isError, f"status: {text_of(result)}")
    answer = result.structuredContent
    expected = digest_of(full, STATUS_LIMIT_DEFAULT)
    for key in ("workplans", "blocked", "problems", "total"):
        check(answer[key] == expected[key], f"status {key}:\n{answer[key]}\nexpected from the CLI's JSON:\n{expected[key]}")
    check(answer["limit"] == STATUS_LIMIT_DEFAULT and answer["truncated"] is False, f"status limit/truncated: {answer}")
    check(answer["fullDocument"] == "wp://status", f"status points to {answer['fullDocument']}")
    summary = answer["summary"]
    check(summary["blocked"] == full["blockedCounts"]["blocked"] and summary["waiting"] == full["blockedCounts"]["waiting"]
          and summary["sequenced"] == full["blockedCounts"]["sequenced"], f"status summary {summary} vs {full['blockedCounts']}")
    check(summary["workplans"] == len(full["workplans"]), f"status counts {summary['workplans']} workplans")
    check(summary["tasks"] == sum(plan["progress"]["total"] for plan in full["workplans"]), "status counts the tasks")
    check(summary["completeTasks"] == sum(plan["progress"]["complete"] for plan in full["workplans"]), "status counts complete tasks")
    check(summary["openWorkplans"] == expected["total"]["workplans"], "status counts open workplans")
    check(summary["blocked"] > 1, "examples/ should have several blocked tasks for this check to mean something")
    check([repo["name"] for repo in answer["repos"]] == [repo["name"] for repo in full["repos"]], "status repos")
    for repo in answer["repos"]:
        mine = [plan for plan in full["workplans"] if plan["repo"] == repo["name"]]
        check(repo["counts"]["workplans"] == len(mine), f"repo {repo['name']}: {repo['counts']}")
        check(repo["counts"]["blocked"] == sum(1 for e in full["blocked"] if e["repo"] == repo["name"]), f"repo {repo['name']} blocked")
    check(sum(repo["counts"]["tasks"] for repo in answer["repos"]) == summary["tasks"], "per-repo tasks add up")
    # The text: the CLI's own rendering of each blocked task, the counts in words.
    blocked_text = cli("status", "--blocked")[1]
    text = text_of(result)
    check(f"{summary['blocked']} blocked ({summary['waiting']} waiting" in text.splitlines()[0], f"status text: {text[:300]!r}")
    for entry in full["blocked"]:
        lines = blocked_text.split("\n")
        start = lines.index(next(line for line in lines if line.startswith(f"  {entry['id']}  ")))
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("  ") and not lines[i].startswith("   ")), len(lines))
        check("\n".join(lines[start:end]) in text, f"status text lacks the CLI's lines for {entry['id']}")

    # A limit of 1: every list cut to one entry, the totals as before, `truncated`, a pointer to the whole.
    result = await call(session, "status", {"limit": 1})
    answer = result.structuredContent
    expected = digest_of(full, 1)
    for key in ("workplans", "blocked", "problems", "total"):
        check(answer[key] == expected[key], f"status limit 1 {key}: {answer[key]} vs {expected[key]}")
    check(answer["truncated"] is True and answer["limit"] == 1, f"status limit 1: truncated {answer['truncated']}")
    check(len(answer["blocked"]) == 1 and answer["total"]["blocked"] == summary["blocked"], "status limit 1: blocked cut")
    check("wp://status" in text_of(result) and "raise `limit`" in text_of(result), f"status limit 1 text: {text_of(result)[-300:]!r}")
    resource = (await session.read_resource(AnyUrl(answer["fullDocument"]))).contents[0]
    check(json.loads(resource.text) == full, "the resource status points to is not the whole `wp status --format json`")

    result = await call(session, "status", {"blocked_only": True, "repo": "railiance-platform"})
    check(not result.isError, f"status blocked_only repo: {text_of(result)}")
    narrowed = cli_json("status", "--repo", "railiance-platform")
    expected = digest_of(narrowed, STATUS_LIMIT_DEFAULT, blocked_only=True)
    for key in ("workplans", "blocked", "total"):
        check(result.structuredContent[key] == expected[key], f"status --blocked --repo {key}")
    check(result.structuredContent["summary"]["workplans"] == len(narrowed["workplans"]), "status repo: counts only the repo's")

    for limit in (0, STATUS_LIMIT_MAXIMUM + 1):
        try:
            result = await session.call_tool("status", {"limit": limit})
            check(result.isError and f"at most {STATUS_LIMIT_MAXIMUM}" in text_of(result), f"status limit {limit}: {text_of(result)}")
        except McpError as error:
            check("limit" in str(error), f"status limit {limit}: {error}")
    result = await call(session, "status", {"limit": STATUS_LIMIT_MAXIMUM})
    check(not result.isError and result.structuredContent["limit"] == STATUS_LIMIT_MAXIMUM, "status at the largest limit")


def many_tasks_workplan(count):
    """A workplan of `count` tasks, each after the one before: a graph of more than count elements."""
    tasks = "".join(
        f"## T{n:03d} — Step {n}\n\n```task\nid: RAILIANCE-WP-0009-T{n:03d}\nstatus: todo\n"
        + (f"depends_on: [RAILIANCE-WP-0009-T{n - 1:03d}]\n" if n > 1 else "") + "```\n\n"
        for n in range(1, count + 1))
    return ("---\nid: RAILIANCE-WP-0009\ntype: workplan\ntitle: \"Many steps\"\ndomain: railiance\nrepo: railiance-apps\n"
            "status: active\nowner: railiance\ncreated: \"2026-11-01\"\nupdated: \"2026-11-01\"\n---\n\n# Many steps\n\n" + tasks)


async def bounded():
    """Answers that grow with the workspace are cut at `limit` (ready, impact, lint) or drawn one
    node per workplan (graph), saying so; what is listed is the CLI's, in the CLI's order."""
    (APPS / "workplans" / "RAILIANCE-WP-0008-blocked-work.md").write_text(BLOCKED_WORK)
    async with Server() as session:
        full = cli_json("lint")
        check(len(full["diagnostics"]) > 2, f"examples/ should have several lint findings: {full['summary']}")
        result = await call(session, "lint", {"limit": 2})
        answer = result.structuredContent
        check(not result.isError and answer["diagnostics"] == full["diagnostics"][:2], "lint limit 2: not the CLI's first two")
        check(answer["summary"] == full["summary"], "lint limit 2: the summary must count every finding")
        check(answer["total"] == len(full["diagnostics"]) and answer["truncated"] is True, f"lint limit 2: {answer.get('total')}")
        check(f"{len(full['diagnostics']) - 2} more findings" in text_of(result), f"lint limit 2 text: {text_of(result)[-200:]!r}")
        result = await call(session, "lint", {})
        check(result.structuredContent == full, "lint under the default limit is the CLI's whole document")

        element = "RAILIANCE-WP-0004-I01"
        full = cli_json("impact", element)
        check(len(full["items"]) > 1, f"impact {element} should have several items: {full['items']}")
        result = await call(session, "impact", {"id": element, "limit": 1})
        answer = result.structuredContent
        check(answer["items"] == full["items"][:1] and answer["total"] == len(full["items"]) and answer["truncated"] is True,
              f"impact limit 1: {answer}")
        check(answer["criticalPath"] == full["criticalPath"] and answer["repos"] == full["repos"], "impact limit 1: the rest is whole")

        full = cli_json("ready")
        result = await call(session, "ready", {"limit": 1})
        check(result.structuredContent == cli_json("ready", "--limit", "1"), "ready limit 1")
        check(result.structuredContent["total"] == full["total"] and len(result.structuredContent["tasks"]) == 1, "ready total")

    # More elements than a graph answer draws: one node per workplan, said in the result.
    (APPS / "workplans" / "RAILIANCE-WP-0009-many-steps.md").write_text(many_tasks_workplan(GRAPH_ELEMENTS))
    async with Server() as session:
        result = await call(session, "graph", {})
        check(not result.isError and result.structuredContent.get("perWorkplan") is True, f"graph of {GRAPH_ELEMENTS} tasks")
        graph = result.structuredContent["graph"]
        check("RAILIANCE-WP-0009" in graph and "RAILIANCE-WP-0009-T001" not in graph, "the graph is not one node per workplan")
        result = await call(session, "graph", {"ids": ["RAILIANCE-WP-0009-T001"], "depth": 1})
        check(not result.isError and "perWorkplan" not in result.structuredContent
              and "RAILIANCE-WP-0009-T002" in result.structuredContent["graph"], "a neighbourhood is drawn element by element")
    # More workplans than that: the answer asks for ids, as a tool error; nothing else changes.
    for n in range(GRAPH_ELEMENTS + 1):
        (APPS / "workplans" / f"RAILIANCE-WP-{1000 + n:04d}-x.md").write_text(
            f"---\nid: RAILIANCE-WP-{1000 + n:04d}\ntype: workplan\ntitle: \"Plan {n}\"\nstatus: draft\n---\n\n# Plan {n}\n")
    async with Server() as session:
        result = await call(session, "graph", {})
        check(result.isError and "name `ids`" in text_of(result) and result.structuredContent["error"]["kind"] == "usage",
              f"graph of {GRAPH_ELEMENTS + 1} workplans: {text_of(result)[:300]!r}")
        result = await call(session, "status", {"limit": 3})
        check(not result.isError and result.structuredContent["total"]["workplans"] > GRAPH_ELEMENTS
              and len(result.structuredContent["workplans"]) == 3, "status of many workplans: cut at the limit")


GRAPH_ELEMENTS = 300  # Limits.mcpGraphElements


DECISION = """
## Decisions

```decision
id: RAILIANCE-WP-0004-D01
title: Where the registry token lives
status: pending
```
"""


async def edits():
    """A start → done → evidence sequence and every other edit, each first as a dry run."""
    with open(WP0004, "a", encoding="utf-8") as file:
        file.write(DECISION)
    async with Server() as session:
        task = "RAILIANCE-WP-0004-I01"
        for name, arguments in (
            ("start", {"id": task}),
            ("done", {"id": task, "evidence": "commit abc123"}),
            ("block", {"id": "RAILIANCE-WP-0004-I02", "reason": "waits for the ops review"}),
            ("set", {"id": "RAILIANCE-WP-0004-I03", "field": "priority", "value": "high"}),
            ("new_task", {"workplan": "RAILIANCE-WP-0004", "title": "Rotate the registry token"}),
            ("new_workplan", {"title": "Backups for apps-pg", "id": "RAILIANCE-WP-0005"}),
            ("resolve", {"id": "RAILIANCE-WP-0004-D01", "option": "Option A", "by": "bernd"}),
        ):
            before = snapshot(APPS, PLATFORM)
            dry = await call(session, name, {**arguments, "dry_run": True})
            check(not dry.isError, f"{name} dry run: {text_of(dry)}")
            check(dry.structuredContent["dryRun"] and not dry.structuredContent["written"], f"{name} dry run wrote")
            check(dry.structuredContent["diff"].startswith("---"), f"{name} dry run: no diff")
            check(snapshot(APPS, PLATFORM) == before, f"{name} dry run changed a file")
            result = await call(session, name, arguments)
            check(not result.isError, f"{name}: {text_of(result)}")
            check(result.structuredContent["written"], f"{name}: not written")
            check(result.structuredContent["diff"] == dry.structuredContent["diff"], f"{name}: the diff differs from the dry run's")
            after = snapshot(APPS, PLATFORM)
            changed = [path for path in set(before) | set(after) if before.get(path) != after.get(path)]
            check(changed == [str(APPS / result.structuredContent["path"])], f"{name} changed {changed}")
            if name == "start":
                status = await call(session, "show", {"id": task})
                check(status.structuredContent == cli_json("show", task), "show after start")
                check(cli_json("show", task)["status"] == "in_progress", "start did not write in_progress")

        shown = cli_json("show", task)
        check(shown["status"] == "done", f"{task} is {shown['status']}")
        check("commit abc123" in WP0004.read_text(), "the evidence is not in the file")
        check(cli_json("show", "RAILIANCE-WP-0004-I02")["status"] == "blocked", "block")
        fields = {field["key"]: field.get("value") for field in cli_json("show", "RAILIANCE-WP-0004-I03")["fields"]}
        check(fields.get("priority") == "high", f"set priority: {fields}")
        check("Rotate the registry token" in WP0004.read_text(), "new_task")
        check(len(list((APPS / "workplans").glob("RAILIANCE-WP-0005-*.md"))) == 1, "new_workplan")
        check(cli_json("show", "RAILIANCE-WP-0004-D01")["status"] == "resolved", "resolve")
        status, out, err = cli("lint")
        check(status == 0, f"wp lint after the edits: exit {status}\n{out}{err}")


async def refusals():
    """An illegal move and an unknown id: tool errors with the CLI's message; no byte changes."""
    async with Server() as session:
        before = snapshot(APPS, PLATFORM)
        cases = (
            ("start", {"id": "RAILIANCE-WP-0002-T01"}, ["start", "RAILIANCE-WP-0002-T01"]),
            ("done", {"id": "RAILIANCE-WP-0004", "evidence": "all of it"}, ["done", "RAILIANCE-WP-0004", "--evidence", "all of it"]),
            ("set", {"id": "RAILIANCE-WP-0004-I01", "field": "status", "value": "finished"},
             ["set", "RAILIANCE-WP-0004-I01", "status", "finished"]),
            ("start", {"id": "RAILIANCE-WP-0004-I99"}, ["start", "RAILIANCE-WP-0004-I99"]),
            ("show", {"id": "NOPE-1"}, ["show", "NOPE-1"]),
            ("block", {"id": "RAILIANCE-WP-0004-I01", "on": "NOPE-2"}, ["block", "RAILIANCE-WP-0004-I01", "--on", "NOPE-2"]),
            ("new_workplan", {"title": "x", "id": "RAILIANCE-WP-0002"}, ["new", "workplan", "--title", "x", "--id", "RAILIANCE-WP-0002"]),
        )
        for name, arguments, command in cases:
            result = await call(session, name, arguments)
            status, out, err = cli(*command)
            check(status in (1, 2), f"wp {' '.join(command)} did not refuse: exit {status}")
            check(result.isError, f"{name} {arguments} was not refused")
            check(result.structuredContent["error"]["exitCode"] == status, f"{name}: exit code {result.structuredContent} vs {status}")
            check(result.content[0].text == err.rstrip("\n"), f"{name}: message\n{result.content[0].text!r}\nCLI:\n{err!r}")
            check(snapshot(APPS, PLATFORM) == before, f"{name} changed a file")
        # Arguments the schema forbids: an option-looking id, a path, a wrong type.
        for name, arguments in (("show", {"id": "--help"}), ("show", {"id": "../x"}), ("ready", {"limit": "2"}),
                                ("status", {"colour": True}), ("show", {"id": "x" * 70000})):
            try:
                result = await session.call_tool(name, arguments)
                check(result.isError, f"{name} {str(arguments)[:60]} was accepted")
            except Exception as error:  # a JSON-RPC error is a refusal too
                check("Invalid" in str(error) or "invalid" in str(error), f"{name}: {error}")
        check(snapshot(APPS, PLATFORM) == before, "a refused call changed a file")
        result = await call(session, "status", {})
        check(not result.isError, "the server stopped answering after refusals")


async def disk_change():
    """A file changed on disk between two calls is seen by the second; subscribers hear of it."""
    async with Server() as session:
        task = "RAILIANCE-WP-0004-I05"
        first = await call(session, "show", {"id": task})
        check(first.structuredContent["status"] == "todo", "starting status")
        uri = "wp://railiance-apps/RAILIANCE-WP-0004"
        await session.subscribe_resource(AnyUrl(uri))
        await session.subscribe_resource(AnyUrl("wp://status"))
        text = WP0004.read_text()
        marker = f"id: {task}\nstatus: todo\n"
        check(marker in text, "the task block is not where expected")
        WP0004.write_text(text.replace(marker, f"id: {task}\nstatus: in_progress\n"))
        second = await call(session, "show", {"id": task})
        check(second.structuredContent["status"] == "in_progress", f"the change on disk was not seen: {second.structuredContent['status']}")
        content = (await session.read_resource(AnyUrl(uri))).contents[0]
        check(content.text.encode() == WP0004.read_bytes(), "the resource is not the new bytes")
        # A new workplan file: resources/list changes and the client is told.
        (APPS / "workplans" / "RAILIANCE-WP-0006-new.md").write_text(
            "---\nid: RAILIANCE-WP-0006\ntitle: New\nstatus: draft\n---\n\n# New\n")
        deadline = time.monotonic() + 30  # generous: the server looks once a second
        wanted = {"notifications/resources/list_changed"}
        while time.monotonic() < deadline and not wanted <= {n.method for n in server_notifications(session)}:
            await asyncio.sleep(0.1)
        methods = [n.method for n in server_notifications(session)]
        check("notifications/resources/list_changed" in methods, f"no list_changed notification: {methods}")
        updated = {str(n.params.uri) for n in server_notifications(session) if n.method == "notifications/resources/updated"}
        check("wp://status" in updated, f"no updated notification for wp://status: {updated}")
        uris = [str(resource.uri) for resource in (await session.list_resources()).resources]
        check("wp://railiance-apps/RAILIANCE-WP-0006" in uris, f"the new workplan is not listed: {uris}")


def server_notifications(session):
    return session.wp_notifications


def raw_rpc():
    """Malformed requests, written by hand: each gets a JSON-RPC error; the server goes on."""
    process = subprocess.Popen([WP, "mcp"], cwd=APPS, env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=open(WORKSPACE / "server-stderr.log", "a"))

    def send(line):
        process.stdin.write(line if isinstance(line, bytes) else line.encode())
        process.stdin.write(b"\n")
        process.stdin.flush()

    def answer():
        line = process.stdout.readline()
        check(line, "the server closed its output")
        return json.loads(line)

    send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "0"}}}))
    check(answer()["id"] == 1, "initialize")
    send(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}))
    cases = (
        (b"{not json", None),
        (b"[1, 2", None),
        (json.dumps({"jsonrpc": "2.0", "id": 2, "method": "no/such/method"}), 2),
        (json.dumps({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "nope", "arguments": {}}}), 3),
        (json.dumps({"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": "x"}), 4),
        (b"{" + b" " * (4 * 1024 * 1024 + 10) + b"}", None),
        ("\u0000\u001b[2J", None),
        (b"[" * 200_000 + b"]" * 200_000, None),  # nesting: no recursion may overflow the stack
        (json.dumps({"jsonrpc": "2.0", "id": 5, "method": "tools/call",
                     "params": {"name": "show", "arguments": {"id": {"a": [[[[[[[[1]]]]]]]]}}}}), 5),
    )
    for line, request_id in cases:
        send(line)
        response = answer()
        if "result" in response:  # a tool's arguments of the wrong type: a tool error, as MCP asks
            check(response["id"] == request_id and response["result"].get("isError"), f"{line[:40]!r}: {response}")
            continue
        check("error" in response, f"{line[:40]!r}: not an error: {response}")
        check(isinstance(response["error"].get("code"), int) and response["error"]["code"] < 0, f"{line[:40]!r}: code")
        check(response.get("id") == request_id, f"{line[:40]!r}: id {response.get('id')}")
        check("\u001b" not in response["error"].get("message", ""), "an escape character in an error message")
    send(json.dumps({"jsonrpc": "2.0", "id": 9, "method": "tools/call", "params": {"name": "status", "arguments": {}}}))
    response = answer()
    check(response["id"] == 9 and "result" in response and not response["result"].get("isError"), f"status after errors: {response}")
    process.stdin.close()
    check(process.wait(timeout=60) == 0, f"exit status after stdin closed: {process.returncode}")


HOSTILE = """---
id: RAILIANCE-WP-0007
title: "Evil \\e]0;pwned\\a title \\e[2J\\u009b31m"
status: active
owner: "\\e[31mred\\r\\nerror: forged line"
---

# Evil

### T01 — do \x1b[5mblink\x1b[0m

```task
id: RAILIANCE-WP-0007-T01
status: blocked
reason: "waits\\nwarning: forged\\e[1m"
depends_on: [RAILIANCE-WP-0004-I01]
```
"""


def unsafe(text):
    """Control characters (C0 but newline, DEL, C1) that would act on a terminal."""
    return [hex(ord(c)) for c in text if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) <= 0x9f]


async def hostile():
    """Control characters in a workplan reach no text a client shows, escaped like the CLI's."""
    (APPS / "workplans" / "RAILIANCE-WP-0007-evil.md").write_text(HOSTILE)
    async with Server() as session:
        texts = []
        for name, arguments in (("status", {}), ("status", {"blocked_only": True}), ("ready", {}),
                                ("show", {"id": "RAILIANCE-WP-0007"}), ("show", {"id": "RAILIANCE-WP-0007-T01"}),
                                ("impact", {"id": "RAILIANCE-WP-0004-I01"}), ("lint", {}), ("graph", {}),
                                ("set", {"id": "RAILIANCE-WP-0007-T01", "field": "owner", "value": "x", "dry_run": True})):
            result = await call(session, name, arguments)
            texts.append((name, text_of(result)))
        for resource in (await session.list_resources()).resources:
            texts.append(("resources/list", f"{resource.name} {resource.title} {resource.description}"))
        for name, text in texts:
            check(not unsafe(text), f"{name}: control characters {unsafe(text)} in {text!r}")
            for line in text.split("\n"):
                check(not line.startswith(("error: forged", "warning: forged")), f"{name}: a value starts a line: {line!r}")
        shown = next(text for name, text in texts if name == "show").rstrip("\n")
        check(shown == cli("show", "RAILIANCE-WP-0007")[1].rstrip("\n"), f"show differs from the CLI's escaped text: {shown!r}")
        check("\\e]0;pwned\\x07" in shown, f"the title is not shown escaped: {shown!r}")
        # Structured content carries the raw values, as the CLI's JSON does (escapes decoded and re-encoded).
        for element in ("RAILIANCE-WP-0007", "RAILIANCE-WP-0007-T01"):
            result = await call(session, "show", {"id": element})
            check(result.structuredContent == cli_json("show", element), f"show {element}: structured differs from the CLI's JSON")
        check("\x1b]0;pwned\x07" in cli_json("show", "RAILIANCE-WP-0007")["title"], "the raw title is not in the JSON")
        # The resource is the file itself, byte for byte (JSON carries it escaped).
        content = (await session.read_resource(AnyUrl("wp://railiance-apps/RAILIANCE-WP-0007"))).contents[0]
        check(content.text == HOSTILE, "the resource is not the file's text")


SCENARIOS = {"hostile": hostile, "catalog": catalog, "read_tools": read_tools, "edits": edits, "refusals": refusals,
             "disk_change": disk_change, "raw_rpc": raw_rpc, "bounded": bounded}


def main():
    scenario = SCENARIOS.get(SCENARIO)
    if scenario is None:
        print(f"unknown scenario {SCENARIO}; known: {', '.join(SCENARIOS)}", file=sys.stderr)
        return 64
    try:
        if asyncio.iscoroutinefunction(scenario):
            asyncio.run(scenario())
        else:
            scenario()
    except CheckFailed as failure:
        print(f"FAIL {SCENARIO}: {failure}", file=sys.stderr)
        return 1
    except BaseExceptionGroup as group:  # the SDK's task groups wrap what a scenario raised
        matched, _ = group.split(CheckFailed)
        if matched is None:
            raise
        while isinstance(matched, BaseExceptionGroup):
            matched = matched.exceptions[0]
        print(f"FAIL {SCENARIO}: {matched}", file=sys.stderr)
        return 1
    print(f"pass {SCENARIO}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
