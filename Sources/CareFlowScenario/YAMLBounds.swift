import CYaml

/// Checks YAML text at the event level before it is composed into a tree.
///
/// Yams resolves an alias by sharing the anchored node, so a few hundred
/// bytes of nested aliases ("billion laughs") stand for 10^9 nodes; any
/// walk of the tree (our conversion, or Yams's own hashing of a mapping key
/// that is an alias) then takes minutes and gigabytes. Scenario and sweep
/// files do not use aliases, so the first alias is refused here, where it is
/// written, before any expansion; node count and nesting depth are bounded
/// in the same pass, so the tree that is composed afterwards is small.
/// (libyaml, used through Yams, already stops at 1,000 levels.)
enum YAMLBounds {
    /// The most YAML nodes (scalars, lists, mappings) in one file: a year of
    /// arrival times by the minute is 525,600.
    static let maxNodes = 1_000_000
    /// The deepest nesting of lists and mappings (real scenarios: about 12).
    static let maxDepth = 128

    /// The first problem, located; nil when the text is within bounds or
    /// does not parse (the composer then reports the syntax error).
    static func check(_ text: String, file: String) -> ScenarioError? {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeMutableBufferPointer { buf -> ScenarioError? in
            yaml_parser_set_input_string(&parser, buf.baseAddress, buf.count)
            var nodes = 0, depth = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let loc = SourceLocation(file: file, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_ALIAS_EVENT:
                    return ScenarioError(at: loc, path: "", message: "YAML aliases are not supported", expected: "the value written out")
                case YAML_SCALAR_EVENT:
                    nodes += 1
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    nodes += 1
                    depth += 1
                    if depth > maxDepth {
                        return ScenarioError(at: loc, path: "", message: "lists and mappings nested more than \(maxDepth) deep",
                                             expected: "at most \(maxDepth) levels of nesting")
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    depth -= 1
                default:
                    break
                }
                if nodes > maxNodes {
                    return ScenarioError(at: loc, path: "", message: "the file has more than \(maxNodes) YAML values",
                                         expected: "at most \(maxNodes) values (lists, mappings and scalars) in one file")
                }
            }
        }
    }
}
