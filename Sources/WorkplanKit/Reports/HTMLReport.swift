/// The HTML form of ``WorkspaceReport``: one self-contained file (inline CSS, one
/// inline script, no network fetches) that reads well on screen and on paper.
///
/// The script only adds a filter box; without it every section is shown in full. A
/// Content-Security-Policy lets nothing but that script (by its hash) run and nothing load.
extension WorkspaceReport: JSONStreamingView {
    public static let formats: [OutputFormat] = [.markdown, .json, .html]

    /// HTML lays the graph out with Graphviz when it is installed, else shows the Mermaid source.
    public func render(_ format: OutputFormat, in context: RenderContext) throws(RenderError) -> String {
        switch format {
        case .markdown: renderMarkdown()
        case .json: try json(streamedJSON)
        case .html:
            switch Graphviz.render(dot) {
            case .success(let svg): renderHTML(svg: svg)
            case .failure(let failure): renderHTML(svg: nil, graphvizFailure: failure)
            }
        default: throw unsupported(format)
        }
    }

    public func render(_ format: OutputFormat, in context: RenderContext, to sink: inout some OutputSink) throws(RenderError) {
        try renderStreamingJSON(format, in: context, to: &sink)
    }

    /// The members of the synthesized `encode(to:)` (``CodingKeys``), the large arrays element by element.
    public var streamedJSON: StreamedJSON {
        .object([
            CodingKeys.generated.stringValue: .encoded(generated),
            CodingKeys.repo.stringValue: .encoded(repo),
            CodingKeys.staleAfterDays.stringValue: .encoded(staleAfterDays),
            CodingKeys.workplans.stringValue: .array(workplans),
            CodingKeys.blocked.stringValue: .array(blocked),
            CodingKeys.pendingDecisions.stringValue: .array(pendingDecisions),
            CodingKeys.gates.stringValue: .array(gates),
            CodingKeys.problems.stringValue: .array(problems),
            CodingKeys.mermaid.stringValue: .encoded(mermaid),
        ])
    }

