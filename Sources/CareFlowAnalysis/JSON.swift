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

    /// Parses JSON text (strict, UTF-8).
    public static func parse(_ text: String) throws -> JSON {
        var p = Parser(Array(text.utf8))
        let v = try p.value()
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

        mutating func skip() { while i < b.count, [0x20, 0x0a, 0x0d, 0x09].contains(b[i]) { i += 1 } }
        mutating func expect(_ s: String) throws {
            for c in s.utf8 {
                guard i < b.count, b[i] == c else { throw Failure(offset: i, message: "expected \(s)") }
                i += 1
            }
        }
        mutating func value() throws -> JSON {
            skip()
            guard i < b.count else { throw Failure(offset: i, message: "unexpected end") }
            switch b[i] {
            case UInt8(ascii: "{"):
                i += 1
                var o: [(String, JSON)] = []
                skip()
                if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
                while true {
                    skip()
                    guard case .string(let k) = try value() else { throw Failure(offset: i, message: "expected a key") }
                    skip()
                    try expect(":")
                    o.append((k, try value()))
                    skip()
                    if i < b.count, b[i] == UInt8(ascii: ",") { i += 1; continue }
                    try expect("}")
                    return .object(o)
                }
            case UInt8(ascii: "["):
                i += 1
                var a: [JSON] = []
                skip()
                if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
                while true {
                    a.append(try value())
                    skip()
                    if i < b.count, b[i] == UInt8(ascii: ",") { i += 1; continue }
                    try expect("]")
                    return .array(a)
                }
            case UInt8(ascii: "\""):
                i += 1
                var bytes: [UInt8] = []
                while i < b.count, b[i] != UInt8(ascii: "\"") {
                    if b[i] == UInt8(ascii: "\\") {
                        i += 1
                        guard i < b.count else { break }
                        switch b[i] {
                        case UInt8(ascii: "n"): bytes.append(0x0a)
                        case UInt8(ascii: "r"): bytes.append(0x0d)
                        case UInt8(ascii: "t"): bytes.append(0x09)
                        case UInt8(ascii: "b"): bytes.append(0x08)
                        case UInt8(ascii: "f"): bytes.append(0x0c)
                        case UInt8(ascii: "u"):
                            guard i + 4 < b.count, let cp = UInt32(String(decoding: b[(i + 1)...(i + 4)], as: UTF8.self), radix: 16) else {
                                throw Failure(offset: i, message: "bad \\u escape")
                            }
                            i += 4
                            var cpv = cp
                            // Surrogate pair.
                            if (0xD800..<0xDC00).contains(cp), i + 6 < b.count, b[i + 1] == UInt8(ascii: "\\"), b[i + 2] == UInt8(ascii: "u"),
                               let lo = UInt32(String(decoding: b[(i + 3)...(i + 6)], as: UTF8.self), radix: 16) {
                                cpv = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                                i += 6
                            }
                            bytes.append(contentsOf: Array(String(Character(Unicode.Scalar(cpv) ?? "?")).utf8))
                        default: bytes.append(b[i])
                        }
                        i += 1
                    } else {
                        bytes.append(b[i])
                        i += 1
                    }
                }
                try expect("\"")
                return .string(String(decoding: bytes, as: UTF8.self))
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            default:
                let start = i
                while i < b.count, "+-0123456789.eE".utf8.contains(b[i]) { i += 1 }
                guard let x = Double(String(decoding: b[start..<i], as: UTF8.self)) else { throw Failure(offset: start, message: "bad number") }
                return .number(x)
            }
        }
    }
}
