import CareFlowEngine
import CareFlowRandom

/// Branches, routing on attributes and state, repeats, and the flow chart's texts.
extension Compiler {
    func compileBranch(_ body: YNode, _ sp: String, _ ctx: PathwayContext, key: String) {
        if body["choose"] != nil { return compileStateBranch(body, sp, ctx, key: key) }
        let p = ctx.p
        var optionsN = body
        var given: String?
        var optPath = sp
        if body.items == nil {
            guard let m = MapReader(body, sp, d, expected: "a list of options, or {name: NAME, options: [...]}", allowed: ["name", "options"], required: ["options"]),
                  let o = m["options"] else { return }
            optionsN = o
            optPath = m.sub("options")
            given = m["name"]?.string
        }
        // Unnamed branches are numbered among unnamed branches only.
        let name = given ?? "branch\(ctx.next("branch"))"
        guard let opts = optionsN.items, !opts.isEmpty else {
            d.error(optionsN, optPath, "\(optionsN.kindName) is not a list of options", expected: "a list of {probability: P, steps: [...]} or {probability: P, goto: LABEL}")
            return
        }
        var probs: [Double] = []
        var ok = true
        for (i, o) in opts.enumerated() {
            guard let om = MapReader(o, "\(optPath)[\(i)]", d, expected: "{probability: P, steps: [...]} or {probability: P, goto: LABEL}",
                                     allowed: ["probability", "steps", "goto", "label"], required: ["probability"]),
                  let pn = om["probability"], let pr = v.probability(pn, om.sub("probability")) else { ok = false; continue }
            probs.append(pr)
        }
        guard ok else { return }
        let total = probs.reduce(0, +)
        guard abs(total - 1) <= 1e-6 else {
            d.error(optionsN, optPath, "probabilities sum to \(Self.fmt(total))", expected: "probabilities that sum to 1")
            return
        }
        let labels = opts.map { _ in p.label() }
        let after = p.label()
        do { try p.branch(probs, to: labels, stream: "\(ctx.name)/\(name)") } catch {
            d.error(optionsN, optPath, "\(error)", expected: "a valid branch")
            return
        }
        let bid = ctx.node("branch", name.hasPrefix("branch") ? "branch" : name.replacingOccurrences(of: "_", with: " "), key: key)
        var ends: [(node: Int, label: String)] = []
        for (i, o) in opts.enumerated() {
            p.place(labels[i])
            let text = o["label"]?.string.map { "\($0) (\(Self.percent(probs[i])))" } ?? Self.percent(probs[i])
            ctx.open = [(bid, text)]
            if o["goto"] != nil || o["steps"] != nil {
                compileTarget(o, "\(optPath)[\(i)]", ctx, key: "\(key)[\(i)]", extraKeys: ["probability", "label"])
            }
            if !ctx.open.isEmpty { p.goto(after) }
            ends += ctx.open
        }
        p.place(after)
        ctx.open = ends
    }

