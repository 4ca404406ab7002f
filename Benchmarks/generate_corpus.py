#!/usr/bin/env python3
"""Deterministic, seeded generator of a realistic multi-repo workplan workspace.

    python3 Benchmarks/generate_corpus.py OUT_DIR [--workplans 1000] [--repos 4]
        [--seed 7] [--blocked-share 0.10] [--check]

Writes OUT_DIR/<repo>/.wp.yaml, OUT_DIR/<repo>/workplans/<area>/<ID>-<slug>.md and
OUT_DIR/<repo>/docs/runbooks/<repo>-promotion.md (```gate blocks), plus
OUT_DIR/manifest.json (not part of the corpus: what the generator knows to be true,
e.g. the exact number of blocked tasks and the gate to benchmark).

The output depends only on the arguments: the same seed gives byte-identical
files. The generator prints a SHA-256 over every corpus file (sorted path,
length, bytes); `--check` regenerates in memory and compares with what is on
disk (exit 1 on any difference). Only integer-based `random.Random` calls are
used (randrange/choice/sample/getrandbits), which are stable across Python 3
versions and platforms.

The prose imitates the real corpus (shared/corpus): front matter with a
state-hub id, goal/placement/evidence/safety sections, a cross-repo
coordination table, `### T04 — title` headings with ```task blocks
(id/status/priority/depends_on, sometimes repo/reason/evidence), `**Done when:**`
paragraphs, bash blocks, option tables, prose decisions
`**Decision D-01 — title** (pending; required before T04)` and
`**Resolution (2026-05-18, bernd):** Option D.`, `depends_on` chains inside a
workplan and repo-qualified references into other repos
(`other-repo:PREFIX-WP-0123`).

Blocking is controlled exactly: after every task's status is chosen, exactly
round(blocked_share * tasks) open tasks (or all open ones, if fewer) are made
blocked, each through one mechanism: a waiting status (blocked/wait with a
reason), a `depends_on` on an earlier open task of the same workplan, a
repo-qualified `depends_on` on an unfinished workplan or open task of another
repo, or a pending prose decision that names the task. Every other task depends
only on complete things (done tasks, finished workplans), and workplan-level
`depends_on` only names finished workplans, so the blocked set is exactly the
chosen one under the rule of docs/format.md ("Completeness and blocking").
"""

import argparse
import hashlib
import json
import os
import random
import sys

# ---------------------------------------------------------------------------
# Vocabulary

