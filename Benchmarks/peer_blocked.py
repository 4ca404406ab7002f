#!/usr/bin/env python3
"""A Python peer of `wp status --blocked`: lists the blocked tasks of a workspace.

    python3 Benchmarks/peer_blocked.py REPO_DIR [--ids]

Reads REPO_DIR/.wp.yaml and its `path` peers (their own `include:` patterns),
loads every matching file with python-frontmatter, parses the markdown with
markdown-it-py (CommonMark + tables), takes ```task / ```decision fences and
prose decisions (`**Decision D-01 — …** (pending; required before T04)` and a
later `**Resolution (date, who):**` in the same section), resolves references
(global, short `T05`/`D-01`, repo-qualified `repo:ID`) and applies the
blocking rule of docs/format.md: a task that is not done/cancelled is blocked
when its status is blocked/wait, or a `depends_on` target, a workplan
`depends_on` target or a decision that blocks it is not complete (unresolved
references are never complete).

It is the benchmark's "what a team would script in an afternoon" baseline:
the same answer (the count is compared with wp and the generator), none of
wp's positions, diagnostics or lint. Prints one line per blocked task with
--ids, and always a last line `N blocked tasks`.
"""

import argparse
import os
import re
import sys
from pathlib import Path

import frontmatter
import yaml
from markdown_it import MarkdownIt

WP_ID = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-WP-[0-9]+"
SHORT = re.compile(r"^([A-Z]{1,3})-?([0-9]+)$")
DECISION = re.compile(r"^\*\*Decision\s+([A-Z]{1,3}-?[0-9]+)\s*[—–:-]\s*(.*?)\*\*\s*(?:\(([^)]*)\))?")
RESOLUTION = re.compile(r"^\*\*Resolution\s*\(([^,)]*)(?:,\s*([^)]*))?\):\*\*\s*(.*)", re.S)
IDS_IN_TEXT = re.compile(r"\b(?:%s(?:-[A-Z0-9]{1,3})?|[A-Z]{1,3}-?[0-9]+)\b" % WP_ID)


def load_config(root):
    path = root / ".wp.yaml"
    cfg = {}
    if path.exists():
        cfg = yaml.safe_load(path.read_text()) or {}
    name = cfg.get("repo") or root.name
    include = cfg.get("include") or ["workplans/**/*.md"]
    return name, include, cfg.get("peers") or {}


def files_of(root, include):
    seen = set()
    for pattern in include:
        for p in sorted(root.glob(pattern)):
            if p.is_file() and p not in seen:
                seen.add(p)
                yield p


def short_to_global(wp_id, text):
    m = SHORT.match(text)
    return "%s-%s%s" % (wp_id, m.group(1), m.group(2)) if m else text