    /// - Parameters:
    ///   - svg: the dependency graph as SVG (from Graphviz), or nil to show the Mermaid source.
    ///   - graphvizFailure: why there is no SVG (said in the page); nil reads as not installed.
    func renderHTML(svg: String?, graphvizFailure: Graphviz.Failure = .notInstalled) -> String {
        // One growing buffer, appended to in place: linear in the size of the page.
        var body = ""
        body.reserveCapacity(4_096 + (workplans.count + blocked.count) * 640 + (svg?.utf8.count ?? mermaid.utf8.count))
        let tasks = workplans.reduce(0) { $0 + $1.progress.total }
        let done = workplans.reduce(0) { $0 + $1.progress.complete }
        body += "<header><h1>Workplan report: \(escape(repo))</h1>"
        body += "<p class=\"meta\">Generated \(escape(generated)) by wp \(escape(WorkplanKitVersion.current))</p>"
        body += "<ul class=\"stats\">"
        body += stat("\(workplans.count)", "workplans") + stat("\(done)/\(tasks)", "tasks complete")
        body += stat("\(blocked.count)", "blocked", alert: !blocked.isEmpty)
        body += stat("\(pendingDecisions.count)", pendingDecisions.count == 1 ? "pending decision" : "pending decisions", alert: !pendingDecisions.isEmpty)
        body += stat("\(gates.filter { $0.result == .pass }.count)/\(gates.count)", "gates passing", alert: gates.contains { $0.result != .pass })
        body += "</ul>"
        // Hidden until the script shows it: without JavaScript there is nothing to type into.
        body += "<div class=\"filter\" id=\"filter\" hidden><label for=\"filter-input\">Filter</label> "
        body += "<input type=\"search\" id=\"filter-input\" placeholder=\"id, title, repo, status, path…\" autocomplete=\"off\" spellcheck=\"false\"> "
        body += "<span id=\"filter-count\" aria-live=\"polite\"></span></div>"
        body += "</header>"

        // Every workplan row and blocked card has an anchor; an id that has one is a link to it.
        var anchored = Set(workplans.map { Self.anchor(repo: $0.repo, id: $0.id) })
        for entry in blocked { anchored.insert(Self.anchor(repo: entry.repo, id: entry.id)) }
        func linked(_ id: String, repo: String?) -> String {
            guard let repo, case let target = Self.anchor(repo: repo, id: id), anchored.contains(target) else { return escape(id) }
            return "<a href=\"#\(target)\">\(escape(id))</a>"
        }
        /// The element's own id: a link to its file and line on the forge with `--link-base`.
        func own(_ id: String, repo: String, path: String, line: Int) -> String {
            guard let linkBase else { return escape(id) }
            return "<a class=\"forge\" href=\"\(linkBase.url(repo: repo, path: path, line: line).htmlText)\" title=\"\(escape(path)):\(line)\">\(escape(id))</a>"
        }
        /// What the filter matches: the words of an item, lower-cased, as an attribute value
        /// (`=` as `&#61;` too, so no text in it reads as an attribute of the tag, even to a scanner).
        func filterText(_ words: [String?]) -> String {
            " data-filter=\"" + escape(words.compactMap { $0 }.joined(separator: " ").lowercased()).replacingOccurrences(of: "=", with: "&#61;") + "\""
        }

        // Long sections are grouped by repo (progress) and by repo and workplan (blocked), each
        // group collapsible; the filter hides rows and cards that do not match and groups left empty.
        body += "<section id=\"progress\"><h2>Progress</h2>"
        for (repoName, rows) in Self.grouped(workplans, by: \.repo) {
            body += "<details open><summary>\(escape(repoName)) (\(rows.count) workplan\(rows.count == 1 ? "" : "s"))</summary>"
            body += "<table><thead><tr><th>Workplan</th><th>Repo</th><th>Status</th><th>Progress</th><th>Updated</th></tr></thead>"
            for row in rows {
                let percent = row.progress.total == 0 ? 0 : row.progress.complete * 100 / row.progress.total
                // A body per row (valid HTML) carries the filter's words, so the row keeps its plain anchor.
                body += "<tbody\(filterText([row.id, row.title, row.repo, row.status, row.path, row.stale ? "stale" : nil]))><tr id=\"\(Self.anchor(repo: row.repo, id: row.id))\">"
                body += "<td><strong>\(own(row.id, repo: row.repo, path: row.path, line: 1))</strong><br><span class=\"title\">\(escape(row.title))</span></td>"
                body += "<td>\(escape(row.repo))</td><td><span class=\"status s-\(cssClass(row.status))\">\(escape(row.status))</span></td>"
                body += "<td><div class=\"bar\" role=\"img\" aria-label=\"\(percent)%\"><div style=\"width:\(percent)%\"></div></div>"
                body += "<span class=\"count\">\(row.progress.complete)/\(row.progress.total)</span></td>"
                body += "<td>\(escape(row.updated ?? "—"))\(row.stale ? " <span class=\"stale\">stale</span>" : "")</td></tr></tbody>"
            }
            body += "</table></details>"
        }
        body += "</section>"

        body += "<section id=\"blocked\"><h2>Blocked tasks</h2>"
        if blocked.isEmpty { body += "<p>None.</p>" }
        var workplanOfFile: [String: String] = [:]
        for row in workplans { workplanOfFile[row.repo + "\u{0}" + row.path] = row.id }
        for (group, entries) in Self.grouped(blocked, by: { $0.repo + "\u{0}" + $0.path }) {
            let first = entries[0]
            let workplanID = workplanOfFile[group]
            let workplan = workplanID.map { linked($0, repo: first.repo) } ?? escape(first.path)
            body += "<details open><summary>\(escape(first.repo)) · \(workplan) (\(entries.count) blocked)</summary>"
            for entry in entries {
                var words: [String?] = [entry.id, entry.title, entry.status, entry.repo, entry.path, workplanID, entry.reason]
                for blocker in entry.blockers { words += [blocker.id ?? blocker.ref, blocker.repo, blocker.status] }
                // The filter's words on a wrapper, so the card keeps its plain anchor.
                body += "<div class=\"item\"\(filterText(words))><div class=\"card\" id=\"\(Self.anchor(repo: entry.repo, id: entry.id))\">"
                body += "<h3>\(own(entry.id, repo: entry.repo, path: entry.path, line: entry.line)) <span class=\"status s-\(cssClass(entry.status))\">\(escape(entry.status))</span></h3>"
                body += "<p class=\"title\">\(escape(entry.title)) <span class=\"where\">\(escape(entry.path)):\(entry.line) · \(escape(entry.repo))</span></p><ul>"
                if entry.blockers.isEmpty {
                    body += "<li>status <code>\(escape(entry.status))</code>\(entry.reason.map { ": " + escape($0) } ?? " with no reason given")</li>"
                }
                for blocker in entry.blockers {
                    body += "<li>blocked on <strong>\(blocker.id.map { linked($0, repo: blocker.repo) } ?? escape(blocker.ref))</strong> (\(escape(Self.describe(blocker))))"
                    let roots = blocker.roots.filter { $0.chain.count > 1 }
                    if !roots.isEmpty {
                        body += "<ul>"
                        for root in roots {
                            body += "<li>root: <strong>\(linked(root.id, repo: root.repo))</strong> <code>\(escape(root.status ?? root.reason))</code> <span class=\"chain\">\(escape(root.printedChain.joined(separator: " → ")))</span></li>"
                        }
                        body += "</ul>"
                    }
                    if let more = blocker.omittedRoots { body += "<ul><li>… \(more) more root\(more == 1 ? "" : "s")</li></ul>" }
                    body += "</li>"
                }
                if let more = entry.omittedBlockers { body += "<li>… \(more) more blocker\(more == 1 ? "" : "s")</li>" }
                body += "</ul></div></div>"
            }
            body += "</details>"
        }
        body += "</section>"