REPO_NAMES = [
    ("platform-core", "PLAT"), ("apps-delivery", "APPS"), ("data-services", "DATA"),
    ("edge-network", "EDGE"), ("identity-hub", "IDH"), ("observability-stack", "OBS"),
    ("billing-apps", "BILL"), ("ml-pipeline", "MLP"),
]
AREAS = ["infra", "apps", "security", "ops", "migrations"]
OWNERS = ["railiance", "platform-team", "apps-team", "sre", "data-team"]
PEOPLE = ["bernd", "anna", "jonas", "mira", "tegwick", "lea", "karl", "ines"]
SERVICES = [
    "vergabe-teilnahme", "gitea", "keycloak", "apps-pg", "grafana", "loki", "minio",
    "net-kingdom", "traefik", "cert-manager", "harbor", "argo-cd", "vault", "redis-shared",
    "kafka-events", "billing-api", "search-index", "mail-relay", "backup-runner",
    "docs-portal", "issue-core", "feedback-service", "tenant-router", "sso-gateway",
]
VERBS = [
    "Provision", "Migrate", "Harden", "Document", "Automate", "Inventory", "Rotate",
    "Upgrade", "Decommission", "Benchmark", "Wire", "Publish", "Verify", "Backfill",
    "Split", "Consolidate", "Encrypt", "Monitor", "Expose", "Restore",
]
OBJECTS = [
    "PostgreSQL role and database", "Helm release", "ingress and TLS", "container image",
    "SOPS-encrypted values", "backup schedule", "restore drill", "network policy",
    "service account", "Prometheus alerts", "Grafana dashboard", "DNS records",
    "OCI registry namespace", "runbook", "CI pipeline", "secret rotation job",
    "storage class", "PVC for media", "readiness probes", "rate limits",
    "audit log export", "SSO client", "cnpg cluster", "object-storage bucket",
]
ADJ = ["shared", "dedicated", "isolated", "production", "staging", "regional", "legacy", "new"]
NOUNS = [
    "cluster", "namespace", "operator", "deployment", "release", "registry", "bucket",
    "gateway", "pipeline", "database", "certificate", "workload", "node pool", "tenant",
]
CHECK_PHRASES = [
    "returns `HTTP 200` from a pod on the cluster",
    "is recorded in the SOPS values used by the release",
    "renders cleanly with `--dry-run` and contains no plaintext secrets",
    "has run once in staging and once in production without manual steps",
    "is documented in the runbook with the exact commands",
    "reports `Ready=True` for at least 24 hours",
    "passes the smoke checklist and `kubectl logs` shows no unexpected errors",
    "can be restored into an isolated namespace from last night's backup",
    "is visible on the shared Grafana dashboard with an alert attached",
    "survives a pod restart without data loss",
]
FILLER = [
    "This keeps the blast radius small and the rollback path obvious.",
    "Nothing here changes cluster-level resources; those belong to the platform repo.",
    "The operator records the exact commands in the workplan log as they run.",
    "Secrets never leave SOPS in clear text, not even in CI logs.",
    "If the change needs more capacity, pause and open a follow-up task instead.",
    "Üblicherweise läuft das über den gemeinsamen Helm-Workflow; keine Sonderwege.",
    "The previous attempt failed on a missing `imagePullSecret`; this time the package is public.",
    "Record the image digest, not only the tag, so a rollback is reproducible.",
    "The change is staged first, then promoted after one quiet day.",
    "Treat this as the reference pattern for the next application on the cluster.",
    "Coordinate the maintenance window in the shared channel a day ahead.",
    "Use the existing Makefile targets; do not add one-off scripts to the repo root.",
]
CODE_LINES = [
    "kubectl -n {ns} get pods -o wide",
    "helm upgrade --install {svc} charts/{svc} -n {ns} -f helm/{svc}-values.yaml",
    "kubectl -n {ns} rollout status deploy/{svc} --timeout=120s",
    "sops -d helm/{svc}-values.sops.yaml | yq '.image.tag'",
    "docker build -t gitea.coulomb.social/coulomb/{svc}:$(git rev-parse --short HEAD) .",
    "docker push gitea.coulomb.social/coulomb/{svc}:$(git rev-parse --short HEAD)",
    "kubectl -n databases get clusters.postgresql.cnpg.io",
    "curl -fsS https://{svc}.whywhynot.de/health/",
    "make {svc}-status",
    "kubectl -n {ns} logs deploy/{svc} --since=10m | grep -i error || true",
]
FINDINGS = [
    "cluster reports `Ready=True` (3d)",
    "the old secret is still mounted by one cron job",
    "two stale certificates in unrelated namespaces fail renewal",
    "the registry answers `HTTP 405` to `HEAD`, which is expected",
    "backup job includes the new database since last night",
    "dashboard shows p95 latency below 180 ms",
    "the chart renders two objects (Deployment + Service)",
]

DATES = ["2026-%02d-%02d" % (m, d) for m in range(1, 13) for d in (3, 7, 11, 14, 18, 19, 22, 27)]


def uuid_from(rng):
    h = "%032x" % rng.getrandbits(128)
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def slugify(text):
    out = []
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")[:48].strip("-")


# ---------------------------------------------------------------------------
# Pass 1: the model (ids, statuses, dependencies) — decided before any text.

WP_STATUS_TABLE = (["finished"] * 30 + ["active"] * 35 + ["backlog"] * 15 + ["proposed"] * 8
                   + ["draft"] * 5 + ["paused"] * 5 + ["cancelled"] * 2)
PRIORITIES = ["critical"] + ["high"] * 4 + ["medium"] * 5 + ["low"] * 2


class Task:
    __slots__ = ("wp", "index", "short", "id", "title", "status", "priority", "deps",
                 "blocked_by", "reason", "repo_field", "evidence", "done_on", "decision_here",
                 "resolved_decision_here", "uuid")

    def __init__(self, wp, index, short):
        self.wp = wp
        self.index = index
        self.short = short
        self.id = "%s-%s" % (wp.id, short)
        self.title = ""
        self.status = "todo"
        self.priority = "medium"
        self.deps = []            # list of (rendered reference text, target object)
        self.blocked_by = None    # mechanism name, for the manifest
        self.reason = None
        self.repo_field = None
        self.evidence = None
        self.done_on = None
        self.decision_here = None           # a pending Decision that blocks this task
        self.resolved_decision_here = None  # a resolved Decision written in this section
        self.uuid = None

    @property
    def complete(self):
        return self.status in ("done", "cancelled")


