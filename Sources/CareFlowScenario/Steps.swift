import CareFlowEngine
import CareFlowRandom

/// Compiling pathway steps into the engine's step array, and drawing the
/// pathway's flow chart on the way.
extension Compiler {
    static let stepKinds = ["activity", "seize", "release", "delay", "wait_until_time_of_day", "assign", "branch", "branch_on",
                            "repeat", "patience", "end_patience", "milestone", "label", "goto", "call", "leave"]

    /// State while compiling one pathway.
    final class PathwayContext {
        let name: String
        let p: PathwayBuilder
        var labels: [String: Label] = [:]
        var placed: Set<String> = []
        var labelUses: [String: (YNode, String)] = [:]
        var counters: [String: Int] = [:]
        var diagram = PathwayDiagram()
        /// Nodes whose outgoing edge goes to the next node created.
        var open: [(node: Int, label: String)] = []
        /// Labels placed since the last node: they name the next node.
        var pendingLabels: [String] = []
        var labelNode: [String: Int] = [:]
        var gotoEdges: [(from: Int, label: String, text: String)] = []
        var prefix: String = ""
        /// How many `repeat` bodies enclose the step being compiled: a
        /// `leave` inside one is a drop-out.
        var repeatDepth = 0

        init(name: String, p: PathwayBuilder) {
            self.name = name
            self.p = p
        }

        func label(_ name: String) -> Label {
            let key = prefix + name
            if let l = labels[key] { return l }
            let l = p.label()
            labels[key] = l
            return l
        }

        /// A stable per-kind counter: stream names do not shift when a step
        /// of another kind is inserted (common random numbers survive edits).
        func next(_ kind: String) -> Int {
            let n = (counters[kind] ?? 0) + 1
            counters[kind] = n
            return n
        }

        @discardableResult
        func node(_ kind: String, _ text: String, units: [String] = [], key: String) -> Int {
            let id = diagram.nodes.count
            diagram.nodes.append(.init(id: id, kind: kind, text: text, units: units, key: key))
            for (from, l) in open { diagram.edges.append(.init(from: from, to: id, label: l)) }
            open = [(id, "")]
            for l in pendingLabels { labelNode[l] = id }
            pendingLabels = []
            return id
        }
    }

    func compilePathway(_ name: String, _ node: YNode) -> PathwayInfo? {
        let path = "pathways.\(name)"
        var stepsNode: YNode?
        var label = name, desc = ""
        var ar: Area = .other
        if node.items != nil {
            stepsNode = node
        } else if let m = MapReader(node, path, d, expected: "{steps: [...]}", allowed: ["steps", "label", "area", "description"], required: ["steps"]) {
            stepsNode = m["steps"]
            label = m["label"]?.string ?? name
            desc = m["description"]?.string ?? ""
            ar = area(m["area"], m.sub("area"))
        }
        guard let stepsNode else { return nil }
        var info: PathwayInfo?
        do {
            let id = try b.pathway(name) { p in
                let ctx = PathwayContext(name: name, p: p)
                ctx.node("start", label, key: "start")
                compileSteps(stepsNode, "\(path).steps", ctx, key: "steps")
                if !ctx.open.isEmpty {
                    ctx.node("leave", "leave", key: "end")
                    p.leave()
                }
                for l in ctx.pendingLabels { ctx.labelNode[l] = ctx.diagram.nodes.count - 1 }
                for (lname, use) in ctx.labelUses where !ctx.placed.contains(lname) {
                    d.error(use.0, use.1, "no label '\(lname.split(separator: "/").last.map(String.init) ?? lname)' in this pathway", expected: "the name of a '- label: NAME' step in pathway \(name)")
                    ctx.p.place(ctx.label(lname))   // keep the builder consistent
                }
                for (from, l, text) in ctx.gotoEdges {
                    if let to = ctx.labelNode[l] { ctx.diagram.edges.append(.init(from: from, to: to, label: text)) }
                }
                info = PathwayInfo(name: name, label: label, area: ar, description: desc, diagram: ctx.diagram)
            }
            pathways[name] = id
        } catch {
            d.error(node, path, "\(error)", expected: "a well-formed pathway")
        }
        return info
    }

    func compileSteps(_ n: YNode, _ path: String, _ ctx: PathwayContext, key: String) {
        guard let items = n.items else {
            d.error(n, path, "\(n.kindName) is not a list of steps", expected: "a list of steps, e.g. - activity: {...}")
            return
        }
        for (i, item) in items.enumerated() {
            compileStep(item, "\(path)[\(i)]", ctx, key: "\(key)[\(i)]")
        }
    }

