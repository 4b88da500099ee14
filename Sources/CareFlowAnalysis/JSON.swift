/// A JSON value with deterministic output: keys in insertion order, numbers
/// in Swift's shortest round-trip form, NaN and infinities as null. Two runs
/// that compute the same doubles write byte-identical files.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.serialized() == b.serialized() }

    public static func num(_ x: Double) -> JSON { .number(x) }
    public static func nums(_ xs: [Double]) -> JSON { .array(xs.map(JSON.number)) }

    public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(&out, indent: pretty ? 0 : -1)
        if pretty { out += "\n" }
        return out
    }

    private func write(_ out: inout String, indent: Int) {
        let nl = indent >= 0
        let pad = nl ? String(repeating: "  ", count: indent + 1) : ""
        let close = nl ? String(repeating: "  ", count: indent) : ""
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let x): out += JSON.format(x)
        case .string(let s): JSON.quote(s, into: &out)
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            // Arrays of plain numbers stay on one line.
            let flat = a.allSatisfy { if case .number = $0 { return true }; if case .null = $0 { return true }; return false }
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                if nl && !flat { out += "\n" + pad } else if i > 0 && nl { out += " " }
                v.write(&out, indent: nl ? indent + 1 : -1)
            }
            if nl && !flat { out += "\n" + close }
            out += "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (k, v)) in o.enumerated() {
                if i > 0 { out += "," }
                if nl { out += "\n" + pad }
                JSON.quote(k, into: &out)
                out += nl ? ": " : ":"
                v.write(&out, indent: nl ? indent + 1 : -1)
            }
            if nl { out += "\n" + close }
            out += "}"
        }
    }

    public static func format(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }

    // MARK: Reading (for `careflow report DIR`, `merge`)

    public subscript(key: String) -> JSON? {
        if case .object(let o) = self { return o.first { $0.0 == key }?.1 }
        return nil
    }
    public var double: Double? {
        switch self {
        case .number(let x): return x
        case .null: return .nan
        default: return nil
        }
    }
    public var string: String? { if case .string(let s) = self { return s }; return nil }
    public var array: [JSON]? { if case .array(let a) = self { return a }; return nil }
    public var object: [(String, JSON)]? { if case .object(let o) = self { return o }; return nil }
    public var doubles: [Double]? { array?.compactMap(\.double) }

    /// A whole number that fits in an Int (nil for fractions, NaN, null,
    /// out-of-range values): for counts and ids read back from files.
    public var int: Int? {
        guard case .number(let x) = self, x.isFinite, x == x.rounded(), abs(x) < 9e15 else { return nil }
        return Int(x)
    }

    /// How deep arrays and objects may nest in files we read (ours nest
    /// fewer than 10 levels); deeper input is refused, not a stack overflow.
    public static let maxDepth = 256

    /// Parses JSON text (RFC 8259, strict): bounded depth, paired surrogate
    /// escapes, no raw control characters in strings, finite numbers. A
    /// damaged file is a `Parser.Failure` naming the byte offset.
    public static func parse(_ text: String) throws -> JSON {
        var p = Parser(Array(text.utf8))
        let v = try p.value(depth: 0)
        p.skip()
        guard p.i == p.b.count else { throw Parser.Failure(offset: p.i, message: "trailing characters") }
        return v
    }

    struct Parser {
        struct Failure: Error, CustomStringConvertible {
            let offset: Int
            let message: String
            var description: String { "JSON at byte \(offset): \(message)" }
        }
        let b: [UInt8]
        var i = 0
        init(_ b: [UInt8]) { self.b = b }

        mutating func skip() { while i < b.count, b[i] == 0x20 || b[i] == 0x0a || b[i] == 0x0d || b[i] == 0x09 { i += 1 } }
        mutating func expect(_ s: String) throws {
            for c in s.utf8 {
                guard i < b.count, b[i] == c else { throw Failure(offset: i, message: "expected \(s)") }
                i += 1
            }
        }
        mutating func value(depth: Int) throws -> JSON {
            skip()
            guard i < b.count else { throw Failure(offset: i, message: "unexpected end") }
            switch b[i] {
            case UInt8(ascii: "{"):
                guard depth < JSON.maxDepth else { throw Failure(offset: i, message: "nested more than \(JSON.maxDepth) levels deep") }
                i += 1
                var o: [(String, JSON)] = []
                skip()
                if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
                while true {
                    skip()
                    guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw Failure(offset: i, message: "expected a key") }
                    let k = try string()
                    skip()
                    try expect(":")
                    o.append((k, try value(depth: depth + 1)))
                    skip()
                    if i < b.count, b[i] == UInt8(ascii: ",") { i += 1; continue }
                    try expect("}")
                    return .object(o)
                }
            case UInt8(ascii: "["):
                guard depth < JSON.maxDepth else { throw Failure(offset: i, message: "nested more than \(JSON.maxDepth) levels deep") }
                i += 1
                var a: [JSON] = []
                skip()
                if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
                while true {
                    a.append(try value(depth: depth + 1))
                    skip()
                    if i < b.count, b[i] == UInt8(ascii: ",") { i += 1; continue }
                    try expect("]")
                    return .array(a)
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            default: return .number(try number())
            }
        }

        /// Four hex digits at i ..< i + 4.
        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= b.count else { throw Failure(offset: i, message: "bad \\u escape") }
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = b[i + k]
                let d: UInt8
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
                default: throw Failure(offset: i + k, message: "bad \\u escape")
                }
                v = v << 4 | UInt32(d)
            }
            i += 4
            return v
        }

        /// A string starting at the opening quote.
        mutating func string() throws -> String {
            i += 1
            var scalars = String.UnicodeScalarView()
            var start = i
            func flush(_ end: Int) { scalars.append(contentsOf: String(decoding: b[start..<end], as: UTF8.self).unicodeScalars) }
            while true {
                guard i < b.count else { throw Failure(offset: i, message: "unterminated string") }
                let c = b[i]
                if c == UInt8(ascii: "\"") { flush(i); i += 1; return String(scalars) }
                if c < 0x20 { throw Failure(offset: i, message: "control character in a string") }
                if c != UInt8(ascii: "\\") { i += 1; continue }
                flush(i)
                i += 1
                guard i < b.count else { throw Failure(offset: i, message: "unterminated string") }
                let e = b[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "u"):
                    let at = i - 2
                    var cp = try hex4()
                    if (0xDC00..<0xE000).contains(cp) { throw Failure(offset: at, message: "lone low surrogate \\u\(String(cp, radix: 16))") }
                    if (0xD800..<0xDC00).contains(cp) {
                        guard i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else {
                            throw Failure(offset: at, message: "lone high surrogate \\u\(String(cp, radix: 16))")
                        }
                        i += 2
                        let lo = try hex4()
                        guard (0xDC00..<0xE000).contains(lo) else { throw Failure(offset: at, message: "high surrogate without a low one") }
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(cp) else { throw Failure(offset: at, message: "bad \\u escape") }
                    scalars.append(u)
                default: throw Failure(offset: i - 1, message: "bad escape")
                }
                start = i
            }
        }

        /// A number by the JSON grammar; finite.
        mutating func number() throws -> Double {
            let start = i
            func digits() -> Int {
                let s = i
                while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
                return i - s
            }
            if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw Failure(offset: start, message: "bad value") }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                guard digits() > 0 else { throw Failure(offset: start, message: "bad number") }
            }
            if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { throw Failure(offset: start, message: "bad number") }
            }
            guard let x = Double(String(decoding: b[start..<i], as: UTF8.self)), x.isFinite else {
                throw Failure(offset: start, message: "number out of range")
            }
            return x
        }
    }

}
