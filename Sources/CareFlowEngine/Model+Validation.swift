import CareFlowRandom

extension Model {
    /// Checks that every index in every table and step is in range, that
    /// control cannot run off the end of the step array, and that capacities
    /// are not negative.
    public func validate() throws {
        func check(_ cond: Bool, _ msg: @autoclosure () -> String) throws {
            if !cond { throw ModelError(msg()) }
        }
        let n = Int32(steps.count)
        func pcOK(_ t: Int32) -> Bool { t >= 0 && t < n }
        for u in units {
            try check(u.capacity >= 0, "unit \(u.name): capacity must be 0 or more")
            if let s = u.schedule {
                try check(s.changes.allSatisfy { $0.capacity >= 0 }, "unit \(u.name): scheduled capacity must be 0 or more")
                try check(zip(s.changes, s.changes.dropFirst()).allSatisfy { $0.time < $1.time }, "unit \(u.name): schedule times must increase")
                if let c = s.cycle { try check(c > 0 && s.changes.allSatisfy { $0.time >= 0 && $0.time < c }, "unit \(u.name): schedule times must lie within the cycle") }
            }
        }
        for p in pathways { try check(pcOK(p.entry), "pathway \(p.name): no steps") }
        for (k, s) in sources.enumerated() {
            try check(s.pathway >= 0 && Int(s.pathway) < pathways.count, "source \(k): no such pathway")
            try check(s.stream >= 0 && Int(s.stream) < streams.count, "source \(k): no such stream")
            try check(pcOK(s.entry), "source \(s.name): entry step out of range")
            switch s.pattern {
            case .poisson(let r): try check(r >= 0 && r.isFinite, "source \(s.name): rate must be 0 or more")
            case .profile(let p):
                try check(p.pieceLength > 0 && !p.rates.isEmpty, "source \(s.name): empty profile")
                try check(p.rates.allSatisfy { $0 >= 0 && $0.isFinite }, "source \(s.name): rates must be 0 or more")
            case .scheduled(let t):
                try check(zip(t, t.dropFirst()).allSatisfy { $0 <= $1 } && t.allSatisfy { $0 >= 0 }, "source \(s.name): arrival times must be 0 or more and not decrease")
            }
        }
        let nu = Int32(units.count), nd = Int32(distributions.count), ns = Int32(streams.count), na = Int32(attributes.count)
        for (i, s) in steps.enumerated() {
            let at = "step \(i) (\(i < stepLabels.count ? stepLabels[i] : "?"))"
            switch s {
            case .seizeAll(let g, let pa):
                try check(g >= 0 && Int(g) < seizeGroups.count && pa < na, "\(at): bad operand")
                let grp = seizeGroups[Int(g)]
                try check(grp.units.count >= 2 && grp.units.count == grp.amounts.count && Set(grp.units).count == grp.units.count,
                          "\(at): a multi-unit seize needs two or more different units")
                try check(grp.units.allSatisfy { $0 >= 0 && $0 < nu } && grp.amounts.allSatisfy { $0 >= 1 && $0 <= 65535 }, "\(at): bad unit or amount")
                try check(pcOK(Int32(i) + 1), "\(at): runs off the end")
            case .seize(let u, let a, let pa, let b):
                try check(u >= 0 && u < nu && a >= 1 && a <= 65535 && pa < na, "\(at): bad operand")
                try check(b < Int32(balkRules.count), "\(at): no such balk rule")
                if b >= 0 { try check(pcOK(balkRules[Int(b)].target), "\(at): balk target out of range") }
                try check(pcOK(Int32(i) + 1), "\(at): runs off the end")
            case .release(let u, let a): try check(u >= 0 && u < nu && a >= 1, "\(at): bad operand")
            case .seizeAny(let k, let pa):
                try check(k >= 0 && Int(k) < pools.count && pa < na, "\(at): bad operand")
                let pool = pools[Int(k)]
                try check(!pool.units.isEmpty && Set(pool.units).count == pool.units.count && pool.units.allSatisfy { $0 >= 0 && $0 < nu }
                          && pool.amount >= 1 && pool.amount <= 65535 && pool.role >= 0 && Int(pool.role) < roles.count,
                          "\(at): a pool needs different units, an amount from 1 to 65535 and a role")
                try check(pool.units.allSatisfy { !units[Int($0)].preemptive }, "\(at): pooled units cannot be preemptive")
            case .releaseAny(let k): try check(k >= 0 && Int(k) < pools.count, "\(at): bad operand")
            case .branchOnState(let t):
                try check(t >= 0 && Int(t) < stateBranches.count, "\(at): bad operand")
                let tb = stateBranches[Int(t)]
                try check(!tb.units.isEmpty && tb.units.count == tb.targets.count && tb.units.allSatisfy { $0 >= 0 && $0 < nu },
                          "\(at): a state branch needs one unit per option")
                try check(tb.targets.allSatisfy(pcOK) && (tb.otherwise == -1 || pcOK(tb.otherwise)), "\(at): target out of range")
            case .delay(let d, let st), .delayUntilTimeOfDay(let d, let st):
                try check(d >= 0 && d < nd && st >= 0 && st < ns, "\(at): bad operand")
            case .branch(let t, let st):
                try check(t >= 0 && Int(t) < branchTables.count && st >= 0 && st < ns, "\(at): bad operand")
                try check(branchTables[Int(t)].targets.allSatisfy(pcOK), "\(at): target out of range")
            case .branchOnAttribute(let a, let t):
                try check(a >= 0 && a < na && t >= 0 && Int(t) < attributeBranches.count, "\(at): bad operand")
                let tb = attributeBranches[Int(t)]
                try check(tb.targets.allSatisfy(pcOK) && pcOK(tb.otherwise), "\(at): target out of range")
            case .assign(let a, let v): try check(a >= 0 && a < na && v.isFinite, "\(at): bad operand")
            case .assignSample(let a, let d, let st): try check(a >= 0 && a < na && d >= 0 && d < nd && st >= 0 && st < ns, "\(at): bad operand")
            case .assignLookup(let a, let k, let t, let st):
                try check(a >= 0 && a < na && k >= 0 && k < na && t >= 0 && Int(t) < lookupTables.count && st >= 0 && st < ns, "\(at): bad operand")
                try check(!lookupTables[Int(t)].isEmpty && lookupTables[Int(t)].allSatisfy { $0 >= 0 && $0 < nd }, "\(at): bad lookup table")
            case .delayByAttribute(let k, let t, let st):
                try check(k >= 0 && k < na && t >= 0 && Int(t) < lookupTables.count && st >= 0 && st < ns, "\(at): bad operand")
                try check(!lookupTables[Int(t)].isEmpty && lookupTables[Int(t)].allSatisfy { $0 >= 0 && $0 < nd }, "\(at): bad lookup table")
            case .delayScaled(let dd, let st, let sc, let sh):
                try check(dd >= 0 && dd < nd && st >= 0 && st < ns && sc >= -1 && sc < na && sh >= -1 && sh < na, "\(at): bad operand")
            case .goto(let t): try check(pcOK(t), "\(at): target out of range")
            case .loop(let c, let times, let t): try check(c >= 0 && c < na && times >= 1 && pcOK(t), "\(at): bad operand")
            case .setPatience(let d, let st, let t): try check(d >= 0 && d < nd && st >= 0 && st < ns && pcOK(t), "\(at): bad operand")
            case .cancelPatience, .leave, .dropOut: break
            case .mark(let m): try check(m >= 0 && Int(m) < milestones.count, "\(at): no such milestone")
            }
            switch s {
            case .leave, .goto, .branch, .branchOnAttribute, .branchOnState: break
            default: try check(pcOK(Int32(i) + 1), "\(at): runs off the end of the step list")
            }
        }
        if let trap = zeroTimeTrap() {
            let p = Int(stepPathway.indices.contains(trap) ? stepPathway[trap] : -1)
            let name = pathways.indices.contains(p) ? pathways[p].name : "?"
            let label = trap < stepLabels.count ? stepLabels[trap] : "step \(trap)"
            throw ModelError("pathway \(name): the steps from '\(label)' loop for ever without taking time (no delay of at least \(RunLimits.minimumProgress) min in the loop and no way out); add a delay or an exit")
        }
        if let r = zeroTimeRepeat(), case .loop(_, let times, _) = steps[r] {
            let p = Int(stepPathway.indices.contains(r) ? stepPathway[r] : -1)
            let name = pathways.indices.contains(p) ? pathways[p].name : "?"
            let label = r < stepLabels.count ? stepLabels[r] : "step \(r)"
            throw ModelError("pathway \(name): '\(label)' repeats \(times) times without taking time (no delay of at least \(RunLimits.minimumProgress) min in it), so the clock would stand still; add a delay or repeat fewer times")
        }
        for r in reprioritisations {
            try check(!r.units.isEmpty && r.units.allSatisfy { $0 >= 0 && $0 < nu }, "reprioritise \(r.name): no such unit")
            try check(r.every >= RunLimits.minimumProgress && r.every.isFinite && r.first >= 0 && r.first.isFinite && r.afterWaiting >= 0,
                      "reprioritise \(r.name): 'every' must be at least \(RunLimits.minimumProgress) min, 'first' and 'after_waiting' 0 or more")
            try check(r.attribute >= 0 && r.attribute < na, "reprioritise \(r.name): no such attribute")
            if case .copy(let from) = r.action { try check(from >= 0 && from < na, "reprioritise \(r.name): no such attribute") }
        }
        for k in kpis {
            try check(k.from >= 0 && Int(k.from) < milestones.count && k.to >= 0 && Int(k.to) < milestones.count, "kpi \(k.name): no such milestone")
            try check(k.groupBy < na, "kpi \(k.name): no such attribute")
        }
        try check(warmup >= 0 && !warmup.isNaN, "warm-up must be 0 or more")
        try check(horizon > 0, "horizon must be greater than 0")
        try check(warmup < horizon, "warm-up must end before the horizon")
    }