    func compileStep(_ item: YNode, _ path: String, _ ctx: PathwayContext, key: String) {
        let p = ctx.p
        let first = Int(p.position)
        defer {
            // Inner steps were recorded first: they keep their own path.
            for k in first..<Int(p.position) where stepSources[k] == nil { stepSources[k] = "\(path) (\(item.location))" }
        }
        // Bare words: leave, end_patience (the same as `leave: {}` ...).
        if let s = item.string {
            guard s == "leave" || s == "end_patience" else {
                d.error(item, path, "unknown step '\(s)'", expected: "a step such as leave, end_patience, or a mapping like activity: {...}")
                return
            }
            return compileStep(YNode(.mapping([(item, YNode(.null, at: item.location))]), at: item.location), path, ctx, key: key)
        }
        guard let pairs = item.pairs, pairs.count == 1, let kind = pairs[0].key.string else {
            d.error(item, path, "\(item.kindName) is not a step", expected: "a mapping with one of \(Self.stepKinds.joined(separator: ", "))")
            return
        }
        let body = pairs[0].value
        let sp = "\(path).\(kind)"
        switch kind {
        case "leave":
            ctx.node("leave", "leave", key: key)
            ctx.open = []
            userLeave(ctx)
        case "end_patience":
            p.cancelPatience()
        case "label":
            guard let l = v.name(body, sp, what: "a label name") else { return }
            let full = ctx.prefix + l
            if ctx.placed.contains(full) { d.error(body, sp, "label '\(l)' is placed twice", expected: "each label once per pathway") }
            ctx.placed.insert(full)
            p.place(ctx.label(l))
            ctx.pendingLabels.append(full)
        case "goto":
            guard let l = v.name(body, sp, what: "a label name") else { return }
            if l == "leave" {
                ctx.node("leave", "leave", key: key)
                ctx.open = []
                userLeave(ctx)
                return
            }
            let full = ctx.prefix + l
            if ctx.labelUses[full] == nil { ctx.labelUses[full] = (body, sp) }
            p.goto(ctx.label(l))
            for (from, t) in ctx.open { ctx.gotoEdges.append((from, full, t)) }
            ctx.open = []
        case "milestone":
            guard let m = v.name(body, sp, what: "a milestone name") else { return }
            if milestonesUsed[m] == nil { milestonesUsed[m] = body.location }
            p.mark(b.milestone(m))
            ctx.node("milestone", m, key: key)
        case "seize":
            compileSeize(body, sp, ctx, key: key)
        case "release":
            if body["any_of"] != nil {
                compileReleaseAny(body, sp, ctx, key: key)
            } else if body.string != nil {
                guard let u = unit(body, sp) else { return }
                p.release(u)
                ctx.node("release", "release \(body.string!)", units: [body.string!], key: key)
            } else if let m = MapReader(body, sp, d, expected: "a unit name or {unit: NAME, amount: N}", allowed: ["unit", "amount"], required: ["unit"]),
                      let un = m["unit"], let u = unit(un, m.sub("unit")) {
                let amount = m["amount"].flatMap { v.integer($0, m.sub("amount"), min: 1, max: Int(Int32.max)) } ?? 1
                p.release(u, amount: amount)
                ctx.node("release", "release \(un.string ?? "")", units: [un.string ?? ""], key: key)
            }
        case "delay":
            var distN = body
            var given: String?
            if body["duration"] != nil && body["scale_by"] == nil && body["shift_by"] == nil, let m = MapReader(body, sp, d, expected: "a duration, a distribution, or {name: NAME, duration: ...}", allowed: ["name", "duration"]) {
                distN = m["duration"]!
                given = m["name"]?.string
            }
            // Unnamed delays are numbered among unnamed delays only.
            let name = given ?? "delay\(ctx.next("delay"))"
            guard let dur = duration(distN, body["duration"] != nil ? "\(sp).duration" : sp) else { return }
            addDelay(dur, p, stream: "\(ctx.name)/\(name)", label: "\(name): \(dur.text)")
            ctx.node("delay", "\(name.hasPrefix("delay") ? "wait" : name): \(dur.text)", key: key)
        case "wait_until_time_of_day":
            guard let dist = v.distribution(body, sp) else { return }
            p.delayUntilTimeOfDay(dist, stream: "\(ctx.name)/time_of_day\(ctx.next("tod"))")
            ctx.node("wait", "wait until time of day: \(Self.describe(dist, clock: true))", key: key)
        case "activity":
            compileActivity(body, sp, ctx, key: key)
        case "assign":
            guard let ap = body.pairs, !ap.isEmpty else {
                d.error(body, sp, "\(body.kindName) assigns nothing", expected: "a mapping of attribute names to values")
                return
            }
            var texts: [String] = []
            for (k, val) in ap {
                guard let a = attribute(k, sp), let an = k.string else { continue }
                compileAssign(p, attr: a, name: an, val, "\(sp).\(an)", stream: "\(ctx.name)/assign/\(an)\(ctx.next("assign/\(an)"))")
                texts.append(val["from"] != nil ? "\(an) from \(val["from"]?.string ?? "")" : "\(an) = \(Self.summary(val))")
            }
            ctx.node("assign", "set " + texts.joined(separator: ", "), key: key)
        case "branch":
            compileBranch(body, sp, ctx, key: key)
        case "branch_on":
            compileBranchOn(body, sp, ctx, key: key)
        case "repeat":
            compileRepeat(body, sp, ctx, key: key)
        case "patience":
            guard let m = MapReader(body, sp, d, expected: "{duration: DISTRIBUTION, on_renege: {steps: [...]} or {goto: LABEL}}",
                                    allowed: ["duration", "on_renege", "name"], required: ["duration"]),
                  let durN = m["duration"], let dist = v.distribution(durN, m.sub("duration")) else { return }
            let name = m["name"]?.string ?? "patience\(ctx.next("patience"))"
            let target = p.label()
            let after = p.label()
            p.setPatience(dist, onRenege: target, stream: "\(ctx.name)/\(name)")
            let pid = ctx.node("patience", "patience \(Self.describe(dist))", key: key)
            p.goto(after)
            let savedOpen = ctx.open
            p.place(target)
            ctx.open = [(pid, "reneged")]
            if let on = m["on_renege"] {
                compileTarget(on, m.sub("on_renege"), ctx, key: "\(key).on_renege")
                // A patient who ran out of patience leaves after these steps
                // unless they jump elsewhere: going on would repeat the steps
                // since the patience step.
                if !ctx.open.isEmpty {
                    ctx.node("leave", "leave (reneged)", key: "\(key).reneged")
                    p.leave()
                    ctx.open = []
                }
            } else {
                ctx.node("leave", "leave (reneged)", key: "\(key).reneged")
                p.leave()
                ctx.open = []
            }
            p.place(after)
            ctx.open = savedOpen + ctx.open
        case "call":
            guard let sname = v.name(body, sp, what: "a sub-pathway name") else { return }
            guard let sub = subpathways[sname] else {
                d.error(body, sp, "no sub-pathway named '\(sname)'", expected: subpathways.isEmpty ? "a sub-pathway declared under 'subpathways'" : "one of \(subpathways.keys.sorted().joined(separator: ", "))")
                return
            }
            if callStack.contains(sname) {
                d.error(body, sp, "sub-pathway '\(sname)' calls itself (\((callStack + [sname]).joined(separator: " -> ")))", expected: "sub-pathways without cycles")
                return
            }
            // A call copies the sub-pathway's steps in, so calls of calls
            // multiply: the model's size is checked before each copy.
            guard Int(p.position) <= Sizes.maxSteps else {
                if !stepLimitReported {
                    stepLimitReported = true
                    d.error(body, sp, "the pathways grow past \(Sizes.maxSteps) steps (each call copies the sub-pathway's steps in)",
                            expected: "at most \(Sizes.maxSteps) steps after sub-pathway calls are expanded")
                }
                return
            }
            callStack.append(sname)
            defer { callStack.removeLast() }
            let stepsN: YNode? = sub.items != nil ? sub : sub["steps"]
            guard let stepsN else {
                d.error(sub, "subpathways.\(sname)", "no steps", expected: "{steps: [...]}")
                return
            }
            // Inlined with its own label scope; its random steps draw from the
            // calling pathway's streams, named by step name.
            let savedPrefix = ctx.prefix
            ctx.prefix = "\(savedPrefix)\(sname)\(ctx.next("call/\(sname)"))/"
            compileSteps(stepsN, "subpathways.\(sname).steps", ctx, key: "\(key).\(sname)")
            ctx.prefix = savedPrefix
        default:
            let suggestion = MapReader.closest(kind, Self.stepKinds).map { " (did you mean '\($0)'?)" } ?? ""
            d.error(pairs[0].key, path, "unknown step '\(kind)'\(suggestion)", expected: "one of \(Self.stepKinds.joined(separator: ", "))")
        }
    }

