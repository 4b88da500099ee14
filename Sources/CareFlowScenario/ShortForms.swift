/// The short forms a scenario may use (`cubicle: 30`, `paediatric: [steps]`,
/// `seize: cubicle`, ...) written out in full, so that a key path or a
/// merged section can reach inside them: `units.cubicle.capacity` in a
/// what-if whose base wrote `cubicle: 30`. Each long form compiles exactly
/// as its short form does (ShortFormTests checks it).
enum ShortForms {
    /// `node`, found at `context` (the keys walked to it; list items as
    /// `nil`), in its long form, or nil when it is not a short form there.
    static func expanded(_ node: YNode, context: [String?]) -> YNode? {
        guard let key = context.last ?? nil else { return nil }
        let parent = context.count >= 2 ? context[context.count - 2] : nil
        let inStep = context.count >= 2 && context[context.count - 2] == nil   // a step: an item of a list
        func wrap(_ k: String) -> YNode {
            YNode(.mapping([(YNode(.scalar(k, quoted: false), at: node.location), node)]), at: node.location)
        }
        switch node.value {
        case .scalar:
            // units: {cubicle: 30}: a fixed capacity.
            if context.count == 2, parent == "units" { return wrap("capacity") }
            // kpis: {boarding: {target: 2h}}: within 2 hours.
            if context.count == 3, context[0] == "kpis", key == "target" { return wrap("within") }
            // - seize: cubicle, - release: cubicle
            if inStep, key == "seize" || key == "release" { return wrap("unit") }
            // - delay: 30m
            if inStep, key == "delay" { return wrap("duration") }
            // branch_on cases and balk targets: a label (or leave) is {goto: LABEL}.
            if context.count >= 3, context[context.count - 2] == "cases", context[context.count - 3] == "branch_on" { return wrap("goto") }
            if key == "then", parent == "balk" { return wrap("goto") }
            return nil
        case .sequence:
            // pathways: {paediatric: [steps]}, subpathways likewise.
            if context.count == 2, parent == "pathways" || parent == "subpathways" { return wrap("steps") }
            // - branch: [options]
            if inStep, key == "branch" { return wrap("options") }
            return nil
        case .mapping(let pairs):
            // - delay: {lognormal: {...}}: a distribution without a name.
            if inStep, key == "delay", !pairs.contains(where: { ["duration", "name", "scale_by", "shift_by"].contains($0.key.string ?? "") }) {
                return wrap("duration")
            }
            return nil
        case .null:
            return nil
        }
    }
}