        body += "<section id=\"decisions\"><h2>Pending decisions</h2>"
        if pendingDecisions.isEmpty {
            body += "<p>None.</p>"
        } else {
            body += "<ul>"
            for decision in pendingDecisions {
                body += "<li\(filterText([decision.id, decision.title, decision.repo, decision.path] + decision.blocks))><strong>\(own(decision.id, repo: decision.repo, path: decision.path, line: decision.line))</strong> \(escape(decision.title))"
                body += "\(decision.blocks.isEmpty ? "" : " — blocks " + escape(decision.blocks.joined(separator: ", ")))</li>"
            }
            body += "</ul>"
        }
        body += "</section>"

        body += "<section id=\"gates\"><h2>Gates</h2>"
        if gates.isEmpty { body += "<p>None defined.</p>" }
        for gate in gates {
            body += "<div class=\"card\"\(filterText([gate.id, gate.title, gate.repo, gate.path, gate.result.rawValue]))>"
            body += "<h3>\(own(gate.id, repo: gate.repo, path: gate.path, line: gate.line)) <span class=\"status s-\(gate.result.rawValue)\">\(gate.result.rawValue)</span></h3>"
            if let title = gate.title { body += "<p class=\"title\">\(escape(title))</p>" }
            body += "<ul class=\"reqs\">"
            for requirement in gate.requirements {
                body += "<li class=\"\(requirement.met ? "met" : "unmet")\"><span class=\"mark\">\(requirement.met ? "✓" : "✗")</span> <strong>\(escape(requirement.ref))</strong>: \(escape(requirement.reason))</li>"
            }
            body += "</ul></div>"
        }
        body += "</section>"

        let stale = workplans.filter(\.stale)
        body += "<section id=\"stale\"><h2>Stale workplans</h2><p>Open workplans whose <code>updated</code> is more than \(staleAfterDays) days old.</p>"
        if stale.isEmpty {
            body += "<p>None.</p>"
        } else {
            body += "<ul>"
            for row in stale {
                body += "<li\(filterText([row.id, row.title, row.repo, row.status, row.path, "stale"]))><strong>\(linked(row.id, repo: row.repo))</strong> \(escape(row.title)): updated \(escape(row.updated ?? "never")) (\(row.daysSinceUpdate ?? 0) days ago)</li>"
            }
            body += "</ul>"
        }
        body += "</section>"

