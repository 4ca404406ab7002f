#!/usr/bin/env python3
"""`wp set` against `wp status` on the benchmark workspace (issue 11, item 2).

    python3 Benchmarks/set_vs_status.py --wp LABEL=PATH [--wp LABEL=PATH ...]
        [--workplans 1000] [--out bench-out/set-vs-status] [--runs 15]

Generates the seeded corpus (generate_corpus.py, default 1,000 workplans) once,
picks an open task of the benchmark repo that has a `priority:`, and times with
hyperfine, warm, for every wp build given (release builds: `swift build -c release`):

  wp status                          read, graph, blocking analysis, render
  wp set TASK priority VALUE         read, plan, check (parse of the edited file, lint
                                     of the workspace after the edit), write
  wp set TASK priority VALUE --dry-run   the same without the write

Before every timed run (all three commands alike) the workplan file is restored,
so each `wp set` makes the same edit. Peak RSS comes from one run under
/usr/bin/time -v. Builds are timed in turns (A, B, A, B ...) so that load on a
shared machine hits them alike. Not part of `swift test`; results go to
OUT/results.json and OUT/report.md (and docs/performance.md by hand).
"""

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TODAY = "2026-12-31"


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def pick_task(repo):
    """The first open task (todo) with a `priority:` in the repo's workplans, and a new value for it."""
    block = re.compile(r"```task\nid: (\S+)\nstatus: todo\npriority: (\S+)\n")
    for directory, _, files in sorted(os.walk(os.path.join(repo, "workplans"))):
        for name in sorted(files):
            path = os.path.join(directory, name)
            with open(path, encoding="utf-8") as f:
                found = block.search(f.read())
            if found:
                return path, found.group(1), "low" if found.group(2) != "low" else "high"
    sys.exit("no open task with a priority in %s" % repo)


def peak_rss_kib(argv, env):
    r = run(["/usr/bin/time", "-v"] + argv, env=env)
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    return int(found.group(1)) if found else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wp", action="append", required=True, help="LABEL=PATH of a release wp binary (repeatable)")
    ap.add_argument("--workplans", type=int, default=1000)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-out", "set-vs-status"))
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--rounds", type=int, default=3, help="turns per build (each turn runs --runs / --rounds times)")
    args = ap.parse_args()
    for tool in ("hyperfine",):
        if not shutil.which(tool):
            sys.exit("%s is missing (Debian: apt-get install -y hyperfine)" % tool)
    builds = []
    for spec in args.wp:
        label, _, path = spec.partition("=")
        if not path:
            label, path = os.path.basename(spec), spec
        builds.append((label, os.path.abspath(path)))

    corpus = os.path.join(args.out, "corpus-%d" % args.workplans)
    if not os.path.isdir(corpus):
        os.makedirs(args.out, exist_ok=True)
        r = run([sys.executable, os.path.join(HERE, "generate_corpus.py"), corpus, "--workplans", str(args.workplans)])
        if r.returncode != 0:
            sys.exit(r.stderr)
    with open(os.path.join(corpus, "manifest.json")) as f:
        manifest = json.load(f)
    repo = os.path.join(corpus, manifest["bench_repo"])
    target, task, value = pick_task(repo)
    saved = os.path.join(args.out, "saved-" + os.path.basename(target))
    shutil.copyfile(target, saved)
    env = dict(os.environ, WP_TODAY=TODAY, NO_COLOR="1", WP_CACHE_DIR=os.path.join(args.out, "cache"))
    restore = "cp %s %s" % (shlex.quote(saved), shlex.quote(target))

    commands = [
        ("wp status", ["status", "-C", repo]),
        ("wp set", ["set", "-C", repo, task, "priority", value]),
        ("wp set --dry-run", ["set", "-C", repo, task, "priority", value, "--dry-run"]),
    ]
    # Each command must do its job before it is timed.
    for label, wp in builds:
        for name, argv in commands:
            subprocess.run(restore, shell=True, check=True)
            r = run([wp] + argv, env=env)
            if r.returncode != 0:
                sys.exit("%s: `%s` exited %d: %s" % (label, name, r.returncode, r.stderr[-2000:]))
    subprocess.run(restore, shell=True, check=True)

    times = {(label, name): [] for label, _ in builds for name, _ in commands}
    per_round = max(1, args.runs // args.rounds)
    for turn in range(args.rounds):
        for label, wp in builds:
            for name, argv in commands:
                out = os.path.join(args.out, "hf-%s-%s-%d.json" % (re.sub(r"\W+", "_", label), re.sub(r"\W+", "_", name), turn))
                cmd = " ".join(shlex.quote(part) for part in [wp] + argv)
                r = run(["hyperfine", "--warmup", "1", "--runs", str(per_round), "--prepare", restore,
                         "--export-json", out, cmd], env=env)
                if r.returncode != 0:
                    sys.exit(r.stderr)
                with open(out) as f:
                    result = json.load(f)["results"][0]
                # hyperfine 1.15 gives user and system time as means over the runs.
                times[(label, name)] += [(t, result["user"] + result["system"]) for t in result["times"]]
    subprocess.run(restore, shell=True, check=True)

    def median(values):
        values = sorted(values)
        middle = len(values) // 2
        return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2

    rows = []
    for label, wp in builds:
        status_wall = median([t for t, _ in times[(label, "wp status")]])
        for name, argv in commands:
            subprocess.run(restore, shell=True, check=True)
            rss = peak_rss_kib([wp] + argv, env)
            samples = times[(label, name)]
            wall = median([t for t, _ in samples])
            rows.append({
                "build": label, "command": name, "runs": len(samples), "median_wall_s": wall,
                "min_wall_s": min(t for t, _ in samples), "median_cpu_s": median([c for _, c in samples]),
                "peak_rss_mib": rss / 1024 if rss else None, "vs_status": wall / status_wall,
            })
    subprocess.run(restore, shell=True, check=True)

    lines = [
        "# `wp set` vs `wp status`, %d workplans (%s, task %s)" % (manifest["workplans"], manifest["bench_repo"], task),
        "",
        "| build | command | runs | median wall | min wall | CPU (mean) | peak RSS | wall / `wp status` |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append("| %s | `%s` | %d | %.3f s | %.3f s | %.3f s | %s | %.2f× |" % (
            row["build"], row["command"], row["runs"], row["median_wall_s"], row["min_wall_s"], row["median_cpu_s"],
            "%.1f MiB" % row["peak_rss_mib"] if row["peak_rss_mib"] else "?", row["vs_status"]))
    with open(os.path.join("/proc/loadavg")) as f:
        lines += ["", "Load average at the end: %s." % " ".join(f.read().split()[:3])]
    report = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "report.md"), "w") as f:
        f.write(report)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"task": task, "value": value, "file": os.path.relpath(target, corpus), "rows": rows}, f, indent=2)
    print(report)


if __name__ == "__main__":
    main()