    func compileBranchOn(_ body: YNode, _ sp: String, _ ctx: PathwayContext, key: String) {
        let p = ctx.p
        guard let m = MapReader(body, sp, d, expected: "{attribute: NAME, cases: {CATEGORY: {steps: [...]}}, otherwise: {...}}",
                                allowed: ["attribute", "cases", "otherwise", "name"], required: ["attribute", "cases"]),
              let an = m["attribute"], let a = attribute(an, m.sub("attribute")), let casesN = m["cases"] else { return }
        guard let cases = casesN.pairs, !cases.isEmpty else {
            d.error(casesN, m.sub("cases"), "\(casesN.kindName) holds no cases", expected: "a mapping of values to {steps: [...]} or {goto: LABEL}")
            return
        }
        let cats = categories[an.string ?? ""]
        var indexOf: [(Int, YNode, String)] = []
        for (k, val) in cases {
            guard let ks = k.string else { continue }
            if let cats {
                guard let i = cats.firstIndex(of: ks) else {
                    d.error(k, m.sub("cases"), "'\(ks)' is not a category of \(an.string ?? "")", expected: "one of \(cats.joined(separator: ", "))")
                    continue
                }
                indexOf.append((i, val, ks))
            } else {
                guard let i = Int(ks), i >= 0, i < 1000 else {
                    d.error(k, m.sub("cases"), "'\(ks)' is not a whole number from 0 to 999", expected: "values of the numeric attribute")
                    continue
                }
                indexOf.append((i, val, ks))
            }
        }
        let n = (indexOf.map(\.0).max() ?? 0) + 1
        let otherwise = p.label(), after = p.label()
        var targets = Array(repeating: otherwise, count: n)
        var caseLabels: [Label] = []
        for (i, _, _) in indexOf {
            let l = p.label()
            targets[i] = l
            caseLabels.append(l)
        }
        p.branch(on: a, to: targets, otherwise: otherwise)
        let bid = ctx.node("branch", "by \(an.string ?? "")", key: key)
        var ends: [(node: Int, label: String)] = []
        for (j, (_, val, text)) in indexOf.enumerated() {
            p.place(caseLabels[j])
            ctx.open = [(bid, text)]
            compileTarget(val, "\(m.sub("cases")).\(text)", ctx, key: "\(key).\(text)")
            if !ctx.open.isEmpty { p.goto(after) }
            ends += ctx.open
        }
        p.place(otherwise)
        ctx.open = [(bid, "otherwise")]
        if let o = m["otherwise"] {
            compileTarget(o, m.sub("otherwise"), ctx, key: "\(key).otherwise")
        }
        ends += ctx.open
        p.place(after)
        ctx.open = ends
    }

    func compileRepeat(_ body: YNode, _ sp: String, _ ctx: PathwayContext, key: String) {
        let p = ctx.p
        guard let m = MapReader(body, sp, d, expected: "{times: N, gap: DURATION, steps: [...]}", allowed: ["times", "gap", "steps", "name"], required: ["times", "steps"]),
              let tn = m["times"], let times = v.integer(tn, m.sub("times"), min: 1, max: Int(Int32.max)), let stepsN = m["steps"] else { return }
        let name = m["name"]?.string ?? "repeat\(ctx.next("repeat"))"
        let gap = m["gap"].flatMap { v.distribution($0, m.sub("gap")) }
        if m["gap"] != nil && gap == nil { return }
        let rid = ctx.node("repeat", "repeat \(times)×" + (gap.map { ", \(Self.describe($0)) apart" } ?? ""), key: key)
        let gapLabel = p.label(), end = p.label()
        ctx.repeatDepth += 1
        let top = p.repeatBlock(times: times, betweenPassesGoTo: gapLabel) {
            compileSteps(stepsN, m.sub("steps"), ctx, key: "\(key).steps")
        }
        ctx.repeatDepth -= 1
        // After the last pass: continue; between passes: wait the gap.
        p.goto(end)
        p.place(gapLabel)
        if let gap { p.delay(gap, stream: "\(ctx.name)/\(name)/gap", label: "gap") }
        p.goto(top)
        p.place(end)
        for (from, _) in ctx.open { ctx.diagram.edges.append(.init(from: from, to: rid, label: "next pass")) }
        ctx.open = ctx.open.map { ($0.node, "after \(times)") }
    }

    /// A `leave` the user wrote: inside a `repeat` it ends a course early,
    /// so the stay counts as a drop-out (`pathway.<p>.dropped_out`).
    func userLeave(_ ctx: PathwayContext) {
        if ctx.repeatDepth > 0 { ctx.p.dropOut() }
        ctx.p.leave()
    }

    // MARK: Descriptions for diagrams

    static func describe(_ d: Distribution, clock: Bool = false) -> String {
        d.description
    }

    static func percent(_ p: Double) -> String {
        let x = p * 100
        if let i = Int(exactly: x) { return "\(i)%" }
        return "\((x * 10).rounded() / 10)%"
    }

    static func summary(_ n: YNode) -> String {
        if let s = n.string { return s }
        if let pairs = n.pairs, pairs.count == 1, let k = pairs[0].key.string { return k }
        return "…"
    }
}
