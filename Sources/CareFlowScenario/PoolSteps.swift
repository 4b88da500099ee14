import CareFlowEngine

/// Scenario keys for pools and roles (`any_of`, `choose`, `role`), routing
/// by state (`branch: {choose: ...}`) and re-prioritisation
/// (`units.U.reprioritise`). The engine side is Pools.swift,
/// StateRouting.swift and Reprioritise.swift.
extension Compiler {
    static let poolChoices: [String: PoolChoice] = ["first_free": .firstFree, "least_busy": .leastBusy, "in_order": .inOrder]
    static let stateRules: [String: StateRule] = ["least_occupied": .leastOccupied, "shortest_queue": .shortestQueue, "first_free": .firstFree]

    /// A pool request: `{any_of: [A, B], choose: RULE, role: NAME, amount: N}`
    /// or `{unit: A, role: NAME}` (one unit, counted in a role).
    struct PoolRequest {
        var units: [Int32]
        var names: [String]
        var amount: Int
        var choice: PoolChoice
        var role: String?
    }

    /// Whether `n` is written as a pool request (a mapping with any_of or role).
    static func isPoolRequest(_ n: YNode) -> Bool { n["any_of"] != nil || n["role"] != nil || n["choose"] != nil }

    func poolRequest(_ m: MapReader) -> PoolRequest? {
        var ids: [Int32] = [], names: [String] = []
        if let anyN = m["any_of"] {
            if m["unit"] != nil {
                d.error(m["unit"]!, m.sub("unit"), "both 'unit' and 'any_of'", expected: "either one unit or a list of alternatives")
            }
            guard let items = anyN.items, !items.isEmpty else {
                d.error(anyN, m.sub("any_of"), "\(anyN.kindName) is not a list of units", expected: "a list of alternative units, e.g. [nurse, physician]")
                return nil
            }
            for (i, un) in items.enumerated() {
                guard let u = unit(un, "\(m.sub("any_of"))[\(i)]") else { continue }
                if ids.contains(u) {
                    d.error(un, "\(m.sub("any_of"))[\(i)]", "unit '\(un.string ?? "")' is listed twice", expected: "each unit once")
                    continue
                }
                ids.append(u)
                names.append(un.string ?? "")
            }
        } else if let un = m["unit"] {
            if let u = unit(un, m.sub("unit")) { ids = [u]; names = [un.string ?? ""] }
        } else {
            d.error(m.node, m.path, "no units", expected: "any_of: [UNIT, ...] or unit: NAME")
            return nil
        }
        var choice = PoolChoice.firstFree
        if let c = m["choose"], let s = v.choice(c, m.sub("choose"), ["first_free", "least_busy", "in_order"]) { choice = Self.poolChoices[s]! }
        let amount = m["amount"].flatMap { v.integer($0, m.sub("amount"), min: 1, max: 65535) } ?? 1
        let role = m["role"].flatMap { v.name($0, m.sub("role"), what: "a role name") }
        for (u, name) in zip(ids, names) where b.model.units[Int(u)].preemptive {
            d.error(m["any_of"] ?? m["unit"] ?? m.node, m.sub(m["any_of"] != nil ? "any_of" : "unit"), "unit '\(name)' is preemptive",
                    expected: "units without preemptive: true in a pool or a role (interrupted work is not counted per role)")
            return nil
        }
        guard !ids.isEmpty else { return nil }
        return PoolRequest(units: ids, names: names, amount: amount, choice: choice, role: role)
    }

    /// `seize: {any_of: [...], choose: ..., role: ..., priority: ...}`.
    func compileSeizeAny(_ body: YNode, _ sp: String, _ ctx: PathwayContext, key: String) {
        guard let m = MapReader(body, sp, d, expected: "{any_of: [UNIT, ...], choose: first_free|least_busy|in_order, role: NAME, priority: ATTRIBUTE}",
                                allowed: ["any_of", "unit", "choose", "role", "amount", "priority"]),
              let r = poolRequest(m) else { return }
        let prio = m["priority"].flatMap { attribute($0, m.sub("priority")) } ?? -1
        ctx.p.seizeAny(r.units, amount: r.amount, choice: r.choice, role: r.role, priority: prio)
        ctx.node("seize", "wait for " + r.names.joined(separator: " or "), units: r.names, key: key)
    }

