import Foundation
import Yams

/// Where a value stands in a scenario file.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
    public var description: String { "\(file):\(line):\(column)" }
}

/// A YAML value with the file, line and column it came from. Scenario files
/// are read into this tree, merged (`extends`, overrides) and compiled; every
/// error points back into the file the offending value was written in.
public struct YNode: Sendable {
    public enum Value: Sendable {
        case scalar(String, quoted: Bool)
        case mapping([(key: YNode, value: YNode)])
        case sequence([YNode])
        case null
    }
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }

    public var string: String? {
        if case .scalar(let s, _) = value { return s }
        return nil
    }
    public var pairs: [(key: YNode, value: YNode)]? {
        if case .mapping(let p) = value { return p }
        return nil
    }
    public var items: [YNode]? {
        if case .sequence(let s) = value { return s }
        return nil
    }
    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }
    /// The value under a mapping key (first match), if this is a mapping.
    public subscript(key: String) -> YNode? {
        pairs?.first { $0.key.string == key }?.value
    }
    /// A short name of the kind of value, for error messages.
    public var kindName: String {
        switch value {
        case .scalar(let s, _): return "the value '\(TerminalText.excerpt(s))'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .null: return "nothing"
        }
    }
}

/// Reads YAML text into a located tree.
public enum YAMLReader {
    public static func parse(_ text: String, file: String) throws(ScenarioErrors) -> YNode {
        if let problem = YAMLBounds.check(text, file: file) { throw ScenarioErrors([problem]) }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let e as YamlError {
            throw ScenarioErrors([yamlError(e, file: file)])
        } catch {
            throw ScenarioErrors([ScenarioError(at: SourceLocation(file: file, line: 1, column: 1), path: "",
                                                message: "cannot read YAML: \(error)", expected: "a YAML document")])
        }
        guard let root else { return YNode(.null, at: SourceLocation(file: file, line: 1, column: 1)) }
        var errors: [ScenarioError] = []
        let tree = convert(root, file: file, errors: &errors)
        if !errors.isEmpty { throw ScenarioErrors(errors) }
        return tree
    }

    static func convert(_ n: Node, file: String, errors: inout [ScenarioError]) -> YNode {
        let loc = SourceLocation(file: file, line: n.mark?.line ?? 1, column: n.mark?.column ?? 1)
        switch n {
        case .scalar(let s):
            let quoted = s.style == .singleQuoted || s.style == .doubleQuoted || s.style == .literal || s.style == .folded
            if !quoted && ["", "~", "null", "Null", "NULL"].contains(s.string) && s.tag.description != "tag:yaml.org,2002:str" {
                return YNode(.null, at: loc)
            }
            return YNode(.scalar(s.string, quoted: quoted), at: loc)
        case .mapping(let m):
            var pairs: [(key: YNode, value: YNode)] = []
            var seen: [String: SourceLocation] = [:]
            for (k, v) in m {
                let key = convert(k, file: file, errors: &errors)
                if let ks = key.string {
                    if let first = seen[ks] {
                        errors.append(ScenarioError(at: key.location, path: ks,
                            message: "duplicate key (first at line \(first.line))", expected: "each key once per mapping"))
                    }
                    seen[ks] = key.location
                }
                pairs.append((key, convert(v, file: file, errors: &errors)))
            }
            return YNode(.mapping(pairs), at: loc)
        case .sequence(let s):
            return YNode(.sequence(s.map { convert($0, file: file, errors: &errors) }), at: loc)
        case .alias:
            errors.append(ScenarioError(at: loc, path: "", message: "YAML aliases are not supported", expected: "the value written out"))
            return YNode(.null, at: loc)
        }
    }

    static func yamlError(_ e: YamlError, file: String) -> ScenarioError {
        func err(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> ScenarioError {
            let ctx = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return ScenarioError(at: SourceLocation(file: file, line: mark.line, column: mark.column), path: "",
                                 message: "YAML syntax: \(problem)\(ctx)", expected: "valid YAML")
        }
        switch e {
        case .scanner(let c, let p, let m, _), .parser(let c, let p, let m, _), .composer(let c, let p, let m, _):
            return err(m, p, c)
        case .duplicatedKeysInMapping(let d, let c):
            return ScenarioError(at: SourceLocation(file: file, line: c.mark.line, column: c.mark.column), path: d.joined(separator: ", "),
                                 message: "duplicate key", expected: "each key once per mapping")
        case .reader(let p, _, _, _):
            return ScenarioError(at: SourceLocation(file: file, line: 1, column: 1), path: "", message: "cannot read: \(p)", expected: "UTF-8 text")
        default:
            return ScenarioError(at: SourceLocation(file: file, line: 1, column: 1), path: "", message: "\(e)", expected: "valid YAML")
        }
    }
}