class Decision:
    __slots__ = ("wp", "short", "title", "blocks", "resolved", "date", "who", "option")

    def __init__(self, wp, short, title, blocks, resolved, date, who, option):
        self.wp, self.short, self.title, self.blocks = wp, short, title, blocks
        self.resolved, self.date, self.who, self.option = resolved, date, who, option

    @property
    def id(self):
        return "%s-D%s" % (self.wp.id, self.short[2:])


class Workplan:
    __slots__ = ("repo", "prefix", "number", "id", "status", "title", "slug", "area",
                 "tasks", "item_letter", "deps", "created", "updated", "priority", "order",
                 "owner", "decisions", "service", "uuid")

    def __init__(self, repo, prefix, number):
        self.repo, self.prefix, self.number = repo, prefix, number
        self.id = "%s-WP-%04d" % (prefix, number)
        self.tasks = []
        self.deps = []
        self.decisions = []

    @property
    def complete(self):
        return self.status == "finished"


def build_model(args):
    rng = random.Random(args.seed)
    repos = []
    for i in range(args.repos):
        name, prefix = REPO_NAMES[i % len(REPO_NAMES)]
        if i >= len(REPO_NAMES):
            name, prefix = "%s-%d" % (name, i // len(REPO_NAMES)), "%s%d" % (prefix, i // len(REPO_NAMES))
        repos.append((name, prefix))

    workplans = []
    per_repo = {name: [] for name, _ in repos}
    for n in range(args.workplans):
        name, prefix = repos[n % len(repos)]
        wp = Workplan(name, prefix, len(per_repo[name]) + 1)
        per_repo[name].append(wp)
        workplans.append(wp)
        wp.status = rng.choice(WP_STATUS_TABLE)
        wp.service = rng.choice(SERVICES)
        verb, obj = rng.choice(VERBS), rng.choice(OBJECTS)
        wp.title = "%s %s for %s" % (verb, obj, wp.service)
        wp.slug = slugify("%s %s %s" % (verb, wp.service, obj))
        wp.area = rng.choice(AREAS)
        wp.owner = rng.choice(OWNERS)
        wp.priority = rng.choice(["high", "medium", "medium", "low"])
        wp.order = wp.number
        ci = rng.randrange(len(DATES) - 6)
        wp.created = DATES[ci]
        wp.updated = DATES[ci + rng.randrange(6)]
        wp.uuid = uuid_from(rng)
        wp.item_letter = "I" if rng.randrange(8) == 0 else "T"
        # ~10–30 tasks: 10 + a geometric tail (mean ≈ 2), capped at 30.
        count = 10
        while count < 30 and rng.randrange(3) != 0:
            count += 1
        for k in range(count):
            t = Task(wp, k, "%s%02d" % (wp.item_letter, k + 1))
            t.priority = rng.choice(PRIORITIES)
            t.title = "%s %s %s" % (rng.choice(VERBS), rng.choice(ADJ), rng.choice(OBJECTS))
            t.uuid = uuid_from(rng)
            wp.tasks.append(t)
        assign_task_statuses(rng, wp)

    all_tasks = [t for wp in workplans for t in wp.tasks]
    open_tasks = [t for t in all_tasks if not t.complete]
    target = min(len(open_tasks), int(round(args.blocked_share * len(all_tasks))))
    chosen = set(id(t) for t in rng.sample(open_tasks, target))

    unfinished_by_repo = {name: [w for w in per_repo[name] if not w.complete] for name, _ in repos}
    finished_by_repo = {name: [w for w in per_repo[name] if w.complete] for name, _ in repos}
    open_by_repo = {name: [t for w in per_repo[name] for t in w.tasks if not t.complete] for name, _ in repos}
    done_by_repo = {name: [t for w in per_repo[name] for t in w.tasks if t.status == "done"] for name, _ in repos}
    repo_names = [name for name, _ in repos]

    def other_repo(here):
        if len(repo_names) == 1:
            return here
        while True:
            r = rng.choice(repo_names)
            if r != here:
                return r

    decision_counter = {}

    def new_decision(wp, blocks, resolved):
        decision_counter[wp.id] = decision_counter.get(wp.id, 0) + 1
        short = "D-%02d" % decision_counter[wp.id]
        title = "%s target for `%s`" % (rng.choice(["cnpg", "storage", "chart", "registry", "DNS", "backup"]),
                                          rng.choice(SERVICES))
        d = Decision(wp, short, title, blocks, resolved, rng.choice(DATES), rng.choice(PEOPLE),
                     rng.choice("ABCD"))
        wp.decisions.append(d)
        return d

    for wp in workplans:
        # Workplan-level depends_on: only finished workplans (so never blocking).
        if rng.randrange(4) == 0:
            for _ in range(rng.randrange(1, 3)):
                r = rng.choice(repo_names)
                pool = finished_by_repo[r]
                if not pool:
                    continue
                target_wp = rng.choice(pool)
                if target_wp is wp:
                    continue
                text = target_wp.id if r == wp.repo else "%s:%s" % (r, target_wp.id)
                if all(t != text for t, _ in wp.deps):
                    wp.deps.append((text, target_wp))
        for t in wp.tasks:
            earlier_done = [u for u in wp.tasks[:t.index] if u.status == "done"]
            earlier_open = [u for u in wp.tasks[:t.index] if not u.complete]
            if id(t) in chosen:
                mech = rng.randrange(100)
                if mech < 20:
                    t.blocked_by = "status"
                    t.status = rng.choice(["blocked", "blocked", "wait"])
                    t.reason = "%s %s" % (rng.choice(["waiting for the maintenance window of",
                                                       "vendor ticket open for",
                                                       "needs budget approval for",
                                                       "DNS owner must confirm"]), rng.choice(SERVICES))
                elif mech < 50 and earlier_open:
                    u = rng.choice(earlier_open)
                    t.blocked_by = "task"
                    t.deps.append((u.short if rng.randrange(2) else u.id, u))
                elif mech < 75:
                    r = other_repo(wp.repo)
                    t.blocked_by = "cross-repo"
                    if rng.randrange(2) and unfinished_by_repo[r]:
                        w2 = rng.choice(unfinished_by_repo[r])
                        t.deps.append(("%s:%s" % (r, w2.id), w2))
                    elif open_by_repo[r]:
                        u = rng.choice(open_by_repo[r])
                        t.deps.append(("%s:%s" % (r, u.id), u))
                    else:  # a repo with nothing open: fall back to a waiting status
                        t.blocked_by = "status"
                        t.status = "blocked"
                        t.reason = "waiting for %s" % r
                else:
                    t.blocked_by = "decision"
                    t.status = "todo"  # in_progress under a pending decision is a lint finding
                    t.decision_here = new_decision(wp, [t.short], resolved=False)
            # Non-blocking dependencies (on complete things) for realism.
            if rng.randrange(3) == 0 and earlier_done:
                u = rng.choice(earlier_done)
                text = u.short if rng.randrange(3) else u.id
                if all(x is not u for _, x in t.deps):
                    t.deps.append((text, u))
            if rng.randrange(10) == 0:
                r = other_repo(wp.repo)
                if rng.randrange(2) and finished_by_repo[r]:
                    w2 = rng.choice(finished_by_repo[r])
                    t.deps.append(("%s:%s" % (r, w2.id), w2))
                elif done_by_repo[r]:
                    u = rng.choice(done_by_repo[r])
                    t.deps.append(("%s:%s" % (r, u.id), u))
            if t.decision_here is None and rng.randrange(12) == 0:
                t.resolved_decision_here = new_decision(wp, [t.short], resolved=True)
            if t.status == "done" and rng.randrange(6) == 0:
                t.evidence = rng.choice(["restore-drill", "smoke-test", "backup-verified", "security-review"])
                t.done_on = rng.choice(DATES)
            if rng.randrange(15) == 0:
                t.repo_field = wp.service
    return repos, per_repo, workplans


def assign_task_statuses(rng, wp):
    n = len(wp.tasks)
    if wp.status == "finished":
        for t in wp.tasks:
            t.status = "cancelled" if rng.randrange(20) == 0 else "done"
    elif wp.status == "cancelled":
        for t in wp.tasks:
            t.status = rng.choice(["cancelled", "cancelled", "done", "todo"])
    elif wp.status in ("active", "paused"):
        done = rng.randrange(n // 4, (3 * n) // 4 + 1)
        for t in wp.tasks[:done]:
            t.status = "cancelled" if rng.randrange(25) == 0 else "done"
        for t in wp.tasks[done:]:
            t.status = "in_progress" if rng.randrange(6) == 0 else "todo"
    else:  # backlog, proposed, draft
        for t in wp.tasks:
            t.status = "done" if rng.randrange(12) == 0 else "todo"


# ---------------------------------------------------------------------------
# Pass 2: text.

def sentence(rng, wp):
    svc = rng.choice(SERVICES)
    forms = [
        "Deploy `%s` as a governed Helm release in the `%s` namespace, with its image in the Gitea OCI registry." % (svc, svc),
        "The %s %s for `%s` must be in place before any application traffic reaches it." % (rng.choice(ADJ), rng.choice(NOUNS), svc),
        "`%s` currently has no %s; the pattern from `%s` is the template." % (svc, rng.choice(OBJECTS), wp.service),
        "Every change goes through the repo's Makefile targets (`%s-deploy`, `%s-status`)." % (svc, svc),
        "The %s already exists in the `databases` namespace and reports healthy." % rng.choice(NOUNS),
        rng.choice(FILLER),
        rng.choice(FILLER),
    ]
    return rng.choice(forms)


def paragraph(rng, wp, lo=2, hi=5):
    words = [sentence(rng, wp) for _ in range(rng.randrange(lo, hi))]
    # wrap at ~76 columns like hand-written markdown
    lines, line = [], ""
    for w in " ".join(words).split(" "):
        if line and len(line) + 1 + len(w) > 76:
            lines.append(line)
            line = w
        else:
            line = w if not line else line + " " + w
    if line:
        lines.append(line)
    return "\n".join(lines)


def bullets(rng, wp, n):
    return "\n".join("- %s" % sentence(rng, wp) for _ in range(n))


def yaml_list(items):
    return "[" + ", ".join(items) + "]"


def render_workplan(rng, wp, repo_names, by_id_repo):
    out = []
    w = out.append
    w("---\n")
    w("id: %s\n" % wp.id)
    w("type: workplan\n")
    w('title: "%s"\n' % wp.title)
    w("domain: %s\n" % wp.area)
    w("repo: %s\n" % wp.repo)
    w("status: %s\n" % wp.status)
    w("owner: %s\n" % wp.owner)
    w("topic_slug: %s\n" % wp.service)
    w('created: "%s"\n' % wp.created)
    w('updated: "%s"\n' % wp.updated)
    w("planning_priority: %s\n" % wp.priority)
    w("planning_order: %d\n" % wp.order)
    if wp.deps:
        w("depends_on: %s\n" % yaml_list(t for t, _ in wp.deps))
    w('state_hub_workstream_id: "%s"\n' % wp.uuid)
    w("---\n\n")
    w("# %s\n\n" % wp.title)
    w("## Goal\n\n%s\n\n%s\n\n" % (paragraph(rng, wp, 2, 5), paragraph(rng, wp, 1, 4)))
    w("## Placement\n\nThis workplan lives in `%s` because `%s` is owned here. It adds:\n\n" % (wp.repo, wp.service))
    for _ in range(rng.randrange(3, 6)):
        w("- `%s/%s.yaml` — %s\n" % (rng.choice(["helm", "manifests", "releases", "charts"]),
                                      slugify(rng.choice(OBJECTS)), rng.choice(FILLER)))
    w("\nCross-repo coordination required:\n\n")
    w("| Concern | Owner repo | Coordination |\n|---------|------------|--------------|\n")
    for _ in range(rng.randrange(3, 7)):
        w("| %s | `%s` | %s |\n" % (rng.choice(OBJECTS).capitalize(), rng.choice(repo_names),
                                    rng.choice(["This workplan", "Capability request via hub",
                                                "Reuse — no changes expected", "Out-of-band, captured in T01"])))
    w("\n## Current Evidence\n\n%s\n\n" % bullets(rng, wp, rng.randrange(3, 7)))
    if wp.deps:
        refs = ", ".join("`%s`" % t for t, _ in wp.deps)
        w("Builds on %s, which are finished.\n\n" % refs)
    w("## Safety Contract\n\n%s\n\n" % bullets(rng, wp, rng.randrange(3, 6)))
    w("## Tasks\n\n")
    level = "##" if wp.item_letter == "I" else "###"
    for t in wp.tasks:
        render_task(rng, wp, t, level, w)
    w("## Completion Criteria\n\nThis workplan is complete when:\n\n")
    for i in range(rng.randrange(3, 7)):
        w("%d. The %s for `%s` %s.\n" % (i + 1, rng.choice(OBJECTS), wp.service, rng.choice(CHECK_PHRASES)))
    w("\n## Notes\n\n%s\n" % paragraph(rng, wp, 2, 4))
    return "".join(out)


def render_task(rng, wp, t, level, w):
    w("%s %s — %s\n\n" % (level, t.short, t.title))
    w("```task\n")
    w("id: %s\n" % t.id)
    w("status: %s\n" % t.status)
    w("priority: %s\n" % t.priority)
    if t.repo_field:
        w("repo: %s\n" % t.repo_field)
    if t.deps:
        w("depends_on: %s\n" % yaml_list(text for text, _ in t.deps))
    if t.reason:
        w('reason: "%s"\n' % t.reason)
    if t.evidence:
        w("evidence: %s\n" % t.evidence)
        w('done_on: "%s"\n' % t.done_on)
    w('state_hub_task_id: "%s"\n' % t.uuid)
    w("```\n\n")
    w("%s\n\n" % paragraph(rng, wp, 1, 4))
    kind = rng.randrange(10)
    if kind < 3:
        w("Steps:\n\n```bash\n")
        ns = rng.choice(SERVICES)
        for _ in range(rng.randrange(2, 6)):
            w(rng.choice(CODE_LINES).format(ns=ns, svc=rng.choice(SERVICES)) + "\n")
        w("```\n\n")
    elif kind < 5:
        w("Checks:\n\n%s\n\n" % bullets(rng, wp, rng.randrange(2, 5)))
    elif kind < 6:
        w("| Item | Value |\n|------|-------|\n")
        for _ in range(rng.randrange(2, 5)):
            w("| %s | `%s` |\n" % (rng.choice(NOUNS).capitalize(), rng.choice(SERVICES)))
        w("\n")
    # Prose that states the blocking (always backed by depends_on, as lint wants).
    for text, target in t.deps:
        if not target.complete and ":" in text:
            repo, ident = text.split(":", 1)
            w("Blocked on `%s` **`%s`**; the consumer recipe is recorded there.\n\n" % (repo, ident))
        elif not target.complete:
            w("Blocked on %s until it lands.\n\n" % (target.short if hasattr(target, "short") and target.wp is wp else text))
    if t.index > 0 and rng.randrange(4) == 0:
        prev = wp.tasks[rng.randrange(t.index)]
        w("Uses the result of %s (see above).\n\n" % prev.short)
    w("**Done when:** the %s for `%s` %s.\n\n" % (t.title.split(" ", 1)[1], wp.service, rng.choice(CHECK_PHRASES)))
    if t.status == "done" and rng.randrange(2) == 0:
        w("**Done (%s):**\n\n" % rng.choice(DATES))
        for _ in range(rng.randrange(2, 5)):
            w("- ✅ %s.\n" % rng.choice(FINDINGS))
        w("\n")
    for d in (t.decision_here, t.resolved_decision_here):
        if d is None:
            continue
        w("**Decision %s — %s** (pending; required before %s):\n\n" % (d.short, d.title, ", ".join(d.blocks)))
        w("| Option | Pros | Cons |\n|--------|------|------|\n")
        for opt in "ABCD":
            w("| %s. %s %s | %s | %s |\n" % (opt, rng.choice(ADJ).capitalize(), rng.choice(NOUNS),
                                             rng.choice(FILLER), rng.choice(FILLER)))
        w("\nRecommendation: **%s**. Recorded as a pending hub decision.\n\n" % d.option)
        if d.resolved:
            w("**Resolution (%s, %s):** Option %s. %s\n\n" % (d.date, d.who, d.option, rng.choice(FILLER)))
    if t.status in ("in_progress", "done") and rng.randrange(3) == 0:
        w("**Findings (%s):**\n\n" % rng.choice(DATES))
        for _ in range(rng.randrange(2, 5)):
            w("- %s\n" % rng.choice(FINDINGS))
        w("\n")
    w("---\n\n")


def render_runbook(rng, repo, per_repo, repo_names):
    wps = per_repo[repo]
    finished = [w for w in wps if w.complete]
    n_gates = max(2, len(wps) // 50)
    out = ["# %s: promotion runbook\n\n" % repo,
           "Before promotion beyond smoke use, record platform backup evidence, an isolated\n"
           "restore drill, migration result, health check and HTTPS smoke check. The deploy\n"
           "tooling asks `wp gate check` before `helm upgrade`; these blocks are what it checks.\n\n"]
    gate_ids = []
    for g in range(n_gates):
        svc = SERVICES[g % len(SERVICES)]
        gid = "%s/promote-%s-%d" % (repo, svc, g + 1)
        out.append("## Gate %d — %s\n\n%s\n\n" % (g + 1, svc, paragraph(rng, wps[0], 2, 4)))
        out.append("```gate\nid: %s\ntitle: Promote %s (stage %d)\nrequires:\n" % (gid, svc, g + 1))
        for _ in range(rng.randrange(2, 6)):
            pick = rng.choice(wps)
            out.append("  - %s\n" % pick.id)
        other = rng.choice(repo_names)
        if other != repo and per_repo[other]:
            out.append("  - %s:%s   # cross-repo\n" % (other, rng.choice(per_repo[other]).id))
        with_dec = [w for w in wps if w.decisions]
        if with_dec:
            d = rng.choice(rng.choice(with_dec).decisions)
            out.append("  - %s\n" % d.id)
        if finished:
            t = rng.choice(rng.choice(finished).tasks)
            out.append("  - ref: %s\n    status: done\n" % t.id)
        out.append("  - evidence: %s\n    max_age: 30d\n" % rng.choice(["restore-drill", "smoke-test", "backup-verified"]))
        if gate_ids:
            out.append("  - gate: %s\n" % gate_ids[-1])
        out.append("```\n\n")
        gate_ids.append(gid)
    return "".join(out), gate_ids


def generate(args):
    """Returns {relative path: bytes} for the corpus and the manifest dict."""
    repos, per_repo, workplans = build_model(args)
    repo_names = [name for name, _ in repos]
    text_rng = random.Random(args.seed * 1000003 + 17)
    files = {}
    for name, _ in repos:
        peers = "".join("  %s: {path: ../%s}\n" % (p, p) for p in repo_names if p != name)
        files["%s/.wp.yaml" % name] = (
            "# Generated benchmark repo.\nrepo: %s\ninclude: [workplans/**/*.md, docs/**/*.md]\n%s"
            % (name, ("peers:\n" + peers) if peers else "")).encode()
    for wp in workplans:
        path = "%s/workplans/%s/%s-%s.md" % (wp.repo, wp.area, wp.id, wp.slug)
        files[path] = render_workplan(text_rng, wp, repo_names, None).encode("utf-8")
    gates = {}
    for name in repo_names:
        if not per_repo[name]:
            continue
        text, gate_ids = render_runbook(text_rng, name, per_repo, repo_names)
        files["%s/docs/runbooks/%s-promotion.md" % (name, name)] = text.encode("utf-8")
        gates[name] = gate_ids
    tasks = [t for wp in workplans for t in wp.tasks]
    blocked = [t for t in tasks if is_blocked(t)]
    mechanisms = {}
    for t in blocked:
        mechanisms[t.blocked_by] = mechanisms.get(t.blocked_by, 0) + 1
    manifest = {
        "seed": args.seed, "workplans": len(workplans), "repos": repo_names,
        "tasks": len(tasks), "decisions": sum(len(w.decisions) for w in workplans),
        "blocked_tasks": len(blocked), "blocked_by_mechanism": dict(sorted(mechanisms.items())),
        "bench_repo": repo_names[0],
        "bench_gate": gates[repo_names[0]][-1] if repo_names[0] in gates else None,
        "gates": sum(len(v) for v in gates.values()),
        "bytes": sum(len(v) for v in files.values()),
        "files": len(files),
    }
    return files, manifest, workplans


def is_blocked(t):
    """docs/format.md 'Completeness and blocking', evaluated on the model."""
    if t.complete:
        return False
    if t.status in ("blocked", "wait"):
        return True
    if any(not target.complete for _, target in t.deps):
        return True
    if any(not target.complete for _, target in t.wp.deps):
        return True
    if any(not d.resolved for d in t.wp.decisions if t.short in d.blocks):
        return True
    return False


def checksum(files):
    h = hashlib.sha256()
    for path in sorted(files):
        data = files[path]
        h.update(path.encode())
        h.update(b"\0%d\0" % len(data))
        h.update(data)
    return h.hexdigest()


def taskwarrior_json(workplans):
    """The same tasks as Taskwarrior import records (one JSON object per line).

    Every wp task, decision and workplan becomes a Taskwarrior task (workplan:
    completed when finished; decision: completed when resolved); `depends` holds
    the task's depends_on targets, its workplan's depends_on targets and the
    decisions that block it; a task in a waiting status (blocked/wait) depends
    on a pending placeholder task "external: <reason>". So `task blocked`
    lists exactly the tasks wp calls blocked (plus nothing else).
    """
    ns = random.Random(4242)
    lines = []

    def uid():
        return uuid_from(ns)

    wp_uuid = {w.id: uid() for w in workplans}
    dec_uuid = {}
    for w in workplans:
        lines.append({"uuid": wp_uuid[w.id], "description": "workplan %s %s" % (w.id, w.title),
                      "status": "completed" if w.complete else "pending", "project": w.repo,
                      "entry": "20260101T000000Z", "tags": ["workplan"]})
        for d in w.decisions:
            dec_uuid[d.id] = uid()
            lines.append({"uuid": dec_uuid[d.id], "description": "decision %s %s" % (d.id, d.title),
                          "status": "completed" if d.resolved else "pending", "project": w.repo,
                          "entry": "20260101T000000Z", "tags": ["decision"]})
    for w in workplans:
        for t in w.tasks:
            deps = []
            for _, target in t.deps:
                deps.append(target.uuid if isinstance(target, Task) else wp_uuid[target.id])
            for _, target in w.deps:
                deps.append(wp_uuid[target.id])
            for d in w.decisions:
                if t.short in d.blocks:
                    deps.append(dec_uuid[d.id])
            if t.status in ("blocked", "wait"):
                ext = uid()
                lines.append({"uuid": ext, "description": "external: %s" % t.reason, "status": "pending",
                              "project": w.repo, "entry": "20260101T000000Z", "tags": ["external"]})
                deps.append(ext)
            status = {"done": "completed", "cancelled": "deleted"}.get(t.status, "pending")
            rec = {"uuid": t.uuid, "description": "%s %s" % (t.id, t.title), "status": status,
                   "project": w.repo, "priority": {"critical": "H", "high": "H", "medium": "M", "low": "L"}[t.priority],
                   "entry": "20260101T000000Z", "tags": ["task"]}
            if status != "pending":
                rec["end"] = "20260102T000000Z"
            if deps:
                rec["depends"] = sorted(set(deps))
            lines.append(rec)
    return "\n".join(json.dumps(r, sort_keys=True) for r in lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--workplans", type=int, default=1000)
    ap.add_argument("--repos", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--blocked-share", type=float, default=0.10,
                    help="share of all tasks that are blocked (exact, capped by the open tasks)")
    ap.add_argument("--check", action="store_true", help="regenerate and compare with OUT (no writes)")
    ap.add_argument("--taskwarrior", metavar="FILE", help="also write the Taskwarrior import JSON here")
    args = ap.parse_args()

    files, manifest, workplans = generate(args)
    digest = checksum(files)
    manifest["sha256"] = digest
    if args.check:
        on_disk = {}
        for path in files:
            full = os.path.join(args.out, path)
            if os.path.exists(full):
                with open(full, "rb") as f:
                    on_disk[path] = f.read()
        disk_digest = checksum(on_disk) if len(on_disk) == len(files) else "missing files"
        ok = disk_digest == digest
        print("check: %s (generated %s, on disk %s)" % ("identical" if ok else "DIFFERENT", digest, disk_digest))
        sys.exit(0 if ok else 1)

    for path in sorted(files):
        full = os.path.join(args.out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(files[path])
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
        f.write("\n")
    if args.taskwarrior:
        with open(args.taskwarrior, "w") as f:
            f.write(taskwarrior_json(workplans))
    print(json.dumps(manifest, sort_keys=True))


if __name__ == "__main__":
    main()