class Workspace:
    def __init__(self):
        self.elements = {}   # id -> list of (repo, kind, record)
        self.workplans = []  # (repo, record)
        self.md = MarkdownIt("commonmark").enable("table")

    def add(self, ident, repo, kind, record):
        self.elements.setdefault(ident, []).append((repo, kind, record))

    def read_repo(self, repo, root, include):
        for path in files_of(root, include):
            self.read_file(repo, path)

    def read_file(self, repo, path):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            return  # runbooks (gates only): nothing blocking lives there
        post = frontmatter.loads(text)
        meta = post.metadata
        wp_id = str(meta.get("id") or re.match(WP_ID, path.name).group(0))
        wp = {"id": wp_id, "repo": repo, "status": str(meta.get("status", "")),
              "depends_on": as_list(meta.get("depends_on")), "tasks": [], "decisions": []}
        self.workplans.append(wp)
        self.add(wp_id, repo, "workplan", wp)
        tokens = self.md.parse(post.content)
        section_decisions = []
        for i, tok in enumerate(tokens):
            if tok.type == "heading_open":
                section_decisions = []
            elif tok.type == "fence":
                info = tok.info.split()[0] if tok.info.split() else ""
                if info == "task":
                    data = yaml.safe_load(tok.content) or {}
                    task = {"id": str(data.get("id")), "status": str(data.get("status", "")),
                            "depends_on": as_list(data.get("depends_on")), "wp": wp}
                    wp["tasks"].append(task)
                    self.add(task["id"], repo, "task", task)
                elif info == "decision":
                    data = yaml.safe_load(tok.content) or {}
                    did = short_to_global(wp_id, str(data.get("id")))
                    dec = {"id": did, "status": str(data.get("status", "pending")),
                           "blocks": as_list(data.get("blocks")), "wp": wp}
                    wp["decisions"].append(dec)
                    self.add(did, repo, "decision", dec)
            elif tok.type == "inline" and i > 0 and tokens[i - 1].type == "paragraph_open":
                content = tok.content
                m = DECISION.match(content)
                if m:
                    paren = m.group(3) or ""
                    status = paren.split(";")[0].split()[0] if paren.split(";")[0].split() else "pending"
                    blocks = IDS_IN_TEXT.findall(paren.split(";", 1)[1]) if ";" in paren else []
                    dec = {"id": short_to_global(wp_id, m.group(1)), "status": status, "blocks": blocks, "wp": wp}
                    wp["decisions"].append(dec)
                    self.add(dec["id"], repo, "decision", dec)
                    section_decisions.append(dec)
                    continue
                m = RESOLUTION.match(content)
                if m and section_decisions:
                    section_decisions[-1]["status"] = "resolved"

    def resolve(self, ref, wp):
        repo = None
        if ":" in ref:
            repo, ref = ref.split(":", 1)
        candidates = self.elements.get(ref) or self.elements.get(short_to_global(wp["id"], ref)) or []
        if repo is not None:
            candidates = [c for c in candidates if c[0] == repo]
        if len(candidates) > 1:
            same = [c for c in candidates if c[0] == wp["repo"]]
            candidates = same if len(same) == 1 else []
        return candidates[0] if len(candidates) == 1 else None

    def complete(self, ref, wp):
        hit = self.resolve(ref, wp)
        if hit is None:
            return False
        _, kind, rec = hit
        status = rec["status"]
        return {"workplan": status == "finished", "task": status in ("done", "cancelled"),
                "decision": status == "resolved"}[kind]

    def blocked_tasks(self):
        out = []
        for wp in self.workplans:
            wp_open = any(not self.complete(r, wp) for r in wp["depends_on"])
            for task in wp["tasks"]:
                if task["status"] in ("done", "cancelled"):
                    continue
                short = task["id"][len(wp["id"]) + 1:] if task["id"].startswith(wp["id"] + "-") else task["id"]
                blocked = (task["status"] in ("blocked", "wait") or wp_open
                           or any(not self.complete(r, wp) for r in task["depends_on"])
                           or any(d["status"] != "resolved" and
                                  (short in [b.replace("-", "") if SHORT.match(b) else b for b in d["blocks"]]
                                   or task["id"] in d["blocks"])
                                  for d in wp["decisions"]))
                if blocked:
                    out.append(task["id"])
        return out


def as_list(value):
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("repo_dir")
    ap.add_argument("--ids", action="store_true")
    args = ap.parse_args()
    root = Path(args.repo_dir).resolve()
    name, include, peers = load_config(root)
    ws = Workspace()
    ws.read_repo(name, root, include)
    for peer, spec in sorted(peers.items()):
        if isinstance(spec, dict) and "path" in spec:
            proot = (root / spec["path"]).resolve()
            pname, pinclude, _ = load_config(proot)
            ws.read_repo(peer, proot, pinclude)
    blocked = ws.blocked_tasks()
    if args.ids:
        for ident in sorted(blocked):
            print(ident)
    print("%d blocked tasks" % len(blocked))


if __name__ == "__main__":
    main()
