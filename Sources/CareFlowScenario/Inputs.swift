/// Knobs: the `inputs:` section of a scenario file, the named values a
/// planner may change in `careflow serve` without editing key paths.
///
/// A knob sets one or more key paths (the same paths `overrides` takes);
/// linked paths move together (`as: complement` sets 1 - value, for two
/// branch probabilities that must add up to 1). A `choice` knob picks one
/// of several sets of overrides (e.g. confusion tables). Without an
/// `inputs:` section, unit capacities and arrival volumes are offered.
public struct Knob: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case integer, number, probability, duration, choice
    }

    /// A key path the knob sets: to the value times `scale`, or (with
    /// `complement`) to 1 - value.
    public struct Target: Sendable {
        public var path: String
        public var complement: Bool
        public var scale: Double = 1
        public func apply(_ v: Double) -> Double { complement ? 1 - v : v * scale }
        public func invert(_ x: Double) -> Double { complement ? 1 - x : x / scale }
    }

    /// One alternative of a `choice` knob: the overrides it applies.
    public struct Choice: Sendable {
        public var name: String
        public var label: String
        public var overrides: [(path: String, value: YNode)]
    }

    public var name: String
    public var label: String
    public var description: String
    public var kind: Kind
    public var targets: [Target]
    public var min: Double
    public var max: Double
    public var step: Double
    /// Shown after the value (e.g. "cubicles", "per day"); for durations the
    /// unit the value is in (m, h, d).
    public var unit: String
    /// The scenario's own value (numeric knobs), in `unit` for durations.
    public var current: Double
    public var choices: [Choice]
    /// The choice the scenario itself makes (choice knobs).
    public var currentChoice: String
    /// Offered automatically (no `inputs:` section in the scenario).
    public var automatic: Bool
}

/// One knob setting turned into overrides: a comment line naming the knob,
/// then key path / YAML value pairs.
public struct KnobOverride: Sendable {
    public var comment: String
    public var pairs: [(path: String, yaml: String)]
}

public enum ScenarioInputs {
    static let knobKeys = ["label", "description", "type", "sets", "min", "max", "step", "unit", "choices", "default"]
    static let durationUnits: [String: Double] = ["s": 1.0 / 60, "m": 1, "h": 60, "d": 1440, "w": 10080]

    /// The knobs of a loaded scenario: its `inputs:` section, or automatic
    /// knobs for unit capacities and arrival volumes without one.
    public static func knobs(_ loaded: LoadedScenario) throws(ScenarioErrors) -> [Knob] {
        let d = Diagnostics()
        let knobs = read(loaded.root, d)
        try d.throwIfAny()
        return knobs
    }

    /// Reads and checks `inputs:` into `d` (the compiler calls this, so
    /// `careflow validate` reports knob errors with the others).
    static func read(_ root: YNode, _ d: Diagnostics) -> [Knob] {
        guard let inputs = root["inputs"] else { return automatic(root) }
        guard let pairs = inputs.pairs else {
            d.error(inputs, "inputs", "\(inputs.kindName) is not a mapping", expected: "knobs by name, e.g. ed_cubicles: {label: ED cubicles, type: integer, sets: units.cubicle.capacity, min: 10, max: 60}")
            return []
        }
        var out: [Knob] = []
        for (k, v) in pairs {
            guard let name = k.string, !name.isEmpty else {
                d.error(k, "inputs", "a knob name must be text", expected: "a knob name such as ed_cubicles")
                continue
            }
            if let knob = readKnob(name, v, root: root, d) { out.append(knob) }
        }
        return out
    }

