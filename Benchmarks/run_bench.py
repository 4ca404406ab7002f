#!/usr/bin/env python3
"""The benchmark runner behind scripts/bench (use that: it installs tools and builds wp).

    python3 Benchmarks/run_bench.py --wp PATH/TO/wp [--sizes 1000] [--out bench-out] ...

For each size (number of workplans) it generates the corpus (Benchmarks/generate_corpus.py,
verified byte-identical with --check), imports the same tasks into a throwaway
Taskwarrior, and times on that one corpus, in one run:

  cat          xargs cat over every corpus .md file           (I/O floor)
  cmark-gfm    xargs cmark-gfm -e table over the same files    (parse floor)
  wp status / wp lint / wp gate check GATE / wp ready (if the binary has it), parsing
               every file (WP_NO_CACHE=1)
  wp status / wp lint, parse cache empty (each run starts with an empty WP_CACHE_DIR
               and fills it), parses cached (the kept answers removed before each
               run: every parse decoded, the answer built) and cache hit (the files
               unchanged since a run that filled it: the kept answer is printed)
  python peer  Benchmarks/peer_blocked.py (python-frontmatter + markdown-it-py)
  taskwarrior  task blocked (TASKDATA/TASKRC in a temp dir, rc.confirmation=off)

warm (hyperfine, after one untimed run) and cold (hyperfine --prepare
'sync; echo 3 > /proc/sys/vm/drop_caches', when the kernel lets us), plus peak
RSS of one run under /usr/bin/time -v. Every time is also given as a ratio to
cmark-gfm's time in the same state (warm to warm, cold to cold). The number of
blocked tasks is cross-checked between the generator, wp, the Python peer and
Taskwarrior. With several sizes it adds a scaling table (time and memory ratio
per 10x workplans, and the log-log slope: 1.0 = linear).

Writes OUT/results.json and OUT/report.md and prints the report.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DROP = "sync; echo 3 > /proc/sys/vm/drop_caches"
TODAY = "2026-12-31"  # WP_TODAY: gate evidence ages are reproducible


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), capture_output=True, text=True, **kw)


def can_drop_caches():
    r = sh(DROP)
    return r.returncode == 0, (r.stderr.strip() or "ok")


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def wait_idle(limit, max_wait):
    """Waits (at most max_wait s) until the 1-minute load average is below limit."""
    if limit <= 0:
        return float(loadavg())
    start = time.time()
    while float(loadavg()) > limit and time.time() - start < max_wait:
        time.sleep(5)
    return float(loadavg())


def machine():
    info = {"nproc": os.cpu_count(), "kernel": platform.release()}
    with open("/proc/cpuinfo") as f:
        cpu = f.read()
    m = re.search(r"^model name\s*:\s*(.*)$", cpu, re.M)
    info["cpu"] = m.group(1) if m else "unknown"
    m = re.search(r"^cpu MHz\s*:\s*(.*)$", cpu, re.M)
    info["cpu_mhz"] = m.group(1) if m else "unknown"
    m = re.search(r"^cache size\s*:\s*(.*)$", cpu, re.M)
    info["cache"] = m.group(1) if m else "unknown"
    with open("/proc/meminfo") as f:
        m = re.search(r"MemTotal:\s*(\d+) kB", f.read())
    info["mem_gib"] = round(int(m.group(1)) / 1048576, 1) if m else None
    for tool, cmd in [("hyperfine", "hyperfine --version"), ("cmark-gfm", "cmark-gfm --version"),
                      ("taskwarrior", "task --version"), ("python", "python3 --version"),
                      ("swift", "swift --version")]:
        r = sh(cmd + " 2>&1")
        info[tool] = (r.stdout.strip().splitlines() or ["?"])[0]
    r = sh("python3 -c 'import importlib.metadata as m; print(m.version(\"markdown-it-py\"), m.version(\"python-frontmatter\"))'")
    info["python_packages"] = "markdown-it-py %s, python-frontmatter %s" % tuple((r.stdout.split() + ["?", "?"])[:2])
    r = sh(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    info["wp_commit"] = r.stdout.strip()
    r = sh(["git", "-C", ROOT, "status", "--porcelain", "--", "Sources", "Package.swift"])
    info["wp_sources_dirty"] = bool(r.stdout.strip())
    return info


def generate(size, args):
    out = os.path.join(args.out, "corpus-%d" % size)
    tw = os.path.join(args.out, "taskwarrior-%d.json" % size)
    gen = [sys.executable, os.path.join(HERE, "generate_corpus.py"), out, "--workplans", str(size),
           "--repos", str(args.repos), "--seed", str(args.seed), "--blocked-share", str(args.blocked_share)]
    manifest_path = os.path.join(out, "manifest.json")
    if os.path.exists(manifest_path) and os.path.exists(tw) and sh(gen + ["--check"]).returncode == 0:
        print("  corpus %s exists and is byte-identical to the generator's output" % out, flush=True)
    else:
        shutil.rmtree(out, ignore_errors=True)
        r = sh(gen + ["--taskwarrior", tw])
        if r.returncode:
            sys.exit("generator failed: %s" % r.stderr)
    # Determinism: a second, independent generation must give the same bytes.
    check = sh(gen + ["--check"])
    with open(manifest_path) as f:
        manifest = json.load(f)
    manifest["determinism_check"] = check.stdout.strip()
    if check.returncode:
        sys.exit("determinism check failed: " + check.stdout + check.stderr)
    expected = load_expected().get(key(size, args))
    manifest["expected_sha256"] = expected
    if expected and expected != manifest["sha256"]:
        print("  WARNING: sha256 %s differs from Benchmarks/checksums.json (%s)" % (manifest["sha256"], expected))
    files = []
    for repo in manifest["repos"]:
        for sub in ("workplans", "docs"):
            for dirpath, _, names in os.walk(os.path.join(out, repo, sub)):
                files += [os.path.join(dirpath, n) for n in names if n.endswith(".md")]
    files.sort()
    listing = os.path.join(args.out, "files-%d.0" % size)
    with open(listing, "wb") as f:
        f.write(b"".join(p.encode() + b"\0" for p in files))
    manifest["md_files"] = len(files)
    manifest["md_bytes"] = sum(os.path.getsize(p) for p in files)
    return out, tw, listing, manifest


def key(size, args):
    return "workplans=%d repos=%d seed=%d blocked_share=%s" % (size, args.repos, args.seed, args.blocked_share)


def load_expected():
    path = os.path.join(HERE, "checksums.json")
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    return {}


def setup_taskwarrior(size, tw_json, args):
    home = tempfile.mkdtemp(prefix="wp-bench-task-%d-" % size, dir=args.out)
    data = os.path.join(home, "data")
    os.makedirs(data)
    rc = os.path.join(home, "taskrc")
    with open(rc, "w") as f:
        f.write("data.location=%s\nconfirmation=off\nverbose=nothing\nrecurrence=off\n" % data)
    env = dict(os.environ, TASKRC=rc, TASKDATA=data)
    t0 = time.time()
    r = subprocess.run(["task", "rc.confirmation=off", "import", tw_json], env=env, capture_output=True, text=True)
    import_s = time.time() - t0
    if r.returncode:
        raise RuntimeError("task import failed: %s" % r.stderr[-500:])
    # One report first: Taskwarrior's gc moves completed tasks out of pending.data then.
    subprocess.run(["task", "rc.confirmation=off", "list"], env=env, capture_output=True)
    count = subprocess.run(["task", "rc.confirmation=off", "+BLOCKED", "count"], env=env,
                           capture_output=True, text=True).stdout.strip()
    prefix = "TASKRC=%s TASKDATA=%s " % (shlex.quote(rc), shlex.quote(data))
    return prefix, import_s, int(count or -1)


def peak_rss(command, cwd_env, stdout_path="/dev/null"):
    """Runs command once under /usr/bin/time -v; returns (max RSS KiB, wall s, exit code)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = "/usr/bin/time -v -o %s bash -c %s > %s 2>&1" % (tf.name, shlex.quote(command), shlex.quote(stdout_path))
        t0 = time.time()
        r = subprocess.run(full, shell=True, env=cwd_env)
        wall = time.time() - t0
        text = open(tf.name).read()
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    user = re.search(r"User time \(seconds\): ([\d.]+)", text)
    system = re.search(r"System time \(seconds\): ([\d.]+)", text)
    cpu = (float(user.group(1)), float(system.group(1))) if user and system else (None, None)
    return (int(m.group(1)) if m else None), wall, r.returncode, cpu


