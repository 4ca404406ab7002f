/// The HTML form of ``WorkspaceReport``: one self-contained file (inline CSS,
/// no scripts, no network fetches) that reads well on screen and on paper.
extension WorkspaceReport: OutputView {
    public static let formats: [OutputFormat] = [.markdown, .json, .html]

    /// HTML lays the graph out with Graphviz when it is installed, else shows the Mermaid source.
    public func render(_ format: OutputFormat, in context: RenderContext) throws(RenderError) -> String {
        switch format {
        case .markdown: renderMarkdown()
        case .json: try json(self)
        case .html: renderHTML(svg: Graphviz.svg(dot))
        default: throw unsupported(format)
        }
    }

    /// - Parameter svg: the dependency graph as SVG (from Graphviz), or nil to show the Mermaid source.
    func renderHTML(svg: String?) -> String {
        var body = ""
        let tasks = workplans.reduce(0) { $0 + $1.progress.total }
        let done = workplans.reduce(0) { $0 + $1.progress.complete }
        body += "<header><h1>Workplan report: \(escape(repo))</h1>"
        body += "<p class=\"meta\">Generated \(escape(generated)) by wp \(escape(WorkplanKitVersion.current))</p>"
        body += "<ul class=\"stats\">"
        body += stat("\(workplans.count)", "workplans") + stat("\(done)/\(tasks)", "tasks complete")
        body += stat("\(blocked.count)", "blocked", alert: !blocked.isEmpty)
        body += stat("\(pendingDecisions.count)", pendingDecisions.count == 1 ? "pending decision" : "pending decisions", alert: !pendingDecisions.isEmpty)
        body += stat("\(gates.filter { $0.result == .pass }.count)/\(gates.count)", "gates passing", alert: gates.contains { $0.result != .pass })
        body += "</ul></header>"

        body += "<section><h2>Progress</h2><table><thead><tr><th>Workplan</th><th>Repo</th><th>Status</th><th>Progress</th><th>Updated</th></tr></thead><tbody>"
        for row in workplans {
            let percent = row.progress.total == 0 ? 0 : row.progress.complete * 100 / row.progress.total
            body += "<tr><td><strong>\(escape(row.id))</strong><br><span class=\"title\">\(escape(row.title))</span></td>"
            body += "<td>\(escape(row.repo))</td><td><span class=\"status s-\(cssClass(row.status))\">\(escape(row.status))</span></td>"
            body += "<td><div class=\"bar\" role=\"img\" aria-label=\"\(percent)%\"><div style=\"width:\(percent)%\"></div></div>"
            body += "<span class=\"count\">\(row.progress.complete)/\(row.progress.total)</span></td>"
            body += "<td>\(escape(row.updated ?? "—"))\(row.stale ? " <span class=\"stale\">stale</span>" : "")</td></tr>"
        }
        body += "</tbody></table></section>"

        body += "<section><h2>Blocked tasks</h2>"
        if blocked.isEmpty { body += "<p>None.</p>" }
        for entry in blocked {
            body += "<div class=\"card\"><h3>\(escape(entry.id)) <span class=\"status s-\(cssClass(entry.status))\">\(escape(entry.status))</span></h3>"
            body += "<p class=\"title\">\(escape(entry.title)) <span class=\"where\">\(escape(entry.path)):\(entry.line) · \(escape(entry.repo))</span></p><ul>"
            if entry.blockers.isEmpty {
                body += "<li>status <code>\(escape(entry.status))</code>\(entry.reason.map { ": " + escape($0) } ?? " with no reason given")</li>"
            }
            for blocker in entry.blockers {
                body += "<li>blocked on <strong>\(escape(blocker.id ?? blocker.ref))</strong> (\(escape(Self.describe(blocker))))"
                let roots = blocker.roots.filter { $0.chain.count > 1 }
                if !roots.isEmpty {
                    body += "<ul>" + roots.map { "<li>root: <strong>\(escape($0.id))</strong> <code>\(escape($0.status ?? $0.reason))</code> <span class=\"chain\">\(escape($0.printedChain.joined(separator: " → ")))</span></li>" }.joined() + "</ul>"
                }
                if let more = blocker.omittedRoots { body += "<ul><li>… \(more) more root\(more == 1 ? "" : "s")</li></ul>" }
                body += "</li>"
            }
            if let more = entry.omittedBlockers { body += "<li>… \(more) more blocker\(more == 1 ? "" : "s")</li>" }
            body += "</ul></div>"
        }
        body += "</section>"

        body += "<section><h2>Pending decisions</h2>"
        body += pendingDecisions.isEmpty ? "<p>None.</p>" : "<ul>" + pendingDecisions.map {
            "<li><strong>\(escape($0.id))</strong> \(escape($0.title))\($0.blocks.isEmpty ? "" : " — blocks " + escape($0.blocks.joined(separator: ", ")))</li>"
        }.joined() + "</ul>"
        body += "</section>"

        body += "<section><h2>Gates</h2>"
        if gates.isEmpty { body += "<p>None defined.</p>" }
        for gate in gates {
            body += "<div class=\"card\"><h3>\(escape(gate.id)) <span class=\"status s-\(gate.result.rawValue)\">\(gate.result.rawValue)</span></h3>"
            if let title = gate.title { body += "<p class=\"title\">\(escape(title))</p>" }
            body += "<ul class=\"reqs\">" + gate.requirements.map {
                "<li class=\"\($0.met ? "met" : "unmet")\"><span class=\"mark\">\($0.met ? "✓" : "✗")</span> <strong>\(escape($0.ref))</strong>: \(escape($0.reason))</li>"
            }.joined() + "</ul></div>"
        }
        body += "</section>"

