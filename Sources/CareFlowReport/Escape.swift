import Foundation

/// The one escaping function of the report. Every piece of text that comes
/// from a scenario file or from the JSON (names, titles, labels, sources,
/// file texts, category names) goes through it before it reaches the HTML,
/// in element content and in attribute values (always double-quoted) alike.
func esc(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default:
            // Control characters other than tab/newline/CR are not allowed in HTML text.
            if c.value < 0x20 && c != "\n" && c != "\t" && c != "\r" { out += "\u{FFFD}" } else { out.unicodeScalars.append(c) }
        }
    }
    return out
}

/// Number formatting for the report: deterministic, minus sign as U+2212.
enum Fmt {
    /// x with d decimals ("—" when not finite).
    static func fixed(_ x: Double, _ d: Int) -> String {
        guard x.isFinite else { return "—" }
        var s = cFormat(x, decimals: d)
        if s.hasPrefix("-") {
            // "-0.0" reads as a negative number: drop the sign when it rounds to 0.
            let body = String(s.dropFirst())
            s = body.allSatisfy({ $0 == "0" || $0 == "." }) ? body : "\u{2212}" + body
        }
        return ReportLanguage.current == .sv ? String(s.map { $0 == "." ? "," : $0 }) : s
    }

    /// printf's "%.<d>f" through the C library: the digits String(format:)
    /// gives (Foundation formats doubles with snprintf too), without its
    /// format parser and string bridging; a report formats thousands.
    static func cFormat(_ x: Double, decimals d: Int) -> String {
        let d = Swift.max(0, Swift.min(d, 17))
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buf in
            let n = withVaList([Int32(d), x]) { vsnprintf(buf.baseAddress, buf.count, "%.*f", $0) }
            guard n >= 0, n < buf.count else { return String(format: "%.\(d)f", x) }
            return String(cString: buf.baseAddress!)
        }
    }

    /// The decimal separator of the current language.
    static var point: Character { ReportLanguage.current == .sv ? "," : "." }

    /// Decimals that suit a magnitude: 3 significant digits, at most 2 decimals.
    static func decimals(_ x: Double) -> Int {
        let a = abs(x)
        if !a.isFinite || a >= 100 { return 0 }
        if a >= 10 { return 1 }
        return 2
    }

    /// 3 significant digits; whole numbers without decimals.
    static func num(_ x: Double) -> String { abs(x) >= 10_000 ? count(x) : trim(fixed(x, decimals(x))) }

    /// Drops trailing zeros after the decimal point ("8.40" → "8.4", "3.00" → "3").
    static func trim(_ s: String) -> String {
        guard s.contains(point) else { return s }
        var t = Substring(s)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.last == point { t = t.dropLast() }
        return String(t)
    }

    /// A signed number (+ for positive), for differences.
    static func signed(_ x: Double, _ d: Int) -> String {
        let s = trim(fixed(x, d))
        return x > 0 && s != "0" ? "+" + s : s
    }

    static func percent(_ share: Double, _ d: Int = 1) -> String {
        guard share.isFinite else { return "—" }
        return fixed(share * 100, d) + (ReportLanguage.current == .sv ? "\u{00A0}%" : "%")
    }

    /// An integer count with thin-space thousands separators.
    static func count(_ x: Double) -> String {
        guard x.isFinite else { return "—" }
        let neg = x < 0
        guard let whole = Int64(exactly: abs(x).rounded()) else { return String(format: "%.3g", x) }
        let digits = String(whole)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "\u{2009}" }
            out.append(ch)
        }
        return (neg ? "\u{2212}" : "") + out
    }

    /// Minutes in words with a unit suited to the magnitude of `scale`.
    static func durationUnit(for scale: Double) -> (divisor: Double, unit: String) {
        let a = abs(scale)
        if !a.isFinite || a < 180 { return (1, "minutes") }
        if a < 72 * 60 { return (60, "hours") }
        return (1440, "days")
    }

    /// "minutes" -> "min", "hours" -> "h", "days" -> "d" (Swedish "dygn").
    static func unitShort(_ unit: String) -> String {
        unit == "minutes" ? "min" : unit == "hours" ? "h" : ReportLanguage.current == .sv ? "dygn" : "d"
    }

    /// The unit in words in the current language.
    static func unitLong(_ unit: String) -> String { tr(unit) }

    static func duration(_ minutes: Double) -> String {
        guard minutes.isFinite else { return "—" }
        let (d, u) = durationUnit(for: minutes)
        let v = minutes / d
        return num(v) + " " + (u == "minutes" ? "min" : u == "hours" ? "h" : ReportLanguage.current == .sv ? "dygn" : "d")
    }
}