def hyperfine(name, command, runs, env, prepare=None, out_dir=None, tag=""):
    path = os.path.join(out_dir, "hf-%s-%s.json" % (re.sub(r"\W+", "_", name), tag))
    cmd = ["hyperfine", "--style", "none", "-i", "--runs", str(runs), "--export-json", path]
    if prepare:
        cmd += ["--prepare", prepare]
    cmd += ["--command-name", name, command]
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError("hyperfine failed for %s: %s" % (name, r.stderr[-800:]))
    with open(path) as f:
        res = json.load(f)["results"][0]
    return {"mean": res["mean"], "stddev": res.get("stddev") or 0.0, "median": res["median"],
            "min": res["min"], "max": res["max"], "user": res["user"], "system": res["system"],
            "runs": len(res["times"])}


def has_ready(wp):
    """True when `wp --help` lists a `ready` subcommand (`wp ready --help` exits 0 either way)."""
    r = sh([wp, "--help"])
    section = r.stdout.split("SUBCOMMANDS:", 1)[-1] if "SUBCOMMANDS:" in r.stdout else ""
    return re.search(r"^\s+ready\b", section, re.M) is not None


def bench_size(size, args, info):
    print("\n== %d workplans ==" % size, flush=True)
    corpus, tw_json, listing, manifest = generate(size, args)
    repo0 = os.path.join(corpus, manifest["bench_repo"])
    wp = os.path.abspath(args.wp)
    env = dict(os.environ, WP_TODAY=TODAY, NO_COLOR="1")
    q = shlex.quote
    # The rows without a cache note parse every file (WP_NO_CACHE=1; older builds ignore it).
    # The parse cache lives in a directory of this run's own: "cache empty" removes it
    # before every run (hyperfine --prepare), "cache hit" reads what its first run wrote.
    parse_cache = os.path.join(os.path.abspath(args.out), "parse-cache-%d" % size)
    no_cache = "WP_NO_CACHE=1 "
    with_cache = "WP_CACHE_DIR=%s " % q(parse_cache)
    empty_cache = "rm -rf %s" % q(parse_cache)
    # "parses cached": the parses are in the cache, the kept answers (*.wpa) are not, so the
    # run decodes every parse and builds its answer (what a run after any edit costs).
    drop_answers = "find %s -name '*.wpa' -delete" % q(parse_cache)
    commands = [
        ("cat", "xargs -0 -a %s cat > /dev/null" % q(listing), "floor"),
        ("cmark-gfm", "xargs -0 -a %s cmark-gfm -e table > /dev/null" % q(listing), "floor"),
        ("wp status", no_cache + "%s status -C %s" % (q(wp), q(repo0)), "wp"),
        ("wp lint", no_cache + "%s lint -C %s" % (q(wp), q(repo0)), "wp"),
        ("wp status, cache empty", with_cache + "%s status -C %s" % (q(wp), q(repo0)), "wp", empty_cache),
        ("wp status, parses cached", with_cache + "%s status -C %s" % (q(wp), q(repo0)), "wp", drop_answers),
        ("wp status, cache hit", with_cache + "%s status -C %s" % (q(wp), q(repo0)), "wp"),
        ("wp lint, cache empty", with_cache + "%s lint -C %s" % (q(wp), q(repo0)), "wp", empty_cache),
        ("wp lint, parses cached", with_cache + "%s lint -C %s" % (q(wp), q(repo0)), "wp", drop_answers),
        ("wp lint, cache hit", with_cache + "%s lint -C %s" % (q(wp), q(repo0)), "wp"),
        ("wp gate check", no_cache + "%s gate check %s -C %s" % (q(wp), q(manifest["bench_gate"]), q(repo0)), "wp"),
    ]
    ready = has_ready(wp)
    if ready:
        commands.append(("wp ready", no_cache + "%s ready -C %s" % (q(wp), q(repo0)), "wp"))
    else:
        print("  wp has no `ready` subcommand: not measured", flush=True)
    if size <= args.python_max_workplans:
        commands.append(("python peer", "%s %s %s" % (q(sys.executable), q(os.path.join(HERE, "peer_blocked.py")), q(repo0)), "peer"))
    tw_import = tw_count = None
    if size <= args.taskwarrior_max_workplans:
        prefix, tw_import, tw_count = setup_taskwarrior(size, tw_json, args)
        commands.append(("taskwarrior", prefix + "task rc.confirmation=off blocked > /dev/null", "peer"))

    # Correctness cross-check: the same blocked set everywhere.
    st = subprocess.run([wp, "status", "--format", "json", "-C", repo0], env=dict(env, WP_NO_CACHE="1"), capture_output=True, text=True)
    wp_blocked = len(json.loads(st.stdout)["blocked"]) if st.stdout.strip().startswith("{") else None
    counts = {"generator": manifest["blocked_tasks"], "wp status": wp_blocked, "taskwarrior": tw_count}
    print("  blocked tasks: %s (python peer: from its first timed run)" % counts, flush=True)

    cold_ok, cold_msg = can_drop_caches() if not args.no_cold else (False, "--no-cold")
    results = []
    for name, command, kind, *prepare in commands:
        prepare = prepare[0] if prepare else None
        load_before = wait_idle(args.max_load, args.max_wait)
        pilot_out = os.path.join(args.out, "first-run-%d-%s.txt" % (size, re.sub(r"\W+", "_", name)))
        if prepare:
            subprocess.run(prepare, shell=True, env=env)
        rss, pilot, code, (pilot_user, pilot_sys) = peak_rss(command, env, pilot_out)  # also the warm-up run
        if name == "python peer":
            with open(pilot_out) as f:
                m = re.search(r"(\d+) blocked tasks", f.read())
            counts["python peer"] = int(m.group(1)) if m else None
        entry = {"name": name, "kind": kind, "command": command, "peak_rss_kib": rss, "pilot_s": pilot,
                 "exit": code, "load_before": load_before}
        if pilot > args.single_run_above:
            entry["warm"] = {"mean": pilot, "stddev": 0.0, "median": pilot, "min": pilot, "max": pilot,
                             "user": pilot_user, "system": pilot_sys, "runs": 1, "note": "single /usr/bin/time run"}
        else:
            runs = max(3, min(args.runs, int(args.budget / max(pilot, 1e-3))))
            entry["warm"] = hyperfine(name, command, runs, env, prepare=prepare, out_dir=args.out, tag="%d-warm" % size)
        if cold_ok and kind in ("floor", "wp"):
            runs = max(2, min(args.cold_runs, int(args.budget / max(pilot + 0.5, 1e-3))))
            entry["cold"] = hyperfine(name, command, runs, env, prepare=(prepare + "; " if prepare else "") + DROP,
                                      out_dir=args.out, tag="%d-cold" % size)
        entry["load_after"] = float(loadavg())
        results.append(entry)
        w = entry["warm"]
        print("  %-14s warm %8.3f s ± %.3f (n=%d)%s  peak RSS %s KiB  load %.2f" % (
            name, w["mean"], w["stddev"], w["runs"],
            ("  cold %8.3f s ± %.3f (n=%d)" % (entry["cold"]["mean"], entry["cold"]["stddev"], entry["cold"]["runs"])) if "cold" in entry else "",
            rss, load_before), flush=True)
    return {"size": size, "manifest": manifest, "counts": counts, "results": results,
            "cold_possible": cold_ok, "cold_note": cold_msg, "wp_ready": ready,
            "taskwarrior_import_s": tw_import}


