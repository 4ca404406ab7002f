#!/usr/bin/env python3
"""`wp mcp`'s live workspace against a cold `wp status` (issue 17).

    python3 Benchmarks/mcp_refresh.py --wp PATH [--workplans 1000] [--runs 15]
        [--out bench-out/mcp-refresh]

Generates the seeded corpus (generate_corpus.py) once, then times, on its benchmark repo:

  cold `wp status`             a new process: read and parse every file, graph, analysis, render
  `status` call, unchanged     one tools/call to a running `wp mcp`: refresh (stat every file,
                               re-parse none), the kept session's analysis, render JSON and text
  `show` call, one changed     one file's bytes changed just before the call: re-parse that file,
                               rebuild the graph, render one element
  `status` call, one changed   the same, then the status answer (JSON and text)
  `wp://status` read           resources/read of the whole `wp status --format json` document
                               (what a `status` call answered before it was bounded), nothing changed

The server is driven over its pipes with hand-written JSON-RPC lines (initialize, then
tools/call), so the client adds nothing but a pipe round trip; the timed span is from
writing the request to reading its answer. Each changed-file run flips one byte of a
workplan's prose and restores it afterwards, so every run re-parses exactly one file.
Medians over --runs. Results: OUT/report.md and OUT/results.json. Not part of `swift test`.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TODAY = "2026-12-31"


class Server:
    def __init__(self, wp, repo, env):
        self.process = subprocess.Popen([wp, "mcp", "-C", repo], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=env)
        self.next_id = 0
        self.request("initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                                    "clientInfo": {"name": "bench", "version": "0"}})
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def send(self, message):
        self.process.stdin.write((json.dumps(message) + "\n").encode())
        self.process.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        started = time.perf_counter()
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            line = self.process.stdout.readline()
            if not line:
                sys.exit("wp mcp closed its output")
            message = json.loads(line)
            if message.get("id") == self.next_id:  # notifications in between are skipped
                elapsed = time.perf_counter() - started
                if "error" in message or message.get("result", {}).get("isError"):
                    sys.exit("%s failed: %s" % (method, json.dumps(message)[:2000]))
                return elapsed, message["result"]

    def call(self, tool, arguments):
        return self.request("tools/call", {"name": tool, "arguments": arguments})

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=120)


def first_workplan(repo):
    for directory, _, files in sorted(os.walk(os.path.join(repo, "workplans"))):
        for name in sorted(files):
            if name.endswith(".md"):
                return os.path.join(directory, name)
    sys.exit("no workplan in %s" % repo)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wp", required=True, help="the wp binary (wp-mcp beside it)")
    ap.add_argument("--workplans", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-out", "mcp-refresh"))
    args = ap.parse_args()
    wp = os.path.abspath(args.wp)
    with open("/proc/loadavg") as f:
        load_start = " ".join(f.read().split()[:3])  # the machine may be shared: the ratios are the point

    corpus = os.path.join(args.out, "corpus-%d" % args.workplans)
    if not os.path.isdir(corpus):
        os.makedirs(args.out, exist_ok=True)
        r = subprocess.run([sys.executable, os.path.join(HERE, "generate_corpus.py"), corpus,
                            "--workplans", str(args.workplans)], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(r.stderr)
    with open(os.path.join(corpus, "manifest.json")) as f:
        manifest = json.load(f)
    repo = os.path.join(corpus, manifest["bench_repo"])
    env = dict(os.environ, WP_TODAY=TODAY, NO_COLOR="1", WP_CACHE_DIR=os.path.join(args.out, "cache"))

    cold = []
    for _ in range(args.runs + 1):
        started = time.perf_counter()
        r = subprocess.run([wp, "status", "-C", repo], capture_output=True, env=env)
        cold.append(time.perf_counter() - started)
        if r.returncode not in (0, 1):
            sys.exit("wp status exited %d: %s" % (r.returncode, r.stderr[-2000:]))
    cold = cold[1:]  # the first warms the page cache

    target = first_workplan(repo)
    with open(target, "rb") as f:
        original = f.read()
    with open(target, encoding="utf-8") as f:
        text = f.read()
    task_id = next(line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("id: ") and "-T" in line)
    # A byte of prose after the front matter: the file parses differently only in that text.
    marker = original.rfind(b"\n") - 1
    changed = original[:marker] + (b"x" if original[marker:marker + 1] != b"x" else b"y") + original[marker + 1:]

    server = Server(wp, repo, env)
    started = time.perf_counter()
    server.call("status", {})
    first_call = time.perf_counter() - started
    unchanged, show_changed, status_changed, resource = [], [], [], []
    try:
        for run in range(args.runs + 1):
            elapsed, _ = server.call("status", {})
            unchanged.append(elapsed)
            for samples, tool, arguments in ((show_changed, "show", {"id": task_id}), (status_changed, "status", {})):
                with open(target, "wb") as f:
                    f.write(changed if run % 2 == 0 else original)
                # Same size, maybe the same timestamp tick: the cache re-reads files changed in the last seconds.
                elapsed, _ = server.call(tool, arguments)
                samples.append(elapsed)
                with open(target, "wb") as f:
                    f.write(original)
                server.call("show", {"id": task_id})  # settle: the restore is read before the next sample
        for _ in range(max(3, args.runs // 3) + 1):
            elapsed, _ = server.request("resources/read", {"uri": "wp://status"})
            resource.append(elapsed)
    finally:
        with open(target, "wb") as f:
            f.write(original)
        server.close()

    cold_median = statistics.median(cold)
    rows = [("cold `wp status` (new process)", cold, None)]
    for name, samples in (("`status` call, nothing changed", unchanged[1:]),
                          ("`show` call, one file changed", show_changed[1:]),
                          ("`status` call, one file changed", status_changed[1:]),
                          ("`wp://status` read, nothing changed", resource[1:])):
        rows.append((name, samples, statistics.median(samples) / cold_median))
    lines = [
        "# `wp mcp` calls vs a cold `wp status`, %d workplans (%s)" % (manifest["workplans"], manifest["bench_repo"]),
        "",
        "wp: `%s`; the server's first call (after its own first read): %.3f s." % (wp, first_call),
        "",
        "| what | runs | median | min | / cold `wp status` |",
        "|---|---|---|---|---|",
    ]
    for name, samples, ratio in rows:
        lines.append("| %s | %d | %.4f s | %.4f s | %s |" % (
            name, len(samples), statistics.median(samples), min(samples), "—" if ratio is None else "%.1f %%" % (ratio * 100)))
    with open("/proc/loadavg") as f:
        lines += ["", "Load average (1, 5, 15 min) before the runs: %s; after them: %s." % (
            load_start, " ".join(f.read().split()[:3]))]
    report = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "report.md"), "w") as f:
        f.write(report)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"wp": wp, "workplans": manifest["workplans"], "first_call_s": first_call,
                   "rows": [{"what": n, "samples_s": s, "vs_cold_status": r} for n, s, r in rows]}, f, indent=2)
    print(report)


if __name__ == "__main__":
    main()