    /// A closed loop of steps that take no simulated time: a patient that
    /// enters it never leaves and the clock never moves (the run would hang).
    /// Steps that take time (a delay with a positive mean, a wait for a time
    /// of day) and counted `loop` steps break loops; a loop with any way out
    /// (a branch, a balk) is allowed. Returns a step in such a loop, if any.
    /// Tarjan's strongly connected components, O(steps).
    /// Whether a delay drawn from distribution `d` moves the clock: its mean
    /// is at least `RunLimits.minimumProgress` (shorter delays, such as
    /// 1e-300, count as zero: a loop of them would never reach the horizon).
    func takesTime(_ d: Int32) -> Bool {
        Int(d) < distributions.count && distributions[Int(d)].mean >= RunLimits.minimumProgress
    }

    /// A counted loop (`repeat`) that can go round without taking time and
    /// repeats at least `RunLimits().maxStalledEvents` times: it would stop
    /// the clock for that long at run time. Returns the loop step, if any.
    func zeroTimeRepeat() -> Int? {
        let limit = RunLimits().maxStalledEvents
        for (i, s) in steps.enumerated() {
            guard case .loop(_, let times, let target) = s, Int(times) >= limit else { continue }
            // Can control get from the loop's target back to it with no delay?
            var seen = Set<Int>(), todo = [Int(target)]
            while let v = todo.popLast() {
                if v == i { return i }
                guard v >= 0, v < steps.count, seen.insert(v).inserted else { continue }
                switch steps[v] {
                case .delay(let d, _) where takesTime(d): continue
                case .delayUntilTimeOfDay: continue
                default: todo += successors(v)
                }
            }
        }
        return nil
    }

