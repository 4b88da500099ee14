import CareFlowEngine
import CareFlowRandom

/// `initial:` patients already present at time 0.
///
///     initial:
///       ward_today:
///         pathway: ed
///         at: ward_stay            # a named delay or activity of the pathway
///         count: 180
///         holding: [ward_bed]      # optional: units held besides those found
///         remaining: equilibrium   # default; or a duration distribution
///         set: {admit: ward}       # optional, after the arrival attributes
///         mark: [bed_assigned]     # optional milestones marked at time 0
///         pass: uniform            # inside a repeat: which pass (default
///                                  # uniform; or N, or a list of weights)
///
/// Each group compiles to an entry stub of its pathway: it draws the
/// attributes as the pathway's arrival streams do (their `set:` blocks, one
/// picked in proportion to the streams' mean rates), applies `set`, marks
/// `mark`, seizes the units held at that step (queueing if they are full:
/// a waiting list), waits the remaining time and joins the pathway after
/// the step. `waiting: true` puts the patients in the step's queue
/// instead. Every draw uses streams named "initial/GROUP/...": other
/// streams, and so common random numbers, are untouched.
extension Compiler {
    func readInitial(_ n: YNode?, arrivals: YNode?) {
        guard let n else { return }
        guard let pairs = n.pairs else {
            d.error(n, "initial", "\(n.kindName) is not a mapping", expected: "a mapping of group names to {pathway, at, count}")
            return
        }
        for (k, val) in pairs {
            guard let name = v.name(k, "initial") else { continue }
            let path = "initial.\(name)"
            guard let m = MapReader(val, path, d, expected: "{pathway: NAME, at: STEP, count: N}",
                                    allowed: ["pathway", "at", "count", "holding", "remaining", "set", "mark", "waiting", "arrivals", "pass"],
                                    required: ["pathway", "at", "count"]),
                  let pn = m["pathway"], let atN = m["at"], let cn = m["count"],
                  let pname = v.name(pn, m.sub("pathway")), let count = v.integer(cn, m.sub("count"), min: 0, max: 10_000_000) else { continue }
            guard let pathway = pathways[pname] else {
                d.error(pn, m.sub("pathway"), "no pathway named '\(pname)'", expected: "one of \(pathways.keys.sorted().joined(separator: ", "))")
                continue
            }
            guard let stepName = v.name(atN, m.sub("at"), what: "a step name") else { continue }
            let steps = b.model.steps, labels = b.model.stepLabels, owner = b.model.stepPathway
            func isDelay(_ i: Int) -> Bool { if case .delay = steps[i] { return true } else { return false } }
            let delays = steps.indices.filter { owner[$0] == pathway && isDelay($0) }
            // `at: COURSE` (a named repeat with a gap): between two passes, in the gap.
            var found = delays.first(where: { labels[$0].hasPrefix("\(stepName): ") })
            var gapLoop: (counter: Int32, times: Int32)?
            if found == nil, let g = gapStep(ofRepeat: stepName, pathway: pathway, pathwayName: pname) {
                guard g.times > 1 else {
                    d.error(atN, m.sub("at"), "repeat '\(stepName)' has one pass, so no gap between passes", expected: "a named delay or activity")
                    continue
                }
                found = g.step
                gapLoop = (g.counter, g.times)
            }
            guard let k = found, case .delay(let distIndex, _) = steps[k] else {
                let named = delays.compactMap { labels[$0].split(separator: ":").first.map(String.init) }.filter { !$0.hasPrefix("delay") && $0 != "gap" }
                d.error(atN, m.sub("at"), "no delay or activity named '\(stepName)' in pathway \(pname)", expected: named.isEmpty ? "a named delay or activity" : "one of \(named.joined(separator: ", "))")
                continue
            }
            // Part-way through a course: the pass of the innermost repeat around the step.
            let loop = gapLoop ?? enclosingRepeat(of: k, pathway: pathway)
            var pass: PassChoice?
            if let loop {
                guard let c = readPass(m["pass"], m.sub("pass"), times: Int(loop.times), first: gapLoop == nil ? 1 : 2) else { continue }
                pass = c
            } else if let pn = m["pass"] {
                d.error(pn, m.sub("pass"), "step '\(stepName)' is not inside a repeat", expected: "no 'pass', or an 'at' step inside a repeat")
                continue
            }
            let waiting = m["waiting"].flatMap { v.bool($0, m.sub("waiting")) } ?? false
            // Waiting: in the queue of the step's own seizes, holding what the pathway holds before them.
            let resume = Int32(waiting ? firstSeize(before: k) : k + 1)
            var held = holdings(before: k, own: waiting ? Int(resume) : nil)
            if let h = m["holding"] {
                let own = waiting ? Set((Int(resume)..<k).flatMap { units(ofSeize: $0) }) : []
                for (i, un) in (h.items ?? [h]).enumerated() {
                    if let u = unit(un, h.items != nil ? "\(m.sub("holding"))[\(i)]" : m.sub("holding")),
                       !held.contains(where: { units(of: $0).contains(u) }), !own.contains(u) {
                        held.append(.unit(u, amount: 1, priority: -1))
                    }
                }
            }
            var remaining: Distribution?
            if !waiting {
                if let r = m["remaining"], r.string != "equilibrium" {
                    remaining = v.distribution(r, m.sub("remaining"))
                } else {
                    do { remaining = try b.model.distributions[Int(distIndex)].equilibriumResidual() } catch {
                        d.error(m["remaining"] ?? atN, m.sub("remaining"), "\(error)", expected: "remaining: a duration distribution")
                    }
                }
                guard remaining != nil else { continue }
            }
            // Arrival streams of this pathway and their `set:` blocks, weighted by mean rate.
            let feeding = b.model.sources.enumerated().filter { $0.element.pathway == pathway }
            var choices: [(weight: Double, set: YNode?, name: String)] = feeding.map { _, s in
                (Self.meanRate(s.pattern, horizon: b.horizon), arrivals?[s.name]?["set"], s.name)
            }
            if let an = m["arrivals"] {
                guard let sname = v.name(an, m.sub("arrivals")), let c = choices.first(where: { $0.name == sname }) else {
                    d.error(an, m.sub("arrivals"), "'\(an.string ?? "")' is not an arrival stream of pathway \(pname)", expected: "one of \(choices.map(\.name).joined(separator: ", "))")
                    continue
                }
                choices = [c]
            }
            if choices.allSatisfy({ $0.weight <= 0 }) { choices = choices.map { ($0.weight <= 0 ? 1 : $0.weight, $0.set, $0.name) } }
            let marks: [Int32] = (m["mark"]?.items ?? m["mark"].map { [$0] } ?? []).compactMap { mn in
                guard let ms = v.name(mn, m.sub("mark"), what: "a milestone name") else { return nil }
                if milestonesUsed[ms] == nil { milestonesUsed[ms] = mn.location }
                return b.milestone(ms)
            }
            do {
                let entry = try b.entry(for: pathway, name: "\(pname)<-initial/\(name)") { p in
                    let withSet = choices.filter { $0.set != nil }
                    if !withSet.isEmpty {
                        let total = choices.reduce(0) { $0 + $1.weight }
                        let end = p.label()
                        if choices.count > 1 {
                            let labels = choices.map { _ in p.label() }
                            try p.branch(choices.map { $0.weight / total }, to: labels, stream: "initial/\(name)/arrivals")
                            for (c, l) in zip(choices, labels) {
                                p.place(l)
                                if let set = c.set { assignAll(p, set, "arrivals.\(c.name).set", stream: "initial/\(name)/set/\(c.name)") }
                                p.goto(end)
                            }
                        } else if let set = choices[0].set {
                            assignAll(p, set, "arrivals.\(choices[0].name).set", stream: "initial/\(name)/set/\(choices[0].name)")
                        }
                        p.place(end)
                    }
                    if let set = m["set"] { assignAll(p, set, m.sub("set"), stream: "initial/\(name)/set") }
                    for ms in marks { p.mark(ms) }
                    if let loop, let pass {
                        // The repeat's counter holds the passes already done.
                        switch pass {
                        case .fixed(let done): p.assign(loop.counter, Double(done))
                        case .drawn(let dist): p.assign(loop.counter, sample: dist, stream: "initial/\(name)/pass")
                        }
                    }
                    for h in held {
                        switch h {
                        case .step(let j): p.seizeAgain(step: j)
                        case .unit(let u, let amount, let priority): p.seize(u, amount: Int(amount), priority: priority)
                        }
                    }
                    if let remaining { p.delay(remaining, stream: "initial/\(name)/remaining", label: "\(name): remaining \(stepName)") }
                    p.goto(step: resume)
                }
                b.initial(InitialGroup(name: name, pathway: pathway, entry: entry, count: count))
            } catch {
                d.error(val, path, "\(error)", expected: "a valid initial state")
            }
        }
    }

