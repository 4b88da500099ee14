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
        var w = Writer(pretty: pretty)
        w.value(self, indent: 0)
        if pretty { w.out.append(0x0A) }
        return String(decoding: w.out, as: UTF8.self)
    }

    /// Writes into one byte buffer: no string per value, no padding string
    /// per level (a result folder's JSON is a few hundred kilobytes, written
    /// in the serial part of a run).
    struct Writer {
        var out: [UInt8] = []
        let pretty: Bool
        init(pretty: Bool) { self.pretty = pretty; out.reserveCapacity(1 << 14) }

        mutating func ascii(_ s: StaticString) { s.withUTF8Buffer { out.append(contentsOf: $0) } }
        mutating func newline(_ level: Int) {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: 2 * level))
        }

        mutating func value(_ v: JSON, indent: Int) {
            switch v {
            case .null: ascii("null")
            case .bool(let b): if b { ascii("true") } else { ascii("false") }
            case .number(let x): number(x)
            case .string(let s): string(s)
            case .array(let a):
                if a.isEmpty { ascii("[]"); return }
                // Arrays of plain numbers stay on one line.
                let flat = a.allSatisfy { if case .number = $0 { return true }; if case .null = $0 { return true }; return false }
                out.append(UInt8(ascii: "["))
                for (i, e) in a.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    if pretty && !flat { newline(indent + 1) } else if i > 0 && pretty { out.append(0x20) }
                    value(e, indent: indent + 1)
                }
                if pretty && !flat { newline(indent) }
                out.append(UInt8(ascii: "]"))
            case .object(let o):
                if o.isEmpty { ascii("{}"); return }
                out.append(UInt8(ascii: "{"))
                for (i, (k, e)) in o.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    if pretty { newline(indent + 1) }
                    string(k)
                    if pretty { ascii(": ") } else { out.append(UInt8(ascii: ":")) }
                    value(e, indent: indent + 1)
                }
                if pretty { newline(indent) }
                out.append(UInt8(ascii: "}"))
            }
        }

        /// `JSON.format`, written in place: whole numbers as integers, the
        /// rest in Swift's shortest round-trip form.
        mutating func number(_ x: Double) {
            guard x.isFinite else { ascii("null"); return }
            if x == x.rounded(), abs(x) < 1e15 {
                var n = Int64(x)
                if n == 0 { out.append(UInt8(ascii: "0")); return }
                if n < 0 { out.append(UInt8(ascii: "-")); n = -n }
                let start = out.count
                while n > 0 { out.append(UInt8(ascii: "0") + UInt8(n % 10)); n /= 10 }
                out[start...].reverse()
                return
            }
            var d = x.description
            d.withUTF8 { out.append(contentsOf: $0) }
        }

        /// A quoted string. Escapes work on UTF-8 bytes: every byte of a
        /// multi-byte scalar is >= 0x80, so only ASCII bytes are looked at.
        mutating func string(_ s: String) {
            out.append(UInt8(ascii: "\""))
            var s = s
            s.withUTF8 { b in
                var run = 0
                for (i, c) in b.enumerated() where c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<i]))
                    run = i + 1
                    switch c {
                    case UInt8(ascii: "\""): ascii("\\\"")
                    case UInt8(ascii: "\\"): ascii("\\\\")
                    case 0x0A: ascii("\\n")
                    case 0x0D: ascii("\\r")
                    case 0x09: ascii("\\t")
                    default:
                        ascii("\\u00")
                        out.append(UInt8(ascii: "0") + c >> 4)
                        let low = c & 0x0F
                        out.append(low < 10 ? UInt8(ascii: "0") + low : UInt8(ascii: "a") + low - 10)
                    }
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run...]))
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    public static func format(_ x: Double) -> String {
        var w = Writer(pretty: false)
        w.number(x)
        return String(decoding: w.out, as: UTF8.self)
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