    /// Where control can go after step i.
    func successors(_ i: Int) -> [Int] {
        switch steps[i] {
        case .seize(_, _, _, let b):
            return b >= 0 && Int(b) < balkRules.count ? [i + 1, Int(balkRules[Int(b)].target)] : [i + 1]
        case .branch(let t, _): return Int(t) < branchTables.count ? branchTables[Int(t)].targets.map(Int.init) : []
        case .branchOnState(let t):
            guard Int(t) < stateBranches.count else { return [] }
            let tb = stateBranches[Int(t)]
            return tb.targets.map(Int.init) + (tb.otherwise >= 0 ? [Int(tb.otherwise)] : [])
        case .branchOnAttribute(_, let t):
            guard Int(t) < attributeBranches.count else { return [] }
            return attributeBranches[Int(t)].targets.map(Int.init) + [Int(attributeBranches[Int(t)].otherwise)]
        case .goto(let t): return [Int(t)]
        case .loop(_, _, let t): return [i + 1, Int(t)]
        case .leave: return []
        default: return [i + 1]
        }
    }

    func zeroTimeTrap() -> Int? {
        let n = steps.count
        func breaksLoops(_ s: Step) -> Bool {
            switch s {
            case .delay(let d, _): return takesTime(d)
            case .delayUntilTimeOfDay, .loop: return true
            case .delayByAttribute(_, let t, _):
                return Int(t) < lookupTables.count && lookupTables[Int(t)].allSatisfy { Int($0) < distributions.count && distributions[Int($0)].mean > 0 }
            case .delayScaled(let d, _, _, let shift): return shift < 0 && Int(d) < distributions.count && distributions[Int(d)].mean > 0
            default: return false
            }
        }
        let inGraph = steps.indices.map { !breaksLoops(steps[$0]) }
        let succ: [[Int]] = steps.indices.map { i in inGraph[i] ? successors(i).filter { $0 >= 0 && $0 < n } : [] }
        var index = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = [], counter = 0
        var trap: Int?
        // Iterative Tarjan (pathways can be long; no deep recursion).
        for root in 0..<n where index[root] < 0 && inGraph[root] {
            var call: [(v: Int, i: Int)] = [(root, 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let (v, i) = call.last {
                if i < succ[v].count {
                    call[call.count - 1].i += 1
                    let w = succ[v][i]
                    guard inGraph[w] else { continue }          // time passes there
                    if index[w] < 0 {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        call.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                call.removeLast()
                if let parent = call.last { low[parent.v] = min(low[parent.v], low[v]) }
                guard low[v] == index[v] else { continue }
                var component: [Int] = []
                while let w = stack.popLast() {
                    onStack[w] = false
                    component.append(w)
                    if w == v { break }
                }
                let members = Set(component)
                let cyclic = component.count > 1 || succ[v].contains(v)
                // Closed: every way on from every member stays inside.
                let closed = component.allSatisfy { succ[$0].allSatisfy { members.contains($0) } }
                if cyclic && closed && trap == nil { trap = component.min() }
            }
        }
        return trap
    }
}
