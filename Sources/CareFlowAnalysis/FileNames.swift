import Foundation

/// The one place where a name from a scenario or sweep file (a scenario's
/// `name`, a sweep's `sweep`) becomes a file or folder name, and the check
/// that every path written stays inside its output directory.
public enum FileNames {
    /// The longest component made from a name, in UTF-8 bytes (file systems
    /// allow 255; suffixes such as ".tmp-PID" need room).
    public static let maxComponentBytes = 100

    /// A single path component for `name`: letters, digits, '-', '_' and
    /// '.' are kept, everything else (path separators, control characters,
    /// spaces ...) becomes '_'; a leading '.' becomes '_' (no hidden files,
    /// no "." or ".."); long names are cut; an empty result is `fallback`.
    public static func component(_ name: String, fallback: String = "scenario") -> String {
        var out = ""
        for ch in name {
            let keep = ch.isASCII ? (ch.isLetter || ch.isNumber || ch == "-" || ch == "_" || ch == ".")
                                  : (ch.isLetter || ch.isNumber) && ch.unicodeScalars.allSatisfy { !$0.properties.isDefaultIgnorableCodePoint }
            let c: Character = keep ? ch : "_"
            if out.utf8.count + String(c).utf8.count > maxComponentBytes { break }
            out.append(c)
        }
        if out.hasPrefix(".") { out = "_" + out.dropFirst() }
        return out.isEmpty ? fallback : out
    }

    public struct OutsideOutput: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "refusing to write '\(name)': not a path inside the output directory" }
    }

    /// Is `relative` a path that stays inside the directory it is joined to
    /// (not absolute, no "." or ".." components, no empty components)?
    public static func staysInside(_ relative: String) -> Bool {
        guard !relative.isEmpty, !relative.hasPrefix("/") else { return false }
        return relative.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { $0 != "" && $0 != "." && $0 != ".." }
    }
}
