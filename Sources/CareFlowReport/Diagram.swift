/// Section 7: pathway flow charts. A layered layout: back edges (loops) are
/// set aside, layers by longest path from the start, long edges routed
/// through dummy points, nodes ordered within layers by barycentre sweeps.
enum Diagram {
    static let nodeW = 236.0, lineH = 14.0, padY = 8.0, layerGap = 42.0, nodeGap = 26.0, margin = 16.0
    static let maxChars = 33

    enum Mark { case none, changed, new }

    struct Layout {
        var x: [Double] = [], y: [Double] = [], w: [Double] = [], h: [Double] = []
        var lines: [[String]] = []
        /// Forward edges as chains of layout vertices (real ends, dummies between).
        var chains: [(edge: Int, verts: [Int])] = []
        var back: [Int] = []
        var width = 0.0, height = 0.0
    }

    static func wrap(_ text: String, _ n: Int) -> [String] {
        var out: [String] = [], cur = ""
        for wordSub in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = String(wordSub)
            while word.count > n {
                if !cur.isEmpty { out.append(cur); cur = "" }
                out.append(String(word.prefix(n))); word = String(word.dropFirst(n))
            }
            if cur.isEmpty { cur = word } else if cur.count + 1 + word.count <= n { cur += " " + word } else { out.append(cur); cur = word }
        }
        if !cur.isEmpty { out.append(cur) }
        return out.isEmpty ? [""] : out
    }

    static func prefix(_ kind: String) -> String {
        switch kind {
        case "start": return "▶ "
        case "leave": return "■ "
        case "branch": return "◇ "
        case "milestone": return "⚑ "
        case "delay": return "◔ "
        default: return ""
        }
    }

    static func layout(_ p: PathwayMeta, marks: [Mark]) -> Layout {
        let n = p.nodes.count
        var index: [Int: Int] = [:]
        for (i, nd) in p.nodes.enumerated() { index[nd.id] = i }
        let edges = p.edges.enumerated().compactMap { (k, e) -> (Int, Int, Int)? in
            guard let a = index[e.from], let b = index[e.to] else { return nil }
            return (k, a, b)
        }
        var out = [[(Int, Int)]](repeating: [], count: n) // (target, edge index)
        for (k, a, b) in edges { out[a].append((b, k)) }
        // DFS to find back edges.
        var state = [Int](repeating: 0, count: n) // 0 new, 1 on stack, 2 done
        var back = Set<Int>()
        func dfs(_ v: Int) {
            state[v] = 1
            for (t, k) in out[v] {
                if state[t] == 1 { back.insert(k) } else if state[t] == 0 { dfs(t) }
            }
            state[v] = 2
        }
        for v in 0..<n where state[v] == 0 { dfs(v) }
        let fwd = edges.filter { !back.contains($0.0) && $0.1 != $0.2 }
        // Longest-path layering (Kahn order).
        var indeg = [Int](repeating: 0, count: n)
        for (_, _, b) in fwd { indeg[b] += 1 }
        var layer = [Int](repeating: 0, count: n)
        var queue = (0..<n).filter { indeg[$0] == 0 }
        var qi = 0
        while qi < queue.count {
            let v = queue[qi]; qi += 1
            for (_, a, b) in fwd where a == v {
                layer[b] = max(layer[b], layer[v] + 1)
                indeg[b] -= 1
                if indeg[b] == 0 { queue.append(b) }
            }
        }
        // Vertices: real nodes then dummies.
        var L = Layout()
        var vLayer = layer
        var succ = [[Int]](repeating: [], count: n), pred = [[Int]](repeating: [], count: n)
        for (k, a, b) in fwd {
            var chain = [a]
            var prev = a
            for l in stride(from: layer[a] + 1, to: layer[b], by: 1) {
                let dmy = vLayer.count
                vLayer.append(l); succ.append([]); pred.append([])
                succ[prev].append(dmy); pred[dmy].append(prev)
                chain.append(dmy); prev = dmy
            }
            succ[prev].append(b); pred[b].append(prev)
            chain.append(b)
            L.chains.append((k, chain))
        }
        L.back = edges.filter { back.contains($0.0) || $0.1 == $0.2 }.map(\.0)
        let V = vLayer.count
        // Sizes.
        L.w = [Double](repeating: 8, count: V); L.h = [Double](repeating: 0, count: V)
        L.lines = [[String]](repeating: [], count: V)
        for i in 0..<n {
            let nd = p.nodes[i]
            var lines = wrap(prefix(nd.kind) + nd.text, maxChars)
            if i < marks.count, marks[i] != .none { lines.insert(marks[i] == .new ? "✚ " + tr("new") : "✎ " + tr("changed"), at: 0) }
            L.lines[i] = lines
            L.w[i] = nodeW
            L.h[i] = Double(lines.count) * lineH + 2 * padY
        }
        let nl = (vLayer.max() ?? 0) + 1
        var layers = [[Int]](repeating: [], count: nl)
        for v in 0..<V { layers[vLayer[v]].append(v) }
        // Barycentre ordering sweeps.
        var pos = [Double](repeating: 0, count: V)
        func setPos() { for l in layers { for (i, v) in l.enumerated() { pos[v] = Double(i) } } }
        setPos()
        for it in 0..<6 {
            let down = it % 2 == 0
            let range = down ? Array(1..<max(1, nl)) : Array(stride(from: nl - 2, through: 0, by: -1))
            for l in range where l >= 0 && l < nl {
                let bary = layers[l].map { v -> (Int, Double) in
                    let nb = down ? pred[v] : succ[v]
                    return (v, nb.isEmpty ? pos[v] : nb.map { pos[$0] }.reduce(0, +) / Double(nb.count))
                }
                layers[l] = bary.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.map(\.element.0)
                for (i, v) in layers[l].enumerated() { pos[v] = Double(i) }
            }
        }
        // x: centres near the mean of the predecessors', no overlaps.
        var x = [Double](repeating: 0, count: V)
        for l in 0..<nl {
            let vs = layers[l]
            let desired = vs.map { v -> Double in pred[v].isEmpty ? .nan : pred[v].map { x[$0] }.reduce(0, +) / Double(pred[v].count) }
            var cur = -Double.infinity
            var placed: [Double] = []
            for (i, v) in vs.enumerated() {
                let want = desired[i].isFinite ? desired[i] : (cur.isFinite ? cur + L.w[v] / 2 + nodeGap : 0)
                let minX = cur.isFinite ? cur + nodeGap + L.w[v] / 2 : -Double.infinity
                let xx = max(want, minX)
                placed.append(xx); cur = xx + L.w[v] / 2
            }
            let shifts = zip(desired, placed).filter { $0.0.isFinite }.map { $0.0 - $0.1 }
            let shift = shifts.isEmpty ? 0 : shifts.reduce(0, +) / Double(shifts.count)
            for (i, v) in vs.enumerated() { x[v] = placed[i] + shift }
        }
        let minX = (0..<V).map { x[$0] - L.w[$0] / 2 }.min() ?? 0
        let maxX = (0..<V).map { x[$0] + L.w[$0] / 2 }.max() ?? 0
        L.x = x.map { $0 - minX + margin }
        // y: layer tops.
        var y = [Double](repeating: 0, count: V)
        var top = margin
        var layerH = [Double](repeating: 0, count: nl)
        for l in 0..<nl {
            layerH[l] = layers[l].map { L.h[$0] }.max() ?? 0
            for v in layers[l] { y[v] = top; L.h[v] = v < n ? L.h[v] : layerH[l] }
            top += layerH[l] + layerGap
        }
        // Dummies span their whole layer.
        L.y = y
        L.width = maxX - minX + 2 * margin + (L.back.isEmpty ? 0 : 70)
        L.height = top - layerGap + margin
        return L
    }

    static func fill(_ kind: String) -> String {
        switch kind {
        case "activity": return "#e6f0fa"
        case "branch": return "#fff2d9"
        case "milestone": return "#e8f5e9"
        case "delay", "wait", "patience": return "#f3ecf8"
        case "start", "leave": return "#e4e4e4"
        default: return "#f6f6f6"
        }
    }

    static func svg(_ raw: PathwayMeta, marks: [Mark], changedEdges: Set<Int>, title: String, _ d: ReportData) -> String {
        let p = shown(raw, d), unitLabel = { d.unitLabel($0) }
        let L = layout(p, marks: marks)
        let c = Chart.c
        let n = p.nodes.count
        var s = ""
        // Arrow labels may reach past the boxes: the drawing widens to hold them (never clipped).
        var minX = 0.0, maxX = L.width
        var placed: [(lx: Double, ly: Double, w: Double, text: String, changed: Bool)] = []
        var labels = ""
        for (k, verts) in L.chains {
            var pts: [(Double, Double)] = []
            for (j, v) in verts.enumerated() {
                if v < n {
                    pts.append((L.x[v], j == 0 ? L.y[v] + L.h[v] : L.y[v]))
                } else {
                    pts.append((L.x[v], L.y[v])); pts.append((L.x[v], L.y[v] + L.h[v]))
                }
            }
            var d = "M\(c(pts[0].0)) \(c(pts[0].1))"
            for j in 1..<pts.count {
                let (x0, y0) = pts[j - 1], (x1, y1) = pts[j]
                if x0 == x1 { d += "L\(c(x1)) \(c(y1))" } else {
                    let my = (y0 + y1) / 2
                    d += "C\(c(x0)) \(c(my)) \(c(x1)) \(c(my)) \(c(x1)) \(c(y1))"
                }
            }
            let e = p.edges[k]
            let changed = changedEdges.contains(k)
            s += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(changed ? "#D55E00" : "#555")\" stroke-width=\"\(changed ? 2.5 : 1.4)\" marker-end=\"url(#cf-arrow)\"><title>\(esc(e.label.isEmpty ? tr("next step") : e.label))</title></path>"
            if !e.label.isEmpty {
                let text = (changed ? "✎ " : "") + e.label
                let (x0, y0) = pts[0], (x1, y1) = pts[1]
                placed.append((lx: x0 + (x1 - x0) * 0.5, ly: y0 + (y1 - y0) * 0.5 + 4, w: Double(text.count) * 6.4 + 10, text: text, changed: changed))
            }
        }
        // Labels of arrows leaving the same box sit side by side: pushed apart so none covers another.
        placed.sort { ($0.ly, $0.lx) < ($1.ly, $1.lx) }
        for i in placed.indices.dropFirst() {
            let a = placed[i - 1]
            if abs(a.ly - placed[i].ly) < 16, placed[i].lx - placed[i].w / 2 < a.lx + a.w / 2 + 4 {
                let overlap = a.lx + a.w / 2 + 4 - (placed[i].lx - placed[i].w / 2)
                placed[i - 1].lx -= overlap / 2
                placed[i].lx += overlap / 2
            }
        }
        for l in placed {
            minX = min(minX, l.lx - l.w / 2 - 4); maxX = max(maxX, l.lx + l.w / 2 + 4)
            labels += "<rect x=\"\(c(l.lx - l.w / 2))\" y=\"\(c(l.ly - 12))\" width=\"\(c(l.w))\" height=\"16\" rx=\"3\" fill=\"#fff\" fill-opacity=\"0.92\"\(l.changed ? " stroke=\"#D55E00\"" : "")/>"
            labels += "<text x=\"\(c(l.lx))\" y=\"\(c(l.ly))\" text-anchor=\"middle\" class=\"elabel\(l.changed ? " changed" : "")\">\(esc(l.text))</text>"
        }
        for k in L.back {
            let e = p.edges[k]
            guard let a = p.nodes.firstIndex(where: { $0.id == e.from }), let b = p.nodes.firstIndex(where: { $0.id == e.to }) else { continue }
            let x0 = L.x[a] + L.w[a] / 2, y0 = L.y[a] + L.h[a] / 2, x1 = L.x[b] + L.w[b] / 2, y1 = L.y[b] + L.h[b] / 2
            let bx = max(x0, x1) + 55
            s += "<path d=\"M\(c(x0)) \(c(y0))C\(c(bx)) \(c(y0)) \(c(bx)) \(c(y1)) \(c(x1)) \(c(y1))\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.4\" stroke-dasharray=\"5 3\" marker-end=\"url(#cf-arrow)\"><title>\(esc(tr("repeat: {0}", e.label)))</title></path>"
            if !e.label.isEmpty {
                minX = min(minX, bx - 10 - Double(e.label.count + 2) * 6.4 - 4)
                labels += "<text x=\"\(c(bx - 10))\" y=\"\(c((y0 + y1) / 2))\" text-anchor=\"end\" class=\"elabel\">\(esc("↺ " + e.label))</text>"
            }
        }
        for i in 0..<n {
            let nd = p.nodes[i]
            let mark = i < marks.count ? marks[i] : .none
            let x = L.x[i] - L.w[i] / 2, y = L.y[i]
            let rx = nd.kind == "start" || nd.kind == "leave" ? 14.0 : nd.kind == "branch" ? 2 : 6
            var tip = "\(tr(nd.kind)): \(nd.text)"
            if !nd.units.isEmpty { tip += " — " + tr("units: {0}", nd.units.map(unitLabel).joined(separator: ", ")) }
            if mark == .changed { tip += " — " + tr("changed from the reference") } else if mark == .new { tip += " — " + tr("new in this scenario") }
            s += "<g class=\"node\(mark == .none ? "" : " marked")\"><title>\(esc(tip))</title>"
            s += "<rect x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(L.w[i]))\" height=\"\(c(L.h[i]))\" rx=\"\(c(rx))\" fill=\"\(fill(nd.kind))\" stroke=\"\(mark == .none ? "#777" : "#D55E00")\" stroke-width=\"\(mark == .none ? 1 : 3)\"\(mark == .new ? " stroke-dasharray=\"7 3\"" : "")/>"
            for (j, line) in L.lines[i].enumerated() {
                let isMark = mark != .none && j == 0
                s += "<text x=\"\(c(L.x[i]))\" y=\"\(c(y + padY + Double(j) * lineH + 11))\" text-anchor=\"middle\"\(isMark ? " class=\"mark\"" : "")>\(esc(line))</text>"
            }
            s += "</g>"
        }
        let head = "<svg class=\"diagram\" viewBox=\"\(c(minX)) 0 \(c(maxX - minX)) \(c(L.height))\" width=\"\(c(maxX - minX))\" height=\"\(c(L.height))\" role=\"img\" aria-label=\"\(esc(title))\"><title>\(esc(title))</title>"
        return head + s + labels + "</svg>"
    }

    /// Marks of a what-if's pathway against the baseline's pathway with the same name.
    static func compare(_ p: PathwayMeta, with base: PathwayMeta?) -> (marks: [Mark], changedEdges: Set<Int>, removed: [NodeMeta]) {
        guard let base else { return (p.nodes.map { _ in .new }, Set(p.edges.indices), []) }
        var baseText: [String: String] = [:]
        for nd in base.nodes { baseText[nd.key] = nd.text }
        let bkey = Dictionary(base.nodes.map { ($0.id, $0.key) }, uniquingKeysWith: { a, _ in a })
        let key = Dictionary(p.nodes.map { ($0.id, $0.key) }, uniquingKeysWith: { a, _ in a })
        var baseEdges = Set<String>()
        for e in base.edges { baseEdges.insert("\(bkey[e.from] ?? "?")→\(bkey[e.to] ?? "?")|\(e.label)") }
        var changedEdges = Set<Int>()
        for (k, e) in p.edges.enumerated() where !baseEdges.contains("\(key[e.from] ?? "?")→\(key[e.to] ?? "?")|\(e.label)") {
            // Edges into new nodes are new with them; only flag label/route changes between known nodes.
            if let a = key[e.from], let b = key[e.to], baseText[a] != nil, baseText[b] != nil { changedEdges.insert(k) }
        }
        let marks: [Mark] = p.nodes.map { nd in
            guard let t = baseText[nd.key] else { return .new }
            return t == nd.text ? .none : .changed
        }
        let keys = Set(p.nodes.map(\.key))
        let removed = base.nodes.filter { !keys.contains($0.key) }
        return (marks, changedEdges, removed)
    }

    /// The pathway with its texts in the report's words and units (DiagramText).
    static func shown(_ p: PathwayMeta, _ d: ReportData) -> PathwayMeta {
        var q = p
        q.nodes = p.nodes.map { var n = $0; n.text = DiagramText.node($0, d); return n }
        q.edges = p.edges.map { var e = $0; e.label = DiagramText.edge($0.label); return e }
        return q
    }

    /// Every pathway of the reference once; then, per what-if, only the
    /// pathways that differ from the reference, with the changes marked.
    static func render(_ d: ReportData) -> String {
        guard d.scenarios.contains(where: { $0.pathways.contains { !$0.nodes.isEmpty } }), let b = d.baseline else { return "" }
        var s = "<section id=\"pathways\"><h2>\(esc(tr("Pathway diagrams")))</h2>"
        s += "<p class=\"note\">\(esc(tr("Each box is a step (activities name the unit they use in brackets); arrows show the order, with branch probabilities. Symbols: ▶ start, ◇ branch, ⚑ milestone, ◔ delay, ■ leave. The reference's pathways are drawn once; a what-if's pathway is drawn again only where it differs, with ✎ changed and ✚ new steps marked in orange.")))</p>"
        for p in b.pathways where !p.nodes.isEmpty {
            let cap = tr("Pathway {0}", p.label)
            s += "<figure class=\"diagram-fig\"><figcaption>\(esc(cap))</figcaption>"
            if !p.description.isEmpty { s += "<p class=\"note\">\(esc(p.description))</p>" }
            s += "<div class=\"scroll\">\(svg(p, marks: [Mark](repeating: .none, count: p.nodes.count), changedEdges: [], title: cap, d))</div></figure>"
        }
        var unchanged: [String] = []
        for w in d.whatIfs {
            var drawn = false
            for p in w.pathways where !p.nodes.isEmpty {
                let (marks, changedEdges, removed) = compare(p, with: b.pathways.first { $0.name == p.name })
                let n = marks.filter { $0 != .none }.count + changedEdges.count + removed.count
                guard n > 0 else { continue }
                drawn = true
                // Only changed steps (no new or removed ones, no rerouted arrows): say which, in words; the shape is the reference's.
                if !marks.contains(.new) && removed.isEmpty && changedEdges.isEmpty {
                    let steps = zip(p.nodes, marks).filter { $0.1 == .changed }.map { DiagramText.node($0.0, d) }
                    s += "<p>\(esc(tr("{0}, pathway {1}: changed steps (same shape as the reference):", w.name, p.label))) " + steps.map { "<code>\(esc($0))</code>" }.joined(separator: "; ") + ".</p>"
                    continue
                }
                let cap = tr("Pathway {0} in {1}: {2} change(s) from the reference", p.label, w.name, "\(n)")
                s += "<figure class=\"diagram-fig whatif-diagram\"><figcaption>\(esc(cap))</figcaption>"
                s += "<div class=\"scroll\">\(svg(p, marks: marks, changedEdges: changedEdges, title: cap, d))</div>"
                if !removed.isEmpty { s += "<p class=\"note\">\(esc(tr("Steps of the reference not in this scenario:"))) " + removed.map { "<code>\(esc(DiagramText.node($0, d)))</code>" }.joined(separator: ", ") + ".</p>" }
                s += "</figure>"
            }
            if !drawn { unchanged.append(w.name) }
        }
        if !unchanged.isEmpty { s += "<p>\(esc(tr("Pathways as in the reference: {0}.", unchanged.joined(separator: ", "))))</p>" }
        if s.contains("whatif-diagram") { s += "<p class=\"printnote\">\(esc(tr("The what-ifs' changed pathway diagrams are in the HTML version of this report (not printed); their changes are listed in the method section.")))</p>" }
        return s + "</section>"
    }
}