# ---------------------------------------------------------------------------
# Report

def fmt_s(x):
    if x is None:
        return "—"
    if x >= 10:
        return "%.1f s" % x
    if x >= 1:
        return "%.2f s" % x
    return "%.0f ms" % (x * 1000) if x >= 0.01 else "%.1f ms" % (x * 1000)


def fmt_ratio(x):
    if x is None:
        return "—"
    return ("%.0f×" % x) if x >= 100 else ("%.1f×" % x) if x >= 10 else ("%.2f×" % x)


def mib(kib):
    return None if kib is None else kib / 1024.0


def size_report(run):
    m = run["manifest"]
    by = {r["name"]: r for r in run["results"]}
    floor_w = by["cmark-gfm"]["warm"]["mean"]
    floor_c = by["cmark-gfm"].get("cold", {}).get("mean")
    corpus_mib = m["md_bytes"] / 1048576.0
    lines = []
    lines.append("### %d workplans — %s files, %.1f MiB (%d bytes), %d tasks, %d blocked\n" % (
        m["workplans"], m["md_files"], corpus_mib, m["md_bytes"], m["tasks"], m["blocked_tasks"]))
    lines.append("Corpus sha256 `%s` (%s). Blocked-task counts: %s.\n" % (
        m["sha256"], m["determinism_check"].split(" (")[0],
        ", ".join("%s %s" % (k, v if v is not None else "not run") for k, v in run["counts"].items())))
    lines.append("| command | warm (mean ± sd, n) | warm ÷ cmark-gfm | cold (mean ± sd, n) | cold ÷ cmark-gfm | CPU user+sys (warm) | peak RSS | RSS ÷ corpus |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for r in run["results"]:
        w, c = r["warm"], r.get("cold")
        cpu = (w["user"] + w["system"]) if w.get("user") is not None else None
        rss = mib(r["peak_rss_kib"])
        lines.append("| %s | %s ± %s (%d) | %s | %s | %s | %s | %s | %s |" % (
            r["name"], fmt_s(w["mean"]), fmt_s(w["stddev"]), w["runs"], fmt_ratio(w["mean"] / floor_w),
            ("%s ± %s (%d)" % (fmt_s(c["mean"]), fmt_s(c["stddev"]), c["runs"])) if c else "—",
            fmt_ratio(c["mean"] / floor_c) if c and floor_c else "—",
            fmt_s(cpu), ("%.1f MiB" % rss) if rss is not None else "—",
            fmt_ratio(rss / corpus_mib) if rss is not None else "—"))
    if run.get("taskwarrior_import_s") is not None:
        lines.append("\nTaskwarrior import of the same tasks (setup, not in the table): %s." % fmt_s(run["taskwarrior_import_s"]))
    if not run["cold_possible"]:
        lines.append("\nCold runs were not possible: %s." % run["cold_note"])
    if not run["wp_ready"]:
        lines.append("\n`wp ready` does not exist in this build: not measured.")
    # Targets
    lines.append("\nTargets:\n")
    for name in ("wp lint", "wp status"):
        r = by.get(name)
        if r and r.get("cold") and floor_c:
            ratio = r["cold"]["mean"] / floor_c
            lines.append("- (issue 7) page cache cold `%s` ≤ 1.5× cmark-gfm: %s (%s)" % (
                name, fmt_ratio(ratio), "met" if ratio <= 1.5 else "missed by %.1f× (%.0f%% over)" % (ratio / 1.5, (ratio / 1.5 - 1) * 100)))
    # Issue 16: with the parse cache empty, wall ≤ 0.8× and CPU ≤ 1.5× cmark-gfm's; a hit ≤ 0.15× its wall.
    floor_cpu = by["cmark-gfm"]["warm"]["user"] + by["cmark-gfm"]["warm"]["system"]
    for name in ("wp status", "wp lint"):
        plain = by.get(name)
        if plain:
            wall = plain["warm"]["mean"] / floor_w
            cpu = (plain["warm"]["user"] + plain["warm"]["system"]) / floor_cpu
            lines.append("- `%s`, no cache (every file parsed): wall %s cmark-gfm (≤ 0.8×: %s), CPU %s (≤ 1.5×: %s)" % (
                name, fmt_ratio(wall), "met" if wall <= 0.8 else "missed", fmt_ratio(cpu), "met" if cpu <= 1.5 else "missed"))
        empty, hit = by.get(name + ", cache empty"), by.get(name + ", cache hit")
        if empty:
            wall = empty["warm"]["mean"] / floor_w
            cpu = (empty["warm"]["user"] + empty["warm"]["system"]) / floor_cpu
            lines.append("- `%s`, parse cache empty: wall %s cmark-gfm (≤ 0.8×: %s), CPU %s (≤ 1.5×: %s)" % (
                name, fmt_ratio(wall), "met" if wall <= 0.8 else "missed", fmt_ratio(cpu), "met" if cpu <= 1.5 else "missed"))
        if hit:
            wall = hit["warm"]["mean"] / floor_w
            lines.append("- `%s`, cache hit (the kept answer): wall %s cmark-gfm (≤ 0.15×: %s)" % (
                name, fmt_ratio(wall), "met" if wall <= 0.15 else "missed by %.1f×" % (wall / 0.15)))
    for r in run["results"]:
        if r["kind"] == "wp" and r["peak_rss_kib"]:
            ratio = mib(r["peak_rss_kib"]) / corpus_mib
            lines.append("- peak memory of `%s` ≤ 3× corpus (%.1f MiB): %.1f MiB = %s (%s)" % (
                r["name"], corpus_mib, mib(r["peak_rss_kib"]), fmt_ratio(ratio),
                "met" if ratio <= 3 else "missed by %.2f×" % (ratio / 3)))
    # Issue 16: wp status without its answers (every file parsed) at least 60× faster than
    # Taskwarrior's `task blocked` and 40× faster than the Python script.
    for wp_name in ("wp status", "wp status, cache empty"):
        ws = by.get(wp_name)
        for peer, target in (("taskwarrior", 60), ("python peer", 40)):
            p = by.get(peer)
            if p and ws:
                speed = p["warm"]["mean"] / ws["warm"]["mean"]
                lines.append("- `%s` ≥ %d× faster than %s: %s faster (%s)" % (
                    wp_name, target, peer, fmt_ratio(speed), "met" if speed >= target else "missed: needs %.1f× more" % (target / speed)))
    return "\n".join(lines) + "\n"


def scaling_report(runs):
    return scaling_table(runs, "warm", lambda e: e["warm"]["mean"], "Warm mean wall time") + "\n" + scaling_table(
        runs, "cpu", lambda e: (e["warm"]["user"] + e["warm"]["system"]) if e["warm"].get("user") is not None else None,
        "CPU time (user+sys, warm mean; less sensitive to other load on the machine than wall time)")


def scaling_table(runs, what, metric, title):
    runs = sorted(runs, key=lambda r: r["size"])
    names = []
    for r in runs:
        for e in r["results"]:
            if e["name"] not in names:
                names.append(e["name"])
    sizes = [r["size"] for r in runs]
    lines = ["### Scaling (%s workplans): %s\n" % (", ".join(str(s) for s in sizes), what),
             title + " and peak RSS per size; then, for each step, the ratio and the log-log slope "
             "(time ∝ size^slope: 1.0 is linear), and the least-squares slope over all sizes.\n"]
    head = "| command | " + " | ".join("%d: time" % s for s in sizes) + " | " + " | ".join(
        "%d→%d time ×" % (a, b) for a, b in zip(sizes, sizes[1:])) + " | slope (time) | " + " | ".join(
        "%d: RSS" % s for s in sizes) + " | " + " | ".join("%d→%d RSS ×" % (a, b) for a, b in zip(sizes, sizes[1:])) + " | slope (RSS) |"
    lines.append(head)
    lines.append("|" + "---|" * (head.count("|") - 1))
    for name in names:
        ts, ms = [], []
        for r in runs:
            e = next((x for x in r["results"] if x["name"] == name), None)
            ts.append(metric(e) if e else None)
            ms.append(mib(e["peak_rss_kib"]) if e and e["peak_rss_kib"] else None)
        def steps(vals):
            out = []
            for (a, va), (b, vb) in zip(zip(sizes, vals), zip(sizes[1:], vals[1:])):
                if va and vb:
                    ratio = vb / va
                    out.append("%s (%.2f)" % (fmt_ratio(ratio), math.log(ratio) / math.log(b / a)))
                else:
                    out.append("—")
            return out
        def slope(vals):
            pts = [(math.log(s), math.log(v)) for s, v in zip(sizes, vals) if v]
            if len(pts) < 2:
                return "—"
            mx = sum(p[0] for p in pts) / len(pts)
            my = sum(p[1] for p in pts) / len(pts)
            den = sum((p[0] - mx) ** 2 for p in pts)
            return "%.2f" % (sum((p[0] - mx) * (p[1] - my) for p in pts) / den)
        lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            name, " | ".join(fmt_s(t) for t in ts), " | ".join(steps(ts)), slope(ts),
            " | ".join(("%.1f MiB" % v) if v else "—" for v in ms), " | ".join(steps(ms)), slope(ms)))
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description="wp benchmark runner (see scripts/bench)")
    ap.add_argument("--wp", required=True, help="the release wp binary")
    ap.add_argument("--sizes", default="1000", help="comma-separated workplan counts, e.g. 100,1000,10000")
    ap.add_argument("--repos", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--blocked-share", type=float, default=0.10)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-out"))
    ap.add_argument("--runs", type=int, default=10, help="max warm runs per command")
    ap.add_argument("--cold-runs", type=int, default=5, help="max cold runs per command")
    ap.add_argument("--budget", type=float, default=20.0, help="seconds of timed runs to aim for per command and state")
    ap.add_argument("--single-run-above", type=float, default=60.0,
                    help="a command whose first run takes longer is timed by that one run only")
    ap.add_argument("--no-cold", action="store_true")
    ap.add_argument("--python-max-workplans", type=int, default=10000)
    ap.add_argument("--taskwarrior-max-workplans", type=int, default=1000,
                    help="skip Taskwarrior above this size (task blocked grows superlinearly)")
    ap.add_argument("--max-load", type=float, default=0.0,
                    help="before each command wait until the 1-min load average is below this (0: do not wait)")
    ap.add_argument("--max-wait", type=float, default=300.0)
    ap.add_argument("--wp-label", help="how to name the wp build in the report (default: the work tree's HEAD)")
    args = ap.parse_args()
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    info = machine()
    if args.wp_label:
        info["wp_commit"], info["wp_sources_dirty"] = args.wp_label, False
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print("machine: %s" % json.dumps(info), flush=True)
    runs = [bench_size(s, args, info) for s in sizes]
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"machine": info, "started": started, "args": vars(args), "runs": runs}, f, indent=2)
    report = ["# wp benchmark report (%s)\n" % started,
              "Machine: %s, %s cores, %s GiB RAM, kernel %s. wp %s%s. %s; %s; %s; %s." % (
                  info["cpu"], info["nproc"], info["mem_gib"], info["kernel"], info["wp_commit"],
                  " (Sources modified in the work tree)" if info["wp_sources_dirty"] else "",
                  info["hyperfine"], info["cmark-gfm"], info["taskwarrior"], info["python_packages"]), ""]
    for run in runs:
        report.append(size_report(run))
    if len(runs) > 1:
        report.append(scaling_report(runs))
    text = "\n".join(report)
    with open(os.path.join(args.out, "report.md"), "w") as f:
        f.write(text)
    print("\n" + text)


if __name__ == "__main__":
    main()
