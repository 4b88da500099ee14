import Foundation

/// Knob settings turned into a what-if file: `extends` the base, then
/// `overrides` with each knob's label as a comment. The workbench runs the
/// text it writes (through `ScenarioLoader.load(text:)`), so the file a
/// planner downloads is exactly what ran.
public struct KnobSettingError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension ScenarioInputs {
    /// A number as YAML text: whole numbers without a decimal point, others
    /// with up to 12 significant digits (so 1 - 0.7 is written 0.3).
    public static func text(_ x: Double) -> String {
        if x.rounded() == x, abs(x) < 1e15 { return String(Int64(x)) }
        return String(format: "%.12g", x)
    }

    /// `x` rounded to 10 significant digits (36 / 0.24 is 150, not 150.00000000000003).
    static func tidy(_ x: Double) -> Double { Double(String(format: "%.10g", x)) ?? x }

    /// The overrides for `settings` (knob name -> value text, or the choice's
    /// name); knobs left at the scenario's value are omitted.
    public static func overrides(_ knobs: [Knob], settings: [String: String]) throws(KnobSettingError) -> [KnobOverride] {
        for name in settings.keys where !knobs.contains(where: { $0.name == name }) {
            throw KnobSettingError("no knob '\(name)' in this scenario")
        }
        var out: [KnobOverride] = []
        for k in knobs {
            guard let raw = settings[k.name] else { continue }
            if k.kind == .choice {
                guard let c = k.choices.first(where: { $0.name == raw }) else {
                    throw KnobSettingError("\(k.label): '\(raw)' is not one of \(k.choices.map(\.name).joined(separator: ", "))")
                }
                if c.name == k.currentChoice { continue }
                out.append(KnobOverride(comment: "\(k.label): \(c.label)", pairs: c.overrides.map { (path: $0.path, yaml: $0.value.flowYAML) }))
                continue
            }
            guard let v = Double(raw.trimmingCharacters(in: [" "])), v.isFinite else {
                throw KnobSettingError("\(k.label): '\(raw)' is not a number")
            }
            guard v >= k.min, v <= k.max else {
                throw KnobSettingError("\(k.label): \(text(v)) is outside \(text(k.min)) to \(text(k.max))")
            }
            if k.kind == .integer, v.rounded() != v { throw KnobSettingError("\(k.label): \(text(v)) is not a whole number") }
            if v == k.current { continue }
            let pairs = k.targets.map { t -> (path: String, yaml: String) in
                let x = t.apply(v)
                return (t.path, k.kind == .duration ? "\(text(x))\(k.unit)" : text(x))
            }
            let unit = k.unit.isEmpty ? "" : " \(k.unit)"
            out.append(KnobOverride(comment: "\(k.label): \(text(v))\(unit) (base: \(text(k.current))\(unit))", pairs: pairs))
        }
        return out
    }

    /// The text of a what-if file that extends `base` (a path relative to
    /// the folder the file is written to) with `overrides`.
    public static func whatIfYAML(base: String, name: String, title: String, overrides: [KnobOverride], reproduce: String) -> String {
        var s = "# A what-if written by `careflow serve`: \(oneLine(title)).\n"
        s += "# Reproduce its numbers: \(oneLine(reproduce))\n"
        s += "extends: \(quoted(base))\n"
        s += "name: \(quoted(name))\n"
        s += "title: \(quoted(oneLine(title)))\n"
        if overrides.isEmpty {
            s += "overrides: {}\n"
            return s
        }
        s += "overrides:\n"
        for o in overrides {
            s += "  # \(oneLine(o.comment))\n"
            for (p, v) in o.pairs { s += "  \(quoted(p)): \(v)\n" }
        }
        return s
    }

    static func oneLine(_ s: String) -> String {
        String(s.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }

    /// A YAML double-quoted string (JSON escapes are valid YAML).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

extension YNode {
    /// This value as one line of YAML flow syntax (for a what-if file).
    public var flowYAML: String {
        switch value {
        case .null: return "null"
        case .scalar(let s, let q):
            return !q && YNode.plainSafe(s) ? s : ScenarioInputs.quoted(s)
        case .sequence(let items):
            return "[" + items.map(\.flowYAML).joined(separator: ", ") + "]"
        case .mapping(let pairs):
            return "{" + pairs.map { "\($0.key.flowYAML): \($0.value.flowYAML)" }.joined(separator: ", ") + "}"
        }
    }

    /// A scalar YAML reads back as the same text without quotes in flow context.
    static func plainSafe(_ s: String) -> Bool {
        guard let f = s.first, f.isLetter || f.isNumber || f == "-" || f == "." || f == "+" else { return false }
        if ["true", "false", "null", "yes", "no", "on", "off", "~"].contains(s.lowercased()) { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || "._-+".contains($0) }
    }
}