    /// Either {steps: [...]} (then continue after) or {goto: LABEL} or a bare label.
    func compileTarget(_ n: YNode, _ path: String, _ ctx: PathwayContext, key: String, extraKeys: [String] = []) {
        if let l = n.string {
            if l == "leave" {
                ctx.node("leave", "leave", key: key)
                userLeave(ctx)
                ctx.open = []
                return
            }
            let full = ctx.prefix + l
            if ctx.labelUses[full] == nil { ctx.labelUses[full] = (n, path) }
            ctx.p.goto(ctx.label(l))
            for (from, t) in ctx.open { ctx.gotoEdges.append((from, full, t)) }
            ctx.open = []
            return
        }
        guard let m = MapReader(n, path, d, expected: "{steps: [...]} or {goto: LABEL}", allowed: ["steps", "goto"] + extraKeys) else { return }
        if let g = m["goto"] {
            if let st = m["steps"] {
                d.error(st, m.sub("steps"), "both 'steps' and 'goto'", expected: "either steps to run, or a label to go to")
            }
            compileTarget(g, m.sub("goto"), ctx, key: key)
        } else if let s = m["steps"] {
            compileSteps(s, m.sub("steps"), ctx, key: "\(key).steps")
        } else {
            d.error(n, path, "neither steps nor goto", expected: "{steps: [...]} or {goto: LABEL}")
        }
    }