    func assignAll(_ p: PathwayBuilder, _ set: YNode, _ path: String, stream: String) {
        guard let pairs = set.pairs else {
            d.error(set, path, "\(set.kindName) is not a mapping", expected: "a mapping of attribute names to values")
            return
        }
        for (k, val) in pairs {
            guard let a = attribute(k, path) else { continue }
            compileAssign(p, attr: a, name: k.string ?? "", val, "\(path).\(k.string ?? "")", stream: "\(stream)/\(k.string ?? "")")
        }
    }

    /// What a patient holds at a step: a seize of the pathway to emit again
    /// (`PathwayBuilder.seizeAgain`: a unit with its amount, a group taken
    /// at once, or one unit of a pool), or one unit of a group whose other
    /// units were released since.
    enum Held: Equatable {
        case step(Int32)
        case unit(Int32, amount: Int32, priority: Int32)
    }

    /// The units a seize step takes (for a pool: every unit it may take).
    func units(ofSeize j: Int) -> [Int32] {
        switch b.model.steps[j] {
        case .seize(let u, _, _, _): return [u]
        case .seizeAll(let g, _): return b.model.seizeGroups[Int(g)].units
        case .seizeAny(let k, _): return b.model.pools[Int(k)].units
        default: return []
        }
    }

    func units(of h: Held) -> [Int32] {
        switch h {
        case .step(let j): return units(ofSeize: Int(j))
        case .unit(let u, _, _): return [u]
        }
    }

