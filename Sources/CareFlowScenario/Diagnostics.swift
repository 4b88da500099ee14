/// One problem in a scenario file, reported as
/// `FILE:LINE:COLUMN: error: <key path>: <what is wrong>; expected <what>`.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var path: String
    public var message: String
    public var expected: String

    public init(at location: SourceLocation, path: String, message: String, expected: String) {
        self.location = location
        self.path = path
        self.message = message
        self.expected = expected
    }

    /// One line whatever the values hold: control characters are escaped
    /// (TerminalText), and each part is cut to a bounded excerpt, so a
    /// message never carries more than a short piece of a file.
    public var description: String {
        let safe = { (s: String, max: Int) in TerminalText.safe(TerminalText.excerpt(s, max: max)) }
        let p = path.isEmpty ? "" : "\(safe(path, 200)): "
        let loc = "\(safe(location.file, 1000)):\(location.line):\(location.column)"
        return "\(loc): error: \(p)\(safe(message, 1000)); expected \(safe(expected, 20_000))"
    }
}

/// All the problems found in one go.
public struct ScenarioErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ScenarioError]
    public init(_ errors: [ScenarioError]) { self.errors = errors }
    /// The most errors printed (the rest are counted): a file with a
    /// hundred thousand bad values gives a screenful, not a flood.
    public static let maxShown = 50
    public var description: String {
        let shown = errors.prefix(Self.maxShown).map(\.description)
        let more = errors.count > Self.maxShown ? ["... and \(errors.count - Self.maxShown) more errors"] : []
        return (shown + more).joined(separator: "\n")
    }
}

/// Collects errors while compiling, so that one run reports them all.
final class Diagnostics {
    private(set) var errors: [ScenarioError] = []

    func error(_ node: YNode, _ path: String, _ message: String, expected: String) {
        errors.append(ScenarioError(at: node.location, path: path, message: message, expected: expected))
    }
    func error(at loc: SourceLocation, _ path: String, _ message: String, expected: String) {
        errors.append(ScenarioError(at: loc, path: path, message: message, expected: expected))
    }
    var hasErrors: Bool { !errors.isEmpty }

    func throwIfAny() throws(ScenarioErrors) {
        if !errors.isEmpty {
            // Sorted by file position, duplicates removed.
            var seen = Set<String>()
            let sorted = errors.enumerated().sorted { a, b in
                let x = a.element.location, y = b.element.location
                if x.file != y.file { return a.offset < b.offset }
                if x.line != y.line { return x.line < y.line }
                if x.column != y.column { return x.column < y.column }
                return a.offset < b.offset
            }.map(\.element).filter { seen.insert($0.description).inserted }
            throw ScenarioErrors(sorted)
        }
    }
}
