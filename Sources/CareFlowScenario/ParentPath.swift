import Foundation

extension String {
    /// The path without its last component, as NSString's
    /// `deletingLastPathComponent` ("a/b/c" -> "a/b", "/a" -> "/", "a" -> "").
    /// Foundation on Linux (Swift 6.3.1) traps on that property for a path
    /// with no slash, such as `--out results`; this never does.
    public var parentPath: String {
        var s = Substring(self)
        while s.count > 1 && s.hasSuffix("/") { s.removeLast() }
        guard let i = s.lastIndex(of: "/") else { return "" }
        if i == s.startIndex { return "/" }
        var p = s[..<i]
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return String(p)
    }
}