    /// What is held at step `k`, in the pathway's order: walks back through
    /// straight-line steps (seizes, releases, mark, assign, patience) to the
    /// first jump target, collecting seizes not released after them; seizes
    /// at or after `own` (the step's own queue) are left out.
    func holdings(before k: Int, own: Int? = nil) -> [Held] {
        let steps = b.model.steps
        var targets = Set<Int>()
        for s in steps {
            switch s {
            case .goto(let t): targets.insert(Int(t))
            case .loop(_, _, let t): targets.insert(Int(t))
            case .setPatience(_, _, let t): targets.insert(Int(t))
            default: break
            }
        }
        for t in b.model.branchTables { for x in t.targets { targets.insert(Int(x)) } }
        for t in b.model.attributeBranches { for x in t.targets + [t.otherwise] { targets.insert(Int(x)) } }
        for t in b.model.stateBranches { for x in t.targets where x >= 0 { targets.insert(Int(x)) }; if t.otherwise >= 0 { targets.insert(Int(t.otherwise)) } }
        for r in b.model.balkRules { targets.insert(Int(r.target)) }
        var held: [Held] = [], taken = Set<Int32>(), released = Set<Int32>(), releasedPools = Set<Set<Int32>>()
        var j = k - 1
        walk: while j >= 0 {
            let mine = own.map { j < $0 } ?? true
            switch steps[j] {
            case .seize(let u, let amount, let priority, _):
                if mine && !released.contains(u) && !taken.contains(u) { held.append(.unit(u, amount: amount, priority: priority)); taken.insert(u) }
            case .seizeAll(let g, let priority):
                let group = b.model.seizeGroups[Int(g)]
                let kept = group.units.indices.filter { !released.contains(group.units[$0]) && !taken.contains(group.units[$0]) }
                if mine && kept.count == group.units.count {
                    held.append(.step(Int32(j)))
                } else if mine {
                    // Some of the group given back since: the rest, one by one.
                    for i in kept.reversed() { held.append(.unit(group.units[i], amount: group.amounts[i], priority: priority)) }
                }
                if mine { taken.formUnion(kept.map { group.units[$0] }) }
            case .seizeAny(let pk, _):
                // `release: {any_of: ...}` gives back a pool of the same units.
                let pool = Set(b.model.pools[Int(pk)].units)
                if mine && !releasedPools.contains(pool) { held.append(.step(Int32(j))); taken.formUnion(pool) }
            case .release(let u, _): released.insert(u)
            case .releaseAny(let pk): releasedPools.insert(Set(b.model.pools[Int(pk)].units))
            case .mark, .assign, .assignSample, .assignLookup, .setPatience, .cancelPatience: break
            default: break walk
            }
            if targets.contains(j) { break }
            j -= 1
        }
        return held.reversed()
    }