    /// `release: {any_of: [...]}`: the first of them the patient holds.
    func compileReleaseAny(_ body: YNode, _ sp: String, _ ctx: PathwayContext, key: String) {
        guard let m = MapReader(body, sp, d, expected: "{any_of: [UNIT, ...]}", allowed: ["any_of"], required: ["any_of"]),
              let anyN = m["any_of"] else { return }
        guard let items = anyN.items, !items.isEmpty else {
            d.error(anyN, m.sub("any_of"), "\(anyN.kindName) is not a list of units", expected: "the units of a seize with any_of")
            return
        }
        let ids = items.enumerated().compactMap { unit($1, "\(m.sub("any_of"))[\($0)]") }
        guard ids.count == items.count else { return }
        guard let k = b.model.pools.firstIndex(where: { Set($0.units) == Set(ids) }) else {
            d.error(anyN, m.sub("any_of"), "no seize takes any of these units", expected: "the same units as a seize with any_of")
            return
        }
        ctx.p.releaseAny(Int32(k))
        let names = items.compactMap(\.string)
        ctx.node("release", "release " + names.joined(separator: " or "), units: names, key: key)
    }

    /// `uses: {any_of: [...], ...}` of an activity: seize, and what releases it.
    func compileActivityPool(_ us: YNode, _ path: String, _ ctx: PathwayContext, activity: String, priority: Int32) -> (release: () -> Void, names: [String])? {
        guard let m = MapReader(us, path, d, expected: "{any_of: [UNIT, ...], choose: first_free|least_busy|in_order, role: NAME}",
                                allowed: ["any_of", "unit", "choose", "role", "amount"]),
              let r = poolRequest(m) else { return nil }
        let k = ctx.p.seizeAny(r.units, amount: r.amount, choice: r.choice, role: r.role ?? activity, priority: priority)
        let p = ctx.p
        return ({ p.releaseAny(k) }, r.names)
    }

    // MARK: Routing by state

    /// `branch: {choose: least_occupied|shortest_queue|first_free, options: [{unit: U, steps: [...]}, ...], otherwise: ...}`.
    func compileStateBranch(_ body: YNode, _ sp: String, _ ctx: PathwayContext, key: String) {
        let p = ctx.p
        guard let m = MapReader(body, sp, d, expected: "{choose: least_occupied|shortest_queue|first_free, options: [{unit: UNIT, steps: [...]}, ...]}",
                                allowed: ["name", "choose", "options", "otherwise"], required: ["choose", "options"]),
              let cn = m["choose"], let rs = v.choice(cn, m.sub("choose"), ["least_occupied", "shortest_queue", "first_free"]),
              let optionsN = m["options"] else { return }
        let rule = Self.stateRules[rs]!
        let optPath = m.sub("options")
        guard let opts = optionsN.items, !opts.isEmpty else {
            d.error(optionsN, optPath, "\(optionsN.kindName) is not a list of options", expected: "a list of {unit: UNIT, steps: [...]} or {unit: UNIT, goto: LABEL}")
            return
        }
        if let o = m["otherwise"], rule != .firstFree {
            d.error(o, m.sub("otherwise"), "'otherwise' is only taken with choose: first_free", expected: "no 'otherwise' (\(rs) always picks an option)")
        }
        var ids: [Int32] = [], names: [String] = []
        for (i, o) in opts.enumerated() {
            guard let om = MapReader(o, "\(optPath)[\(i)]", d, expected: "{unit: UNIT, steps: [...]} or {unit: UNIT, goto: LABEL}",
                                     allowed: ["unit", "steps", "goto", "label"], required: ["unit"]),
                  let un = om["unit"], let u = unit(un, om.sub("unit")) else { continue }
            ids.append(u)
            names.append(un.string ?? "")
        }
        guard ids.count == opts.count else { return }
        let labels = opts.map { _ in p.label() }
        let otherwise = m["otherwise"] != nil ? p.label() : nil
        let after = p.label()
        p.branch(byState: rule, units: ids, to: labels, otherwise: otherwise)
        let text = m["name"]?.string.map { $0.replacingOccurrences(of: "_", with: " ") } ?? rs.replacingOccurrences(of: "_", with: " ")
        let bid = ctx.node("branch", text, units: names, key: key)
        var ends: [(node: Int, label: String)] = []
        for (i, o) in opts.enumerated() {
            p.place(labels[i])
            ctx.open = [(bid, o["label"]?.string ?? names[i])]
            if o["goto"] != nil || o["steps"] != nil {
                compileTarget(o, "\(optPath)[\(i)]", ctx, key: "\(key)[\(i)]", extraKeys: ["unit", "label"])
            }
            if !ctx.open.isEmpty { p.goto(after) }
            ends += ctx.open
        }
        if let otherwise, let on = m["otherwise"] {
            p.place(otherwise)
            ctx.open = [(bid, "none free")]
            compileTarget(on, m.sub("otherwise"), ctx, key: "\(key).otherwise")
            if !ctx.open.isEmpty { p.goto(after) }
            ends += ctx.open
        }
        p.place(after)
        ctx.open = ends
    }

