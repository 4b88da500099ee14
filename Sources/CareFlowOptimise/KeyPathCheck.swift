import CareFlowScenario

/// Key paths as `Merge.apply` reads them, but every key must exist in the
/// base scenario (a decision variable sets a value that is there).
enum KeyPathCheck {
    static func problem(_ root: YNode, _ path: String) -> (String, String)? {
        var node = root
        var done = ""
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var key = String(part)
            var sel: String?
            if let open = key.firstIndex(of: "[") {
                guard key.hasSuffix("]") else { return ("unclosed [ in key path '\(path)'", "key[selector]") }
                sel = String(key[key.index(after: open)..<key.index(before: key.endIndex)])
                key = String(key[..<open])
            }
            if key.isEmpty && sel == nil { return ("empty segment in key path '\(path)'", "keys separated by dots") }
            if !key.isEmpty {
                guard let pairs = node.pairs, let v = pairs.first(where: { $0.key.string == key })?.value else {
                    let keys = node.pairs?.compactMap { $0.key.string }.joined(separator: ", ") ?? ""
                    return ("no key '\(key)' at '\(done.isEmpty ? "top level" : done)' in the base scenario", keys.isEmpty ? "a key path that exists in the base scenario" : "one of \(keys)")
                }
                node = v
                done = done.isEmpty ? key : "\(done).\(key)"
            }
            if let sel {
                guard let items = node.items else { return ("'\(done)' is \(node.kindName), not a list", "a list to select [\(sel)] from") }
                let i: Int? = Int(sel).flatMap { $0 >= 0 && $0 < items.count ? $0 : nil } ?? items.firstIndex { $0["label"]?.string == sel }
                guard let i else { return ("no item '\(sel)' in '\(done)' in the base scenario", "an index from 0 to \(items.count - 1) or a label") }
                node = items[i]
                done += "[\(sel)]"
            }
        }
        return nil
    }
}
