#if canImport(Glibc)
import Glibc
#endif

/// Literal substring search and replacement on UTF-8 bytes, for
/// the report's templates and keys: Foundation's `range(of:)` and
/// `replacingOccurrences(of:with:)` bridge every call through UTF-16, and
/// the standard library's generic `firstRange(of:)` is slower still; a
/// report makes thousands of these calls. The needles are ASCII
/// placeholders and markers, for which a literal match is what Foundation
/// finds too.
extension StringProtocol {
    /// The first occurrence of `target` (nil if there is none or it is empty).
    func literalRange(of target: String) -> Range<String.Index>? {
        guard !target.isEmpty else { return nil }
        let offset: Int? = {
            if let r = utf8.withContiguousStorageIfAvailable({ h in Self.find(target, in: h) }) { return r }
            let bytes = Array(utf8)
            return bytes.withUnsafeBufferPointer { Self.find(target, in: $0) }
        }()
        guard let offset else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        return start..<utf8.index(start, offsetBy: target.utf8.count)
    }

    private static func find(_ target: String, in h: UnsafeBufferPointer<UInt8>) -> Int? {
        var t = target
        return t.withUTF8 { n -> Int? in
            guard let base = h.baseAddress, let needle = n.baseAddress, h.count >= n.count else { return nil }
            let last = h.count - n.count
            var i = 0
            // memchr to each candidate first byte, memcmp for the rest.
            while i <= last, let p = memchr(base + i, Int32(needle[0]), last - i + 1) {
                let j = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(p))
                if memcmp(p, needle, n.count) == 0 { return j }
                i = j + 1
            }
            return nil
        }
    }

    /// Every occurrence of `target` replaced by `replacement`, left to right.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return String(self) }
        var out = ""
        var rest = self[...]
        while let r = rest.literalRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}
