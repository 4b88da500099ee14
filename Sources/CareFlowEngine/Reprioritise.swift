/// Changing the priority of patients while they wait: a timer that, every
/// `every` minutes from `first`, changes an attribute of each patient
/// waiting for one of `units` (who has waited at least `afterWaiting`
/// minutes) and re-orders the queues by the new priority. For example an AI
/// tool that re-sorts the X-ray reporting worklist every 15 minutes (copy
/// the AI's urgency into the queue priority), or re-triage of a patient
/// still waiting after two hours (set the priority to a more urgent level).
///
/// A patient's place among equals is kept: its queue key keeps the
/// sequence number it got when it started waiting, so among patients of
/// equal priority the order stays first come, first served. A patient whose
/// priority changes gets a new entry with the new key in each queue it
/// stands in, O(log n), and its old entries turn stale (dropped lazily, as
/// after a renege); finding the waiting patients is one scan of the queue,
/// O(n) per tick and unit. Patients waiting to resume after preemption
/// keep their place (their attribute still changes). A higher priority does
/// not interrupt anyone: preemption happens only when a patient seizes.
///
/// The timer runs while anything else can still happen (another event or
/// an arrival is pending): it never keeps a finished run going.
public struct ReprioritiseRule: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        /// attribute = the patient's value of another attribute.
        case copy(from: Int32)
        /// attribute = value.
        case set(Double)
        /// attribute = min(max(attribute + delta, lower), upper): ageing.
        case add(Double, lower: Double, upper: Double)
    }
    public var name: String
    public var units: [Int32]
    public var every: Double
    public var first: Double
    public var afterWaiting: Double
    public var attribute: Int32
    public var action: Action
    public init(name: String, units: [Int32], every: Double, first: Double? = nil, afterWaiting: Double = 0,
                attribute: Int32, action: Action) {
        self.name = name
        self.units = units
        self.every = every
        self.first = first ?? every
        self.afterWaiting = afterWaiting
        self.attribute = attribute
        self.action = action
    }
}

extension Simulation {
    mutating func startReprioritisation() {
        for (r, rule) in model.reprioritisations.enumerated() where rule.first <= model.horizon {
            schedule(.reprioritise, at: rule.first, target: Int32(r), token: 0)
        }
    }

    /// The priority attribute of the seize patient `q` waits at (-1: none;
    /// -2: not at a seize, e.g. waiting to resume after preemption).
    func waitingPriorityAttribute(_ q: Int) -> Int32 {
        guard patients[q].remaining < 0 else { return -2 }
        switch model.steps[Int(patients[q].pc)] {
        case .seize(_, _, let pa, _), .seizeAll(_, let pa), .seizeAny(_, let pa): return pa
        default: return -2
        }
    }

    /// One tick of rule `r`.
    mutating func reprioritise(rule r: Int) {
        let rule = model.reprioritisations[r]
        let x = features
        // Collect the waiting patients first (pushing re-orders the heaps);
        // a patient in several of the units' queues is taken once.
        x.scratch.removeAll()
        while x.marked.count < patients.count { x.marked.append(false) }
        for u32 in rule.units {
            let u = Int(u32)
            for j in 0..<queues[u].entryCount {
                let e = queues[u].entry(j)
                let q = Int(e.entity)
                guard isLive(e, at: u), !x.marked[q], now - patients[q].waitStart >= rule.afterWaiting else { continue }
                x.marked[q] = true
                x.scratch.append(e)
            }
        }
        // Heap order depends only on the run's history: reproducible.
        for j in 0..<x.scratch.count {
            let e = x.scratch[j]
            let q = Int(e.entity)
            x.marked[q] = false
            let a = q * nAttr + Int(rule.attribute)
            switch rule.action {
            case .copy(let from): attributes[a] = attributes[q * nAttr + Int(from)]
            case .set(let v): attributes[a] = v
            case .add(let d, let lo, let hi): attributes[a] = Swift.min(hi, Swift.max(lo, attributes[a] + d))
            }
            let pa = waitingPriorityAttribute(q)
            guard pa != -2 else { continue }
            let priority = pa < 0 ? 0 : Self.clampedInt(attributes[q * nAttr + Int(pa)])
            requeue(e, priority: priority)
        }
        for u in rule.units { serveLater(Int(u)) }
        drainServeList()
        if events.count > 0 || pendingArrivals > 0, now + rule.every <= model.horizon {
            schedule(.reprioritise, at: now + rule.every, target: Int32(r), token: 0)
        }
    }

    /// Gives the waiting patient of live entry `e` a new priority, keeping
    /// its sequence number: new entries in each of its queues, O(log n) each.
    mutating func requeue(_ e: WaitQueue.Entry, priority: Int) {
        let p = e.entity, i = Int(p)
        let newKey = WaitQueue.key(priority: priority, sequence: e.key & 0xFFFF_FFFF_FFFF)
        guard newKey != e.key else { return }
        patients[i].waitTicket &+= 1
        for (u, _) in waitRequest(patients[i].waitingAt, amount: Int(patients[i].waitAmount)).units {
            queues[u].push(.init(key: newKey, entity: p, ticket: patients[i].waitTicket))
        }
    }
}
