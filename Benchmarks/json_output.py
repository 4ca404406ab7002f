#!/usr/bin/env python3
"""Peak RSS, CPU and wall of wp's large JSON outputs for two builds, and whether their bytes agree.

    python3 Benchmarks/generate_corpus.py --workplans 10000 /tmp/c10000
    python3 Benchmarks/json_output.py --before OLD/wp --after NEW/wp --corpus /tmp/c10000 [--runs 3] [--no-cache]

For `wp report --format json`, `wp status --format json` and `wp lint --format json` (on
CORPUS/platform-core, WP_TODAY=2026-12-31, NO_COLOR=1), each build runs once untimed (filling
its own parse cache unless --no-cache), then --runs times under /usr/bin/time -v; prints one
JSON line per command and build (medians, the 1-minute load average of each run) and whether
the two builds' outputs are byte-identical (cmp). Outputs are kept in --out.
"""
import argparse, json, os, re, statistics, subprocess

parser = argparse.ArgumentParser()
parser.add_argument("--before", required=True)
parser.add_argument("--after", required=True)
parser.add_argument("--corpus", required=True)
parser.add_argument("--runs", type=int, default=3)
parser.add_argument("--no-cache", action="store_true")
parser.add_argument("--out", default="/tmp/wp-json-output")
options = parser.parse_args()
os.makedirs(options.out, exist_ok=True)
builds = {"before": options.before, "after": options.after}
commands = {"report": ["report", "--format", "json"], "status": ["status", "--format", "json"], "lint": ["lint", "--format", "json"]}
workspace = os.path.join(options.corpus, "platform-core")


def timed(wp, arguments, env, out):
    load = float(open("/proc/loadavg").read().split()[0])
    with open(out, "wb") as handle:
        run = subprocess.run(["/usr/bin/time", "-v", wp, "-C", workspace] + arguments, env=env, stdout=handle, stderr=subprocess.PIPE, text=True)
    field = lambda name: re.search(name + r": (\S+)", run.stderr).group(1)
    minutes, seconds = field(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)").split(":")[-2:]
    return {"rss_mib": int(field(r"Maximum resident set size \(kbytes\)")) / 1024,
            "cpu_s": float(field(r"User time \(seconds\)")) + float(field(r"System time \(seconds\)")),
            "wall_s": float(minutes) * 60 + float(seconds), "load": load, "exit": run.returncode}


for name, arguments in commands.items():
    outputs = {}
    for build, wp in builds.items():
        env = dict(os.environ, WP_TODAY="2026-12-31", NO_COLOR="1", WP_CACHE_DIR=os.path.join(options.out, "cache-" + build))
        if options.no_cache:
            env["WP_NO_CACHE"] = "1"
        outputs[build] = os.path.join(options.out, f"{build}-{name}.json")
        subprocess.run([wp, "-C", workspace] + arguments, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples = [timed(wp, arguments, env, outputs[build]) for _ in range(options.runs)]
        print(json.dumps({"command": name, "build": build, "bytes": os.path.getsize(outputs[build]),
                          **{key: statistics.median(s[key] for s in samples) for key in ("rss_mib", "cpu_s", "wall_s")},
                          "load": [s["load"] for s in samples], "exit": samples[0]["exit"]}), flush=True)
    same = subprocess.run(["cmp", "-s", outputs["before"], outputs["after"]]).returncode == 0
    print(json.dumps({"command": name, "identical": same}), flush=True)