    func compileSeize(_ body: YNode, _ sp: String, _ ctx: PathwayContext, key: String) {
        let p = ctx.p
        if body.string != nil {
            guard let u = unit(body, sp) else { return }
            p.seize(u)
            ctx.node("seize", "wait for \(body.string!)", units: [body.string!], key: key)
            return
        }
        if Self.isPoolRequest(body) { return compileSeizeAny(body, sp, ctx, key: key) }
        guard let m = MapReader(body, sp, d, expected: "a unit name, {unit: NAME, priority: ATTRIBUTE, balk: {...}}, {units: {NAME: AMOUNT, ...}} or {any_of: [NAME, ...]}",
                                allowed: ["unit", "units", "amount", "priority", "balk"]) else { return }
        if let us = m["units"] { return compileSeizeAll(us, m, ctx, key: key) }
        guard let un = m["unit"] else {
            d.error(body, sp, "missing key 'unit'", expected: "{unit: NAME} or {units: {NAME: AMOUNT, ...}}")
            return
        }
        guard let u = unit(un, m.sub("unit")) else { return }
        // Model.validate accepts seize amounts up to 65535.
        let amount = m["amount"].flatMap { v.integer($0, m.sub("amount"), min: 1, max: 65535) } ?? 1
        let prio = m["priority"].flatMap { attribute($0, m.sub("priority")) } ?? -1
        guard let balkN = m["balk"] else {
            p.seize(u, amount: amount, priority: prio)
            ctx.node("seize", "wait for \(un.string ?? "")", units: [un.string ?? ""], key: key)
            return
        }
        guard let bm = MapReader(balkN, m.sub("balk"), d, expected: "{when_queue_at_least: N, then: {steps: [...]} or LABEL}",
                                 allowed: ["when_queue_at_least", "when_full", "then"]) else { return }
        var limit = 0
        if let q = bm["when_queue_at_least"] { limit = v.integer(q, bm.sub("when_queue_at_least"), min: 0) ?? 0 }
        if let f = bm["when_full"], v.bool(f, bm.sub("when_full")) == false {
            d.error(f, bm.sub("when_full"), "when_full: false never balks", expected: "when_full: true, or when_queue_at_least: N")
        }
        let balked = p.label(), after = p.label()
        p.seize(u, amount: amount, priority: prio, balkWhenQueueAtLeast: limit, balkTo: balked)
        let sid = ctx.node("seize", "wait for \(un.string ?? "") (balk if queue ≥ \(limit))", units: [un.string ?? ""], key: key)
        p.goto(after)
        p.place(balked)
        ctx.open = [(sid, "balked")]
        if let t = bm["then"] {
            compileTarget(t, bm.sub("then"), ctx, key: "\(key).balk")
        } else {
            ctx.node("leave", "leave (balked)", key: "\(key).balk")
            p.leave()
            ctx.open = []
        }
        let balkOpen = ctx.open
        p.place(after)
        ctx.open = [(sid, "")] + balkOpen
    }

