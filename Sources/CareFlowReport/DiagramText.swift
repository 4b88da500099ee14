/// The texts of the pathway diagrams as a reader wants them: the compiler
/// writes each step in English with durations in minutes and units by name
/// ("ward stay [ward_bed]: lognormal(mean 5760, sd 2880)"); the report shows
/// it in the report's language, with durations in natural units and units by
/// their labels ("ward stay [Medical ward beds]: lognormal, mean 4 d, sd 2 d").
enum DiagramText {
    /// A node's text in the report's words.
    static func node(_ nd: NodeMeta, _ d: ReportData) -> String {
        var t = nd.text
        // Units by their labels: "[ward_bed]", "wait for ward_bed", "release ward_bed", "a + b".
        let units = nd.units.sorted { $0.count > $1.count }
        if !units.isEmpty {
            t = replaceNames(t, units) { d.unitLabel($0) }
        }
        t = durations(t, clock: nd.kind == "wait")
        switch nd.kind {
        case "milestone": return Changes.words(t)
        case "leave":
            switch t {
            case "leave": return tr("leave")
            case "leave (reneged)": return tr("leave (reneged)")
            case "leave (balked)": return tr("leave (balked)")
            default: return t
            }
        case "seize":
            t = lead(t, "wait for ", tr("wait for "))
            if let r = t.range(of: " (balk if queue ≥ ") { t = t.replacingCharacters(in: r, with: tr(" (balk if queue ≥ ")) }
            return t
        case "release": return lead(t, "release ", tr("release "))
        case "wait": return lead(t, "wait until time of day: ", tr("wait until time of day: "))
        case "delay": return lead(t, "wait: ", tr("wait: "))
        case "patience": return lead(t, "patience ", tr("patience "))
        case "assign": return lead(t, "set ", tr("set "))
        case "branch": return t == "branch" ? tr("branch") : lead(t, "by ", tr("by "))
        case "repeat":
            t = lead(t, "repeat ", tr("repeat "))
            if t.hasSuffix(" apart") { t = String(t.dropLast(6)) + tr(" apart") }
            return t
        default: return t
        }
    }

    /// An arrow's label: the compiler's fixed words translated, user labels as written.
    static func edge(_ label: String) -> String {
        switch label {
        case "reneged": return tr("reneged")
        case "next pass": return tr("next pass")
        case "balked": return tr("balked")
        default: return label
        }
    }

    static func lead(_ s: String, _ english: String, _ local: String) -> String {
        s.hasPrefix(english) ? local + s.dropFirst(english.count) : s
    }

    /// Replaces whole-word occurrences of the names (letters, digits and _ around them end a word).
    static func replaceNames(_ s: String, _ names: [String], _ label: (String) -> String) -> String {
        let cs = Array(s)
        var out = "", i = 0
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        outer: while i < cs.count {
            if i == 0 || !isWord(cs[i - 1]) {
                for n in names where !n.isEmpty {
                    let nc = Array(n)
                    guard i + nc.count <= cs.count, Array(cs[i..<i + nc.count]) == nc else { continue }
                    if i + nc.count < cs.count && isWord(cs[i + nc.count]) { continue }
                    out += label(n)
                    i += nc.count
                    continue outer
                }
            }
            out.append(cs[i]); i += 1
        }
        return out
    }

    static let families = ["fixed", "uniform", "exponential", "normal", "lognormal", "gamma", "erlang", "weibull", "triangular", "pert",
                           "discrete", "empirical", "categorical"]

    /// Every distribution "name(args)" in the text rewritten with units: minutes,
    /// hours or days from the largest time value; clock times (minutes after
    /// midnight) as hh:mm.
    static func durations(_ s: String, clock: Bool) -> String {
        var out = "", rest = Substring(s)
        while let open = rest.firstIndex(of: "(") {
            let before = rest[..<open]
            // The family name is the word just before "(".
            let word = String(before.reversed().prefix { $0.isLetter }.reversed())
            guard families.contains(word), let close = rest[open...].firstIndex(of: ")") else {
                out += rest[...open]; rest = rest[rest.index(after: open)...]; continue
            }
            out += before.dropLast(word.count)
            out += distribution(word, String(rest[rest.index(after: open)..<close]), clock: clock) ?? String(rest[before.endIndex...close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// One distribution in words, nil when its arguments do not parse.
    static func distribution(_ family: String, _ args: String, clock: Bool) -> String? {
        let parts = args.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var named: [(key: String, value: Double)] = []
        for p in parts {
            let kv = p.split(separator: " ")
            if kv.count == 1, let v = Double(kv[0]) { named.append(("", v)) }
            else if kv.count == 2, let v = Double(kv[1]) { named.append((String(kv[0]), v)) }
            else if kv.count == 2, family == "discrete" || family == "empirical" || family == "categorical", let n = Int(kv[0]) {
                let count: String
                switch kv[1] {
                case "values": count = tr("{0} values", "\(n)")
                case "points": count = tr("{0} points", "\(n)")
                case "categories": count = tr("{0} categories", "\(n)")
                default: return nil
                }
                return tr(family) + " (" + count + ")"
            } else { return nil }
        }
        // Shape parameters carry no unit.
        let unitless: Set<String> = ["shape", "k", "p"]
        let times = named.filter { !unitless.contains($0.key) }.map { abs($0.value) }
        let (div, unit) = Fmt.durationUnit(for: times.max() ?? 0)
        func t(_ v: Double) -> String {
            if clock {
                let m = Int((v.truncatingRemainder(dividingBy: 1440) + 1440).truncatingRemainder(dividingBy: 1440).rounded())
                return String(format: "%02d:%02d", (m / 60) % 24, m % 60)
            }
            return Fmt.num(v / div) + "\u{00A0}" + Fmt.unitShort(unit)
        }
        func value(_ p: (key: String, value: Double)) -> String {
            unitless.contains(p.key) ? Fmt.num(p.value) : t(p.value)
        }
        func key(_ k: String) -> String { tr(k == "lower" ? "at least" : k) }
        switch (family, named.count) {
        case ("fixed", 1): return t(named[0].value)
        case ("uniform", 2): return tr("uniform") + " " + t(named[0].value) + (clock ? "–" : " – ") + t(named[1].value)
        case ("triangular", 3), ("pert", 3):
            return tr(family) + " " + t(named[0].value) + (clock ? "–" : " – ") + t(named[2].value) + ", " + tr("mode") + " " + t(named[1].value)
        default:
            guard named.allSatisfy({ !$0.key.isEmpty }) else { return nil }
            return tr(family) + ", " + named.map { key($0.key) + " " + value($0) }.joined(separator: ", ")
        }
    }
}
