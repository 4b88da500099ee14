import CareFlowAnalysis
import CareFlowReport

extension ReplayPane {
    /// Reads a pane back from its `json` (replay.json next to a report).
    public init(json j: JSON) throws {
        func fail(_ what: String) -> ReplayError { ReplayError(message: "replay data: \(what)") }
        guard j["format"]?.string == "careflow-replay/1" else { throw fail("not careflow-replay/1 data") }
        guard let from = j["from"]?.double, let to = j["to"]?.double, from.isFinite, to > from,
              let unitsJ = j["units"]?.array, let t = j["t"]?.doubles, let k = j["k"]?.doubles,
              let u = j["u"]?.doubles, let p = j["p"]?.doubles, t.count == k.count, k.count == u.count, u.count == p.count,
              let patients = j["patients"]?.double, let prologue = j["prologue"]?.double, Int(prologue) <= t.count
        else { throw fail("missing or inconsistent fields (from, to, units, t, k, u, p, patients, prologue)") }
        let units = try unitsJ.enumerated().map { (i, x) -> ReplayUnit in
            guard let n = x["name"]?.string, let l = x["label"]?.string, let a = x["area"]?.string else { throw fail("units[\(i)]") }
            return ReplayUnit(index: Int32(i), name: n, label: l, area: a)
        }
        var ev = ReplayEvents()
        for i in t.indices {
            guard let kind = ReplayEventKind(rawValue: UInt8(exactly: k[i]) ?? 0), let uu = Int32(exactly: u[i]), let pp = Int32(exactly: p[i]) else { throw fail("event \(i)") }
            if kind != .colour && !(0..<Int32(units.count)).contains(uu) { throw fail("event \(i): unit \(uu)") }
            ev.append(t[i], kind, uu, pp)
        }
        ev.prologue = Int(prologue)
        ev.patients = Int(patients)
        let colour = j["colour"]
        self.init(title: j["title"]?.string ?? "", scenario: j["scenario"]?.string ?? "", seed: UInt64(j["seed"]?.string ?? "") ?? 0,
                  replication: Int(j["replication"]?.double ?? 0), from: from, to: to, units: units,
                  colourAttribute: colour?["attribute"]?.string,
                  colourLabels: colour?["labels"]?.array?.compactMap(\.string) ?? [],
                  colours: (colour?["colours"]?.array?.compactMap(\.string) ?? []).map { c in
                      // Only #rrggbb reaches a style attribute.
                      c.count == 7 && c.hasPrefix("#") && c.dropFirst().allSatisfy(\.isHexDigit) ? c : "#757575"
                  },
                  events: ev)
    }
}

extension ReplayPage {
    /// The report's hook: a section with the replays side by side (one
    /// shared clock), its script hash for the report's CSP, and its CSS.
    public static func reportSection(_ panes: [ReplayPane]) -> PageSection {
        let e = PageKit.escape
        let edOnly = panes.allSatisfy { $0.units.allSatisfy { $0.area == "ed" } }
        let title = edOnly ? "One day in the emergency department (replay)" : "One day (replay)"
        var s = "<section id=\"replay\"><h2>\(e(title))</h2>"
        if let p = panes.first {
            s += "<p>Replication \(p.replication) of \(panes.map { "<strong>\(e($0.title))</strong>" }.joined(separator: " and ")), "
            s += "side by side with the same random numbers: \(e(window(p))). What is drawn at each instant is the simulation's state then. "
            s += "One replication shows how queues form; the tables above give the averages over all replications.</p>"
        }
        s += fragment(panes, id: "replay-widget") + "<script>\(script)</script></section>"
        return PageSection(id: "replay", title: edOnly ? "One day in the ED" : "One day (replay)", html: s, scriptHashes: [scriptHash], css: css)
    }
}