    /// `seize: {units: {ward_bed: 1, ward_nurse: 1}}`: all at once or none.
    func compileSeizeAll(_ us: YNode, _ m: MapReader, _ ctx: PathwayContext, key: String) {
        for k in ["unit", "amount", "balk"] {
            guard let given = m[k] else { continue }
            d.error(given, m.sub(k), "'\(k)' cannot be used with 'units'", expected: "units: {NAME: AMOUNT, ...} (amounts per unit; no balk with several units)")
        }
        guard let pairs = us.pairs, !pairs.isEmpty else {
            d.error(us, m.sub("units"), "\(us.kindName) is not a mapping of units to amounts", expected: "e.g. {ward_bed: 1, ward_nurse: 1}")
            return
        }
        var list: [(unit: Int32, amount: Int)] = [], names: [String] = []
        for (kn, vn) in pairs {
            guard let name = kn.string, let u = unit(kn, "\(m.sub("units")).\(kn.string ?? "?")") else { continue }
            guard let amount = v.integer(vn, "\(m.sub("units")).\(name)", min: 1, max: 65535) else { continue }
            if list.contains(where: { $0.unit == u }) {
                d.error(kn, m.sub("units"), "unit '\(name)' is listed twice", expected: "each unit once")
                continue
            }
            list.append((u, amount))
            names.append(amount == 1 ? name : "\(amount) \(name)")
        }
        guard !list.isEmpty else { return }
        let prio = m["priority"].flatMap { attribute($0, m.sub("priority")) } ?? -1
        ctx.p.seizeAll(list, priority: prio)
        ctx.node("seize", "wait for " + names.joined(separator: " + "), units: pairs.compactMap { $0.key.string }, key: key)
    }

    func compileActivity(_ body: YNode, _ sp: String, _ ctx: PathwayContext, key: String) {
        let p = ctx.p
        guard let m = MapReader(body, sp, d, expected: "{name: NAME, uses: [UNIT, ...], duration: DISTRIBUTION}",
                                allowed: ["name", "uses", "duration", "priority", "start_milestone", "end_milestone"],
                                required: ["name", "duration"]) else { return }
        let name = m["name"].flatMap { v.name($0, m.sub("name")) } ?? "activity\(ctx.next("activity"))"
        var unitNames: [String] = []
        var unitIDs: [Int32] = []
        let prio = m["priority"].flatMap { attribute($0, m.sub("priority")) } ?? -1
        if let us = m["uses"], us.pairs != nil {
            // A pool or a role: `uses: {any_of: [nurse, physician], choose: least_busy}`.
            guard let durN = m["duration"], let dur = duration(durN, m.sub("duration")),
                  let (release, names) = compileActivityPool(us, m.sub("uses"), ctx, activity: name, priority: prio) else { return }
            return finishActivity(m, dur, name: name, ctx, key: key, release: release, uses: " [\(names.joined(separator: " or "))]", units: names)
        } else if let us = m["uses"] {
            let list = us.items ?? [us]
            for (i, un) in list.enumerated() {
                if let u = unit(un, us.items != nil ? "\(m.sub("uses"))[\(i)]" : m.sub("uses")) {
                    if unitIDs.contains(u) {
                        d.error(un, m.sub("uses"), "unit '\(un.string ?? "")' is listed twice", expected: "each unit once")
                        continue
                    }
                    unitIDs.append(u)
                    unitNames.append(un.string ?? "")
                }
            }
        }
        guard let durN = m["duration"], let dur = duration(durN, m.sub("duration")) else { return }
        // Several units: all at once or none (MultiSeize.swift).
        if !unitIDs.isEmpty { p.seizeAll(unitIDs.map { ($0, 1) }, priority: prio) }
        let uses = unitNames.isEmpty ? "" : " [\(unitNames.joined(separator: ", "))]"
        finishActivity(m, dur, name: name, ctx, key: key, release: { for u in unitIDs.reversed() { p.release(u) } }, uses: uses, units: unitNames)
    }

    /// An activity's milestones, duration and release, once its units are seized.
    func finishActivity(_ m: MapReader, _ dur: DurationSpec, name: String, _ ctx: PathwayContext, key: String,
                        release: () -> Void, uses: String, units unitNames: [String]) {
        let p = ctx.p
        if let sm = m["start_milestone"], let ms = v.name(sm, m.sub("start_milestone")) {
            if milestonesUsed[ms] == nil { milestonesUsed[ms] = sm.location }
            p.mark(b.milestone(ms))
        }
        addDelay(dur, p, stream: "\(ctx.name)/\(name)", label: "\(name): \(dur.text)")
        if let em = m["end_milestone"], let ms = v.name(em, m.sub("end_milestone")) {
            if milestonesUsed[ms] == nil { milestonesUsed[ms] = em.location }
            p.mark(b.milestone(ms))
        }
        release()
        ctx.node("activity", "\(name)\(uses): \(dur.text)", units: unitNames, key: key)
    }

}