    private static func readKnob(_ name: String, _ node: YNode, root: YNode, _ d: Diagnostics) -> Knob? {
        let path = "inputs.\(name)"
        guard let m = MapReader(node, path, d, expected: "a knob: {label, type, sets, min, max ...}", allowed: knobKeys, required: ["label", "type"]) else { return nil }
        let v = ValueReader(d: d)
        let label = m["label"].flatMap { v.name($0, m.sub("label"), what: "a label shown next to the knob") } ?? name
        let description = m["description"]?.string ?? ""
        guard let tn = m["type"] else { return nil }
        guard let kindName = tn.string, let kind = Knob.Kind(rawValue: kindName) else {
            d.error(tn, m.sub("type"), "\(tn.kindName) is not a knob type", expected: "one of \(Knob.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        var knob = Knob(name: name, label: label, description: description, kind: kind, targets: [], min: 0, max: 1, step: 1,
                        unit: m["unit"]?.string ?? "", current: 0, choices: [], currentChoice: "", automatic: false)
        if kind == .choice {
            for key in ["sets", "min", "max", "step"] where m[key] != nil {
                d.error(node, m.sub(key), "a choice knob does not take '\(key)'", expected: "choices (and default)")
            }
            guard let cn = m["choices"] else {
                d.error(node, path, "missing key 'choices'", expected: "choices by name, each {label, set: {KEY.PATH: VALUE}}")
                return nil
            }
            knob.choices = readChoices(cn, m.sub("choices"), root: root, d)
            guard knob.choices.count >= 2 else {
                if cn.pairs != nil { d.error(cn, m.sub("choices"), "a choice knob needs at least 2 choices", expected: "two or more choices") }
                return nil
            }
            if let dn = m["default"] {
                guard let s = dn.string, knob.choices.contains(where: { $0.name == s }) else {
                    d.error(dn, m.sub("default"), "\(dn.kindName) is not one of the choices", expected: "one of \(knob.choices.map(\.name).joined(separator: ", "))")
                    return nil
                }
                knob.currentChoice = s
            } else {
                knob.currentChoice = knob.choices[0].name
            }
            return knob
        }
        if m["choices"] != nil { d.error(node, m.sub("choices"), "only a choice knob takes 'choices'", expected: "type: choice, or sets/min/max") }
        if m["default"] != nil { d.error(node, m.sub("default"), "a numeric knob's default is the scenario's own value", expected: "no 'default' (the value at the first key path is used)") }
        guard let sets = m["sets"] else {
            d.error(node, path, "missing key 'sets'", expected: "the key path(s) the knob sets, e.g. units.cubicle.capacity")
            return nil
        }
        knob.targets = readTargets(sets, m.sub("sets"), root: root, d)
        guard let first = knob.targets.first else { return nil }
        if kind == .duration {
            guard let f = durationUnits[knob.unit] else {
                d.error(m["unit"] ?? node, m.sub("unit"), knob.unit.isEmpty ? "a duration knob needs a unit" : "'\(knob.unit)' is not a duration unit",
                        expected: "unit: m, h or d (the unit the knob's value is in)")
                return nil
            }
            guard let value = lookup(root, first.path), let s = value.string else {
                d.error(sets, m.sub("sets"), "the value at \(first.path) is not a duration", expected: "a key path to a duration such as 30h")
                return nil
            }
            // A bad duration there is the compiler's error, reported where it is written.
            guard let cur = ValueReader.parseDuration(s) else { return nil }
            knob.current = tidy(first.invert(cur) / f)
        } else {
            guard let node = lookup(root, first.path), let s = node.string else {
                d.error(sets, m.sub("sets"), "the value at \(first.path) is not a number", expected: "a key path to a number (a capacity, a rate, a probability)")
                return nil
            }
            // A bad number there (e.g. set by a sweep) is the compiler's error, reported where it is written.
            guard let cur = Double(s.replacingOccurrences(of: "_", with: "")) else { return nil }
            knob.current = tidy(first.invert(cur))
        }
        let isProbability = kind == .probability
        if !isProbability {
            for key in ["min", "max"] where m[key] == nil {
                d.error(node, path, "missing key '\(key)'", expected: "bounds min and max for a \(kind.rawValue) knob")
            }
        }
        let lo = m["min"].flatMap { v.number($0, m.sub("min")) } ?? (isProbability ? 0 : knob.current)
        let hi = m["max"].flatMap { v.number($0, m.sub("max")) } ?? (isProbability ? 1 : knob.current)
        let step = m["step"].flatMap { v.number($0, m.sub("step")) } ?? (kind == .integer ? 1 : (isProbability ? 0.01 : max((hi - lo) / 100, 1e-9)))
        if lo > hi { d.error(m["max"] ?? node, m.sub("max"), "max \(text(hi)) is below min \(text(lo))", expected: "min <= max") }
        if step <= 0 { d.error(m["step"] ?? node, m.sub("step"), "step \(step) is not positive", expected: "a step above 0") }
        if kind == .integer, lo.rounded() != lo || hi.rounded() != hi || step.rounded() != step {
            d.error(node, path, "an integer knob needs whole bounds and step", expected: "whole numbers for min, max and step")
        }
        if isProbability, lo < 0 || hi > 1 { d.error(node, path, "probability bounds \(lo) to \(hi) leave 0 to 1", expected: "min and max between 0 and 1") }
        // A what-if (or a sweep point) may set the value outside the planning
        // range: the knob's range then widens to include it.
        knob.min = lo <= hi ? Swift.min(lo, knob.current) : lo
        knob.max = lo <= hi ? Swift.max(hi, knob.current) : hi
        knob.step = step
        return knob
    }

    private static func readTargets(_ sets: YNode, _ path: String, root: YNode, _ d: Diagnostics) -> [Knob.Target] {
        let items = sets.items ?? [sets]
        var out: [Knob.Target] = []
        for (i, it) in items.enumerated() {
            let p = sets.items == nil ? path : "\(path)[\(i)]"
            var target: Knob.Target?
            if let s = it.string {
                target = Knob.Target(path: s, complement: false)
            } else if let m = MapReader(it, p, d, expected: "a key path, or {path: KEY.PATH, as: complement} or {path: KEY.PATH, scale: 0.24}",
                                        allowed: ["path", "as", "scale"], required: ["path"]),
                      let s = m["path"]?.string {
                let mode = m["as"]?.string ?? "value"
                if mode != "value" && mode != "complement" {
                    d.error(m["as"] ?? it, m.sub("as"), "'\(mode)' is not a way to set a key path", expected: "value or complement (1 - value)")
                }
                var scale = 1.0
                if let sn = m["scale"], let x = ValueReader(d: d).number(sn, m.sub("scale")) {
                    if x <= 0 { d.error(sn, m.sub("scale"), "scale \(x) is not positive", expected: "a factor above 0, e.g. 0.24") }
                    if mode == "complement" { d.error(sn, m.sub("scale"), "a complement target takes no scale", expected: "either as: complement or scale") }
                    scale = x > 0 ? x : 1
                }
                target = Knob.Target(path: s, complement: mode == "complement", scale: scale)
            }
            guard let t = target else { continue }
            if let problem = checkPath(root, t.path) {
                d.error(it, p, problem.message, expected: problem.expected)
                continue
            }
            out.append(t)
        }
        if out.isEmpty && items.isEmpty { d.error(sets, path, "no key path", expected: "one or more key paths") }
        return out
    }

    private static func readChoices(_ node: YNode, _ path: String, root: YNode, _ d: Diagnostics) -> [Knob.Choice] {
        guard let pairs = node.pairs else {
            d.error(node, path, "\(node.kindName) is not a mapping", expected: "choices by name, each {label, set: {KEY.PATH: VALUE}}")
            return []
        }
        var out: [Knob.Choice] = []
        for (k, v) in pairs {
            guard let name = k.string, !name.isEmpty else { continue }
            let p = "\(path).\(name)"
            guard let m = MapReader(v, p, d, expected: "{label, set: {KEY.PATH: VALUE}}", allowed: ["label", "set"], required: ["set"]),
                  let set = m["set"] else { continue }
            guard let sp = set.pairs, !sp.isEmpty else {
                d.error(set, m.sub("set"), "\(set.kindName) is not a mapping of key paths", expected: "{KEY.PATH: VALUE, ...}")
                continue
            }
            var overrides: [(path: String, value: YNode)] = []
            for (pk, pv) in sp {
                guard let kp = pk.string else { continue }
                if let problem = checkPath(root, kp) {
                    d.error(pk, "\(m.sub("set")).\(kp)", problem.message, expected: problem.expected)
                    continue
                }
                overrides.append((kp, pv))
            }
            out.append(Knob.Choice(name: name, label: m["label"]?.string ?? name, overrides: overrides))
        }
        return out
    }

    /// Nil if `path` names an existing value of `root`, else why not.
    static func checkPath(_ root: YNode, _ path: String) -> Merge.PathError? {
        do {
            _ = try Merge.apply(root, path: path, keyNode: root, value: root)
        } catch {
            return error
        }
        if lookup(root, path) == nil {
            return Merge.PathError(message: "no value at key path '\(path)'", expected: "a key path that exists in the scenario")
        }
        return nil
    }

    /// The value at a key path, if there is one.
    public static func lookup(_ root: YNode, _ path: String) -> YNode? {
        guard let segs = try? Merge.parse(path) else { return nil }
        var node = root
        for seg in segs {
            if !seg.key.isEmpty {
                guard let next = node[seg.key] else { return nil }
                node = next
            }
            if let sel = seg.selector {
                guard let items = node.items, let i = Merge.select(items, sel) else { return nil }
                node = items[i]
            }
        }
        return node
    }

    /// Automatic knobs: every unit with a fixed capacity and every arrival
    /// stream with a daily volume.
    static func automatic(_ root: YNode) -> [Knob] {
        var out: [Knob] = []
        for (k, u) in root["units"]?.pairs ?? [] {
            guard let name = k.string, u["schedule"] == nil, let s = u.string ?? u["capacity"]?.string, let cap = Int(s), cap >= 0 else { continue }
            // `desk: 3` is shorthand for `desk: {capacity: 3}`.
            let path = u.string != nil ? "units.\(name)" : "units.\(name).capacity"
            let label = u["label"]?.string ?? name
            out.append(Knob(name: path, label: label, description: "Capacity of \(label) (\(name)).", kind: .integer,
                            targets: [Knob.Target(path: path, complement: false)],
                            min: 0, max: Double(Swift.max(cap * 2, cap + 10)), step: 1, unit: "", current: Double(cap),
                            choices: [], currentChoice: "", automatic: true))
        }
        for (k, a) in root["arrivals"]?.pairs ?? [] {
            guard let name = k.string, let s = a["per_day"]?.string, let rate = Double(s.replacingOccurrences(of: "_", with: "")), rate > 0 else { continue }
            let label = a["label"]?.string ?? name
            let step = rate >= 50 ? 1 : (rate >= 5 ? 0.5 : 0.1)
            out.append(Knob(name: "arrivals.\(name).per_day", label: label, description: "Arrivals per day of \(label) (\(name)).", kind: .number,
                            targets: [Knob.Target(path: "arrivals.\(name).per_day", complement: false)],
                            min: 0, max: (rate * 3).rounded(.up), step: step, unit: "per day", current: rate,
                            choices: [], currentChoice: "", automatic: true))
        }
        return out
    }
}