    // MARK: Re-prioritisation

    /// `units.U.reprioritise: {every: 15m, first: 15m, after_waiting: 2h, set: {ATTRIBUTE: VALUE}}`
    /// (or a list of them). VALUE: another attribute (copied), a category or
    /// number, or `{add: N, at_least: X, at_most: Y}`.
    func readReprioritise(_ n: YNode, _ path: String, unit u: Int32, unitName: String) {
        let list = n.items ?? [n]
        for (i, item) in list.enumerated() {
            let ip = n.items != nil ? "\(path)[\(i)]" : path
            guard let m = MapReader(item, ip, d, expected: "{every: DURATION, set: {ATTRIBUTE: VALUE}}",
                                    allowed: ["every", "first", "after_waiting", "set", "name"], required: ["every", "set"]),
                  let en = m["every"], let every = v.duration(en, m.sub("every")) else { continue }
            guard every >= RunLimits.minimumProgress else {
                d.error(en, m.sub("every"), "an interval of \(Self.fmt(every)) min", expected: "at least \(Self.fmt(RunLimits.minimumProgress)) min")
                continue
            }
            let first = m["first"].flatMap { v.duration($0, m.sub("first")) }
            let after = m["after_waiting"].flatMap { v.duration($0, m.sub("after_waiting")) } ?? 0
            guard let setN = m["set"], let pairs = setN.pairs, pairs.count == 1 else {
                d.error(m["set"] ?? item, m.sub("set"), "\(m["set"]?.kindName ?? "nothing") is not one attribute and its new value",
                        expected: "{ATTRIBUTE: OTHER_ATTRIBUTE}, {ATTRIBUTE: CATEGORY or NUMBER} or {ATTRIBUTE: {add: N, at_least: X, at_most: Y}}")
                continue
            }
            let (an, val) = pairs[0]
            let vp = "\(m.sub("set")).\(an.string ?? "")"
            guard let a = attribute(an, m.sub("set")) else { continue }
            let cats = categories[an.string ?? ""]
            var action: ReprioritiseRule.Action?
            if let s = val.string {
                if let from = attributes[s] {
                    action = .copy(from: from)
                } else if let cats {
                    if let c = cats.firstIndex(of: s) { action = .set(Double(c)) } else {
                        d.error(val, vp, "'\(s)' is neither an attribute nor a category of \(an.string ?? "")", expected: "an attribute, or one of \(cats.joined(separator: ", "))")
                    }
                } else if let x = v.number(val, vp, expected: "an attribute name or a number") {
                    action = .set(x)
                }
            } else if let am = MapReader(val, vp, d, expected: "{add: N, at_least: X, at_most: Y}", allowed: ["add", "at_least", "at_most"], required: ["add"]) {
                let delta = am["add"].flatMap { v.number($0, am.sub("add")) }
                let lo = am["at_least"].flatMap { v.number($0, am.sub("at_least")) } ?? (cats != nil ? 0 : -.infinity)
                let hi = am["at_most"].flatMap { v.number($0, am.sub("at_most")) } ?? (cats.map { Double($0.count - 1) } ?? .infinity)
                if let delta { action = .add(delta, lower: lo, upper: hi) }
            }
            guard let action else { continue }
            let name = m["name"]?.string ?? "\(unitName).reprioritise\(n.items != nil ? "[\(i)]" : "")"
            b.reprioritise(ReprioritiseRule(name: name, units: [u], every: every, first: first, afterWaiting: after, attribute: a, action: action))
        }
    }
}