        let stale = workplans.filter(\.stale)
        body += "<section><h2>Stale workplans</h2><p>Open workplans whose <code>updated</code> is more than \(staleAfterDays) days old.</p>"
        body += stale.isEmpty ? "<p>None.</p>" : "<ul>" + stale.map {
            "<li><strong>\(escape($0.id))</strong> \(escape($0.title)): updated \(escape($0.updated ?? "never")) (\($0.daysSinceUpdate ?? 0) days ago)</li>"
        }.joined() + "</ul>"
        body += "</section>"

        body += "<section class=\"graph\"><h2>Dependency graph</h2>"
        if let svg {
            body += "<div class=\"svg\">\(svg)</div>"
        } else {
            body += "<p>Graphviz (<code>dot</code>) was not installed when this report was made; the graph in Mermaid (paste it into any Mermaid renderer):</p><pre>\(mermaid.htmlLines)</pre>"
        }
        body += "</section>"

        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Workplan report: \(escape(repo))</title>
            <style>\(Self.css)\(roleCSS())</style>
            </head>
            <body>
            \(body)
            </body>
            </html>

            """
    }

    private func stat(_ value: String, _ label: String, alert: Bool = false) -> String {
        "<li class=\"\(alert ? "alert" : "")\"><span class=\"value\">\(escape(value))</span> \(escape(label))</li>"
    }

    /// Rules for the statuses the fixed ones in ``css`` do not name (a renamed lifecycle's):
    /// the colour of their role, as the default statuses with that role have. Empty for the
    /// default lifecycles, whose page stays as it was.
    func roleCSS() -> String {
        let named = Set(Self.css.matches(of: /\.s-([A-Za-z0-9-]+)/).map { String($0.1) })
        let colours: [(role: Lifecycle.Role, rule: String)] = [
            (.complete, "background:#d4edda;color:#1b5e20"), (.active, "background:#cce5ff;color:#0d47a1"),
            (.waiting, "background:#fff3cd;color:#7a5d00"),
        ]
        var classes = [[String]](repeating: [], count: colours.count)
        var seen = named
        for lifecycle in [lifecycles.task, lifecycles.workplan, lifecycles.decision] {
            for status in lifecycle.statuses {
                let roles = lifecycle.roles(of: status)
                // Closed statuses keep the plain badge, as cancelled and rejected do.
                guard !roles.contains(.closed), let colour = colours.firstIndex(where: { roles.contains($0.role) }),
                      seen.insert(cssClass(status.rawValue)).inserted else { continue }
                classes[colour].append(".s-" + cssClass(status.rawValue))
            }
        }
        return zip(classes, colours).filter { !$0.0.isEmpty }.map { "\n" + $0.0.joined(separator: ",") + "{\($0.1.rule)}" }.joined()
    }

    private func cssClass(_ status: String) -> String {
        String(status.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// HTML text: control characters shown, `& < > "` as entities (see ``Swift/String/htmlText``).
    func escape(_ text: String) -> String {
        text.htmlText
    }

    static let css = """
        :root{--fg:#1d2327;--muted:#5f6b76;--line:#d9dee3;--ok:#2e7d32;--bad:#c62828;--warn:#b8860b;--info:#1565c0}
        *{box-sizing:border-box}
        body{font:15px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);max-width:1100px;margin:2rem auto;padding:0 1.25rem}
        h1{font-size:1.7rem;margin:0}h2{font-size:1.2rem;border-bottom:2px solid var(--line);padding-bottom:.3rem;margin-top:2rem}
        h3{font-size:1rem;margin:0 0 .3rem}
        .meta,.where,.title{color:var(--muted)}.where{font-size:.85em}
        .stats{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0;margin:1rem 0}
        .stats li{border:1px solid var(--line);border-radius:8px;padding:.5rem .9rem}.stats li.alert{border-color:var(--bad)}
        .stats .value{font-weight:700;font-size:1.2rem}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
        th{font-size:.85em;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
        .bar{display:inline-block;width:120px;height:10px;background:#eceff1;border-radius:5px;overflow:hidden;vertical-align:middle;margin-right:.4rem}
        .bar div{height:100%;background:var(--ok)}.count{font-variant-numeric:tabular-nums}
        .status{display:inline-block;font-size:.8em;padding:.05rem .45rem;border-radius:9px;background:#eceff1}
        .s-done,.s-finished,.s-resolved,.s-pass{background:#d4edda;color:#1b5e20}
        .s-in-progress,.s-active{background:#cce5ff;color:#0d47a1}
        .s-blocked,.s-fail,.s-error{background:#f8d7da;color:#8e0000}
        .s-wait,.s-pending,.s-paused{background:#fff3cd;color:#7a5d00}
        .stale{color:var(--warn);font-weight:600}
        .card{border:1px solid var(--line);border-radius:8px;padding:.7rem .9rem;margin:.6rem 0;break-inside:avoid}
        .chain{color:var(--muted);font-size:.9em}
        .reqs{list-style:none;padding-left:0}.reqs .mark{font-weight:700}.reqs .met .mark{color:var(--ok)}.reqs .unmet .mark{color:var(--bad)}
        code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.88em}
        pre{background:#f6f8fa;padding:.8rem;overflow:auto;border-radius:6px}
        .svg svg{max-width:100%;height:auto}
        @media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}.stats li{border-color:#999}a{color:inherit}}
        """
}