    /// The first of the seizes right before step `k` (the step's own
    /// queue), or `k` if there are none.
    func firstSeize(before k: Int) -> Int {
        var j = k
        while j > 0 {
            switch b.model.steps[j - 1] {
            case .seize, .seizeAll, .seizeAny, .mark: j -= 1
            default: return j
            }
        }
        return j
    }

    enum PassChoice { case fixed(Int), drawn(Distribution) }

    /// `pass: N` (N - 1 passes done), `uniform` (default: each pass
    /// equally likely, as for patients found at a random moment of courses
    /// whose passes last alike) or a list of one weight per pass. Passes
    /// run from `first` (1 in a pass, 2 in the gap before a pass) to `times`.
    func readPass(_ n: YNode?, _ path: String, times: Int, first: Int) -> PassChoice? {
        let count = times - first + 1
        let help = "a pass from \(first) to \(times), uniform, or a list of \(count) weights (passes \(first)-\(times))"
        func drawn(_ w: [Double]) -> PassChoice? {
            if count == 1 { return .fixed(first - 1) }
            do { return .drawn(try Distribution.discrete(values: (first - 1..<times).map(Double.init), weights: w)) } catch {
                if let n { d.error(n, path, "\(error)", expected: help) }
                return nil
            }
        }
        guard let n, n.string != "uniform" else { return drawn(Array(repeating: 1, count: count)) }
        if n.items != nil {
            guard let w = weights(n, path, count: count) else { return nil }
            if w.contains(where: { $0 < 0 }) || !w.contains(where: { $0 > 0 }) {
                d.error(n, path, "weights must be 0 or more, and not all 0", expected: help)
                return nil
            }
            return drawn(w)
        }
        guard let x = v.integer(n, path, min: first, max: times, expected: help) else { return nil }
        return .fixed(x - 1)
    }

    /// The gap delay of the repeat named `name` in the pathway (its stream
    /// is "PATHWAY/NAME/gap"), with the repeat's loop counter and passes.
    func gapStep(ofRepeat name: String, pathway: Int32, pathwayName: String) -> (step: Int, counter: Int32, times: Int32)? {
        let steps = b.model.steps, owner = b.model.stepPathway
        let stream = b.model.streams.firstIndex(of: "\(pathwayName)/\(name)/gap")
        for (l, s) in steps.enumerated() where owner[l] == pathway {
            guard case .loop(let counter, let times, let target) = s, Int(target) > l, Int(target) < steps.count,
                  case .delay(_, let st) = steps[Int(target)], stream == Int(st) else { continue }
            return (Int(target), counter, times)
        }
        return nil
    }

    /// The innermost `repeat` whose body holds step `k`: its loop step's
    /// counter and number of passes. A block's loop step jumps back to its
    /// top, or (with a gap) to the gap, which then jumps to the top.
    func enclosingRepeat(of k: Int, pathway: Int32) -> (counter: Int32, times: Int32)? {
        let steps = b.model.steps, owner = b.model.stepPathway
        var best: (top: Int, counter: Int32, times: Int32)?
        for (l, s) in steps.enumerated() where owner[l] == pathway {
            guard case .loop(let counter, let times, let target) = s else { continue }
            var top = Int(target)
            if top > l {
                var j = top
                top = -1
                while j < steps.count {
                    if case .goto(let x) = steps[j] { top = Int(x); break }
                    if case .delay = steps[j] { j += 1; continue }
                    break
                }
            }
            guard top >= 0, top <= k, k < l else { continue }
            if best == nil || top > best!.top { best = (top, counter, times) }
        }
        return best.map { ($0.counter, $0.times) }
    }

    /// Mean arrivals per minute of a pattern (for mixing attribute draws).
    static func meanRate(_ p: ArrivalPattern, horizon: Double) -> Double {
        switch p {
        case .poisson(let r): return r
        case .profile(let r): return r.period > 0 ? r.arrivalsPerPeriod / r.period : 0
        case .scheduled(let t): return horizon.isFinite && horizon > 0 ? Double(t.count) / horizon : Double(t.count)
        }
    }
}
