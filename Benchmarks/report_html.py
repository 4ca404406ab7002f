#!/usr/bin/env python3
"""`wp report --format html` at team scale (issue 13, item 5).

    python3 Benchmarks/report_html.py --wp PATH [--workplans 1000 10000] [--runs 3] [--out bench-out/report-html]

Generates the seeded corpus (generate_corpus.py) for each size, then runs
`wp report --format html -o OUT/report-N.html --offline` in the benchmark repo
RUNS times and reports the median wall time, the file size, whether the graph is
inline SVG (Graphviz laid it out) or the Mermaid fallback and why, and whether
it is drawn per workplan (above Limits.reportGraphElements open elements) or per
repo (above Limits.reportGraphWorkplans open workplans as well).
The goals: at most 5 s for 1,000 workplans (issue 13) and 10 s for 10,000
(issue 16) on the 2-core machine with a release build (`swift build -c release`).
Not part of `swift test`.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TODAY = "2026-11-28"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wp", required=True, help="the wp binary to time")
    parser.add_argument("--workplans", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default="bench-out/report-html")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    env = dict(os.environ, WP_TODAY=TODAY)
    rows = []
    for size in args.workplans:
        corpus = os.path.abspath(os.path.join(args.out, f"corpus-{size}"))
        if not os.path.isdir(corpus):
            subprocess.run([sys.executable, os.path.join(HERE, "generate_corpus.py"), "--workplans", str(size), corpus],
                           check=True, capture_output=True)
        repo = os.path.join(corpus, sorted(d for d in os.listdir(corpus) if os.path.isdir(os.path.join(corpus, d)))[0])
        html = os.path.abspath(os.path.join(args.out, f"report-{size}.html"))
        times = []
        for _ in range(args.runs):
            start = time.monotonic()
            result = subprocess.run([os.path.abspath(args.wp), "report", "--format", "html", "-o", html, "--offline"],
                                    cwd=repo, env=env, capture_output=True, text=True)
            times.append(time.monotonic() - start)
            if result.returncode not in (0, 1):
                sys.exit(f"wp report failed ({result.returncode}): {result.stderr[:500]}")
        text = open(html, encoding="utf-8").read()
        fallback = re.search(r"<p>(Graphviz \(<code>dot</code>\)[^;]*);", text)
        rows.append((size, statistics.median(times), len(text.encode()), "svg" if "<div class=\"svg\"><svg" in text
                     else (fallback.group(1).replace("<code>", "").replace("</code>", "") if fallback else "?"),
                     "per repo" if "one node per repo" in text
                     else "per workplan" if "open elements: one node per workplan" in text else "per element"))
    print("| workplans | median s | HTML bytes | graph | drawn |")
    print("|---:|---:|---:|---|---|")
    for size, seconds, size_bytes, graph, drawn in rows:
        print(f"| {size:,} | {seconds:.2f} | {size_bytes:,} | {graph} | {drawn} |")


if __name__ == "__main__":
    main()
