#!/usr/bin/env python3
"""Writes the shell of docs/ci.md's CI recipes into files, as written there,
so Tests/dist/run can run them:

    Tests/dist/ci_steps.py docs/ci.md OUTDIR

OUTDIR/github-lint-install.sh, github-lint.sh   the lint job's steps
OUTDIR/github-promote-install.sh, github-gate.sh the deploy job's steps
OUTDIR/gitlab-before.sh                          .wp's before_script (without
                                                 the apt-get line: the tools are here)
OUTDIR/gitlab-lint.sh, gitlab-gate.sh            workplans:lint's script; the
                                                 gate line of promote:production
OUTDIR/env.sh                                    the variables the recipes set
"""
import re
import shlex
import sys

import yaml

doc, out = sys.argv[1], sys.argv[2]
blocks = re.findall(r"```yaml\n(.*?)```", open(doc, encoding="utf-8").read(), re.S)


def find(predicate):
    for block in blocks:
        try:
            data = yaml.safe_load(block)
        except yaml.YAMLError:
            continue
        if isinstance(data, dict) and predicate(data):
            return data
    sys.exit(f"ci_steps: no such recipe in {doc}")


def step(steps, name):
    for item in steps:
        if item.get("name") == name:
            return item["run"]
    sys.exit(f"ci_steps: no step '{name}' in {doc}")


def write(name, text):
    with open(f"{out}/{name}", "w", encoding="utf-8") as handle:
        handle.write("set -e\n" + text + "\n")


github = find(lambda d: "jobs" in d and "lint" in d["jobs"])
write("github-lint-install.sh", step(github["jobs"]["lint"]["steps"], "Install wp"))
write("github-lint.sh", step(github["jobs"]["lint"]["steps"], "Lint workplans"))
promote = find(lambda d: "promote" in d)
write("github-promote-install.sh", step(promote["promote"]["steps"], "Install wp"))
write("github-gate.sh", step(promote["promote"]["steps"], "Gate"))

gitlab = find(lambda d: ".wp" in d)
before = [line for line in gitlab[".wp"]["before_script"] if not line.startswith("apt-get")]
write("gitlab-before.sh", "\n".join(before))
write("gitlab-lint.sh", "\n".join(gitlab["workplans:lint"]["script"]))
gate = [line for line in gitlab["promote:production"]["script"] if line.startswith("wp gate check")]
write("gitlab-gate.sh", "\n".join(gate))

variables = dict(github["env"])
variables.update(gitlab["variables"])
with open(f"{out}/env.sh", "w", encoding="utf-8") as handle:
    for key, value in variables.items():
        handle.write(f"export {key}={shlex.quote(str(value))}\n")
