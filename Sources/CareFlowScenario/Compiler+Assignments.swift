import CareFlowCalendar
import CareFlowEngine
import CareFlowRandom

extension Compiler {
    // MARK: Assignments

    func compileAssign(_ p: PathwayBuilder, attr: Int32, name: String, _ val: YNode, _ path: String, stream: String) {
        if let cats = categories[name] {
            if let s = val.string {
                guard let i = cats.firstIndex(of: s) else {
                    d.error(val, path, "'\(s)' is not a category of \(name)", expected: "one of \(cats.joined(separator: ", "))")
                    return
                }
                p.assign(attr, Double(i))
                return
            }
            if let cat = val["categorical"], val.pairs?.count == 1 {
                guard let dist = categorical(cat, "\(path).categorical", categories: cats) else { return }
                p.assign(attr, sample: dist, stream: stream)
                return
            }
            if val["from"] != nil || val["table"] != nil {
                compileLookup(p, attr: attr, cats: cats, val, path, stream: stream)
                return
            }
            d.error(val, path, "\(val.kindName) is not a value for the categorical attribute \(name)",
                    expected: "a category (\(cats.joined(separator: ", "))), categorical: {category: probability, ...}, or {from: ATTRIBUTE, table: {...}}")
            return
        }
        if val["from"] != nil || val["table"] != nil {
            compileLookup(p, attr: attr, cats: nil, val, path, stream: stream)
            return
        }
        if let s = val.string, let x = Double(s) {
            p.assign(attr, x)
            return
        }
        guard let dist = v.distribution(val, path) else { return }
        p.assign(attr, sample: dist, stream: stream)
    }

    /// `{red: 0.1, orange: 0.2, ...}` over the given categories (missing ones: 0).
    func categorical(_ n: YNode, _ path: String, categories cats: [String]) -> Distribution? {
        guard let pairs = n.pairs, !pairs.isEmpty else {
            d.error(n, path, "\(n.kindName) is not a table of probabilities", expected: "a mapping of categories (\(cats.joined(separator: ", "))) to probabilities")
            return nil
        }
        var w = Array(repeating: 0.0, count: cats.count)
        var ok = true
        for (k, val) in pairs {
            guard let ks = k.string, let i = cats.firstIndex(of: ks) else {
                d.error(k, path, "'\(k.string ?? "?")' is not a category", expected: "one of \(cats.joined(separator: ", "))")
                ok = false
                continue
            }
            guard let pr = v.probability(val, "\(path).\(ks)") else { ok = false; continue }
            w[i] = pr
        }
        guard ok else { return nil }
        let total = w.reduce(0, +)
        guard abs(total - 1) <= 1e-6 else {
            d.error(n, path, "probabilities sum to \(Self.fmt(total))", expected: "probabilities that sum to 1")
            return nil
        }
        return try? Distribution.categorical(weights: w)
    }

    static func fmt(_ x: Double) -> String {
        let r = (x * 1e6).rounded() / 1e6
        if let i = Int(exactly: r) { return String(i) }
        return String(r)
    }

    /// `{from: KEY_ATTRIBUTE, table: {keyCategory: row, ...}}`: a row is a
    /// categorical table (categorical target) or a distribution (numeric).
    func compileLookup(_ p: PathwayBuilder, attr: Int32, cats: [String]?, _ val: YNode, _ path: String, stream: String) {
        guard let m = MapReader(val, path, d, expected: "{from: ATTRIBUTE, table: {...}}", allowed: ["from", "table"], required: ["from", "table"]),
              let fromN = m["from"], let tableN = m["table"], let key = attribute(fromN, m.sub("from")) else { return }
        guard let keyName = fromN.string, let keyCats = categories[keyName] else {
            d.error(fromN, m.sub("from"), "'\(fromN.string ?? "")' is not a categorical attribute", expected: "a categorical attribute to look up by")
            return
        }
        guard let rows = tableN.pairs else {
            d.error(tableN, m.sub("table"), "\(tableN.kindName) is not a table", expected: "a mapping with one row per category of \(keyName): \(keyCats.joined(separator: ", "))")
            return
        }
        var dists: [Distribution?] = Array(repeating: nil, count: keyCats.count)
        for (k, row) in rows {
            guard let ks = k.string, let i = keyCats.firstIndex(of: ks) else {
                d.error(k, m.sub("table"), "'\(k.string ?? "?")' is not a category of \(keyName)", expected: "one of \(keyCats.joined(separator: ", "))")
                continue
            }
            let rp = "\(m.sub("table")).\(ks)"
            if let cats { dists[i] = categorical(row, rp, categories: cats) } else { dists[i] = v.distribution(row, rp) }
        }
        let given = Set(rows.compactMap { $0.key.string })
        let missing = keyCats.indices.filter { !given.contains(keyCats[$0]) }
        if !missing.isEmpty {
            d.error(tableN, m.sub("table"), "no row for \(missing.map { keyCats[$0] }.joined(separator: ", "))", expected: "one row per category of \(keyName)")
            return
        }
        let all = dists.compactMap { $0 }
        guard all.count == keyCats.count else { return }
        p.assign(attr, lookup: all, key: key, stream: stream)
    }
}