        body += "<section class=\"graph\"><h2>Dependency graph</h2>"
        if let note = graphScaleNote { body += "<p>\(escape(note).replacingOccurrences(of: "`", with: ""))</p>" }
        if let svg {
            body += "<div class=\"svg\">\(svg)</div>"
        } else {
            let why = graphvizFailure.description.replacingOccurrences(of: "`dot`", with: "<code>dot</code>")
            body += "<p>\(why) when this report was made; the graph in Mermaid (paste it into any Mermaid renderer):</p><pre>\(mermaid.htmlLines)</pre>"
        }
        body += "</section>"

        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="\(Self.contentSecurityPolicy)">
            <title>Workplan report: \(escape(repo))</title>
            <style>\(Self.css)\(roleCSS())</style>
            </head>
            <body>

            """
        page.reserveCapacity(page.utf8.count + body.utf8.count + Self.filterScript.utf8.count + 64)
        page += body
        page += "\n<script>\(Self.filterScript)</script>\n</body>\n</html>\n"
        return page
    }

    /// Nothing loads (no fetch, image, font or frame from anywhere); styles inline; of scripts
    /// only ``filterScript``, by its SHA-256 (ReportHTMLTests checks the hash against the script).
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-\(filterScriptSHA256)'; base-uri 'none'; form-action 'none'"

    /// Base64 of the SHA-256 of ``filterScript``'s UTF-8 bytes.
    static let filterScriptSHA256 = "iY2UZoGxTXb2VFayz12XWtusQdtlYHJ4mNBChubi+oU="

    /// The filter box: shows it, and on each keystroke hides the rows and cards (`[data-filter]`)
    /// that do not contain every word typed, and the groups left with none. Reads only the
    /// page's own attributes; writes only `hidden`, `open` and a count.
    static let filterScript = """
        (function () {
          'use strict';
          var box = document.getElementById('filter');
          var input = document.getElementById('filter-input');
          var count = document.getElementById('filter-count');
          var items = Array.prototype.slice.call(document.querySelectorAll('[data-filter]'));
          var groups = Array.prototype.slice.call(document.querySelectorAll('section details'));
          var texts = items.map(function (item) { return item.getAttribute('data-filter'); });
          function apply() {
            var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
            var shown = 0;
            items.forEach(function (item, position) {
              var match = words.every(function (word) { return texts[position].indexOf(word) !== -1; });
              item.hidden = !match;
              if (match) shown += 1;
            });
            for (var position = groups.length - 1; position >= 0; position -= 1) {
              var group = groups[position];
              var empty = words.length > 0 && !group.querySelector('[data-filter]:not([hidden])');
              group.hidden = empty;
              if (words.length > 0 && !empty) group.open = true;
            }
            count.textContent = words.length ? shown + ' of ' + items.length + ' shown' : '';
          }
          box.hidden = false;
          input.addEventListener('input', apply);
          apply();
        })();
        """

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
    /// The page anchor of an element: `el-`, its repo and id with every byte outside `[A-Za-z0-9-]`
    /// as `_XX` (hex), so any id gives a valid, unique HTML id that carries nothing from the file as markup.
    static func anchor(repo: String, id: String) -> String {
        var out = "el-"
        for byte in (repo + ":" + id).utf8 {
            if byte.isUppercaseASCII || byte.isLowercaseASCII || byte.isDigitASCII || byte == UInt8(ascii: "-") {
                out.append(Character(Unicode.Scalar(byte)))
            } else {
                out += "_" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// Items grouped by a key, groups in order of first appearance, items in their order.
    static func grouped<Item>(_ items: [Item], by key: (Item) -> String) -> [(String, [Item])] {
        var order: [String] = []
        var groups: [String: [Item]] = [:]
        for item in items {
            let name = key(item)
            if groups[name] == nil { order.append(name) }
            groups[name, default: []].append(item)
        }
        return order.map { ($0, groups[$0]!) }
    }

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
        details>summary{cursor:pointer;font-weight:600;margin:.4rem 0}
        a{color:#0d47a1;text-decoration-color:#90caf9}a.forge{text-decoration-style:dotted}
        .card{border:1px solid var(--line);border-radius:8px;padding:.7rem .9rem;margin:.6rem 0;break-inside:avoid}
        .chain{color:var(--muted);font-size:.9em}
        .reqs{list-style:none;padding-left:0}.reqs .mark{font-weight:700}.reqs .met .mark{color:var(--ok)}.reqs .unmet .mark{color:var(--bad)}
        code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.88em}
        pre{background:#f6f8fa;padding:.8rem;overflow:auto;border-radius:6px}
        .svg{overflow:auto;max-height:85vh;border:1px solid var(--line);border-radius:6px}.svg svg{max-width:none;height:auto}
        [hidden]{display:none!important}
        .filter{margin:1rem 0}.filter input{font:inherit;padding:.35rem .6rem;width:min(28rem,100%);border:1px solid var(--line);border-radius:6px}
        #filter-count{color:var(--muted);margin-left:.5rem}
        @media print{.filter{display:none}.svg{max-height:none;overflow:visible}}
        @media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}.stats li{border-color:#999}a{color:inherit}}
        """
}
