import CareFlowRandom

/// A model that cannot be built, with the reason.
public struct ModelError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A place in a pathway that steps can jump to. Until the pathway is
/// finished, jump targets hold labels encoded as negative numbers
/// (-(id + 1)); absolute step indices are 0 or more.
public struct Label: Hashable, Sendable {
    let index: Int32
    var id: Int32 { -(index + 1) }
}

/// Assembles a `Model` in Swift code:
///
///     let b = ModelBuilder()
///     let clinician = b.unit("clinician", capacity: 10)
///     let patients = try b.pathway("patients") { p in
///         p.seize(clinician)
///         try p.delay(.exponential(mean: 10))
///         p.release(clinician)
///     }
///     b.poisson("arrivals", ratePerMinute: 0.9, pathway: patients, limit: 1_000_000)
///     let model = try b.build()
///
/// Build-time only: nothing here runs in the simulation loop.
public final class ModelBuilder {
    public private(set) var model = Model()
    private var streamIndex: [String: Int32] = [:]
    private var attributeIndex: [String: Int32] = [:]
    private var milestoneIndex: [String: Int32] = ["arrival": 0, "departure": 1]

    public init() {}

    public var horizon: Double {
        get { model.horizon }
        set { model.horizon = newValue }
    }
    public var warmup: Double {
        get { model.warmup }
        set { model.warmup = newValue }
    }
    /// Weekday of time 0 (0 = Monday).
    public var startWeekday: Int {
        get { model.startWeekday }
        set { model.startWeekday = newValue }
    }
    /// Minutes past midnight of time 0.
    public var clockOffset: Double {
        get { model.clockOffset }
        set { model.clockOffset = newValue }
    }
    /// Month (0-11) of each calendar day from the start date: KPIs by month.
    public var monthOfDay: [UInt8] {
        get { model.monthOfDay }
        set { model.monthOfDay = newValue }
    }
    /// Patients present at time 0 (see `InitialGroup`).
    public func initial(_ group: InitialGroup) { model.initial.append(group) }

    @discardableResult
    public func unit(_ name: String, capacity: Int, schedule: CapacitySchedule? = nil, preemptive: Bool = false) -> Int32 {
        model.units.append(UnitSpec(name: name, capacity: capacity, schedule: schedule, preemptive: preemptive))
        return Int32(model.units.count - 1)
    }

    /// An attribute (numeric, or categorical with labels: values 0..<labels.count).
    @discardableResult
    public func attribute(_ name: String, labels: [String] = []) -> Int32 {
        if let a = attributeIndex[name] { return a }
        model.attributes.append(name)
        model.attributeLabels.append(labels)
        let a = Int32(model.attributes.count - 1)
        attributeIndex[name] = a
        return a
    }

    @discardableResult
    public func milestone(_ name: String) -> Int32 {
        if let m = milestoneIndex[name] { return m }
        model.milestones.append(name)
        let m = Int32(model.milestones.count - 1)
        milestoneIndex[name] = m
        return m
    }

    /// A named random stream; the same name always gives the same stream.
    public func stream(_ name: String) -> Int32 {
        if let s = streamIndex[name] { return s }
        model.streams.append(name)
        let s = Int32(model.streams.count - 1)
        streamIndex[name] = s
        return s
    }

    public func distribution(_ d: Distribution) -> Int32 {
        model.distributions.append(d)
        return Int32(model.distributions.count - 1)
    }

    /// A lookup table: one distribution per value of the key attribute.
    public func lookupTable(_ rows: [Distribution]) -> Int32 {
        model.lookupTables.append(rows.map { distribution($0) })
        return Int32(model.lookupTables.count - 1)
    }

    /// Defines a pathway; `body` adds its steps. A pathway that does not end
    /// in `leave` or a jump gets a `leave` appended.
    @discardableResult
    public func pathway(_ name: String, _ body: (PathwayBuilder) throws -> Void) throws -> Int32 {
        let id = Int32(model.pathways.count)
        model.pathways.append(PathwaySpec(name: name, entry: Int32(model.steps.count)))
        let p = PathwayBuilder(builder: self, pathway: id, name: name)
        try body(p)
        try p.finish()
        return id
    }

    /// Steps that belong to pathway `pathway` but are entered separately
    /// (e.g. attributes set by one arrival stream before it joins the
    /// pathway); returns the index of the first step.
    public func entry(for pathway: Int32, name: String, _ body: (PathwayBuilder) throws -> Void) throws -> Int32 {
        let start = Int32(model.steps.count)
        let p = PathwayBuilder(builder: self, pathway: pathway, name: name)
        try body(p)
        try p.finish()
        return start
    }

    /// An arrival stream feeding `pathway`, entering at `entry` (default:
    /// the pathway's first step).
    public func source(_ name: String, pathway: Int32, pattern: ArrivalPattern, limit: Int = .max, entry: Int32? = nil) {
        let s = stream("arrivals/\(name)")
        model.sources.append(ArrivalSource(name: name, pathway: pathway, pattern: pattern, limit: limit, stream: s,
                                           entry: entry ?? model.pathways[Int(pathway)].entry))
    }

    public func poisson(_ name: String, ratePerMinute: Double, pathway: Int32, limit: Int = .max) {
        source(name, pathway: pathway, pattern: .poisson(rate: ratePerMinute), limit: limit)
    }

    @discardableResult
    public func kpi(_ name: String, from: Int32, to: Int32, groupBy: Int32 = -1) -> Int32 {
        model.kpis.append(IntervalKPI(name: name, from: from, to: to, groupBy: groupBy))
        return Int32(model.kpis.count - 1)
    }

    fileprivate func append(_ step: Step, pathway: Int32, label: String) {
        model.steps.append(step)
        model.stepPathway.append(pathway)
        model.stepLabels.append(label)
    }
    fileprivate func replaceSteps(from start: Int, with steps: [Step]) {
        model.steps.replaceSubrange(start..., with: steps)
    }
    fileprivate func addBranch(_ t: BranchTable) -> Int32 {
        model.branchTables.append(t); return Int32(model.branchTables.count - 1)
    }
    fileprivate func addAttributeBranch(_ t: AttributeBranch) -> Int32 {
        model.attributeBranches.append(t); return Int32(model.attributeBranches.count - 1)
    }
    fileprivate func addSeizeGroup(_ g: SeizeGroup) -> Int32 {
        model.seizeGroups.append(g); return Int32(model.seizeGroups.count - 1)
    }
    fileprivate func addPool(_ k: UnitPool) -> Int32 {
        model.pools.append(k); return Int32(model.pools.count - 1)
    }
    fileprivate func addStateBranch(_ t: StateBranch) -> Int32 {
        model.stateBranches.append(t); return Int32(model.stateBranches.count - 1)
    }
    fileprivate func patchStateBranches(_ f: (Int32) -> Int32, from first: Int) {
        for i in first..<model.stateBranches.count {
            model.stateBranches[i].targets = model.stateBranches[i].targets.map(f)
            // Int32.min while building: no `otherwise` (labels are -1, -2 ...).
            let o = model.stateBranches[i].otherwise
            model.stateBranches[i].otherwise = o == Int32.min ? -1 : f(o)
        }
    }
    /// A role (what pooled units are used for); the same name, the same role.
    public func role(_ name: String) -> Int32 {
        if let r = model.roles.firstIndex(of: name) { return Int32(r) }
        model.roles.append(name)
        return Int32(model.roles.count - 1)
    }
    /// A timer that changes waiting patients' priorities (Reprioritise.swift).
    public func reprioritise(_ rule: ReprioritiseRule) { model.reprioritisations.append(rule) }

    fileprivate func addBalk(_ r: BalkRule) -> Int32 {
        model.balkRules.append(r); return Int32(model.balkRules.count - 1)
    }
    fileprivate func patchTables(_ f: (Int32) -> Int32, branches: Range<Int>, attrBranches: Range<Int>, balks: Range<Int>) {
        for i in branches { model.branchTables[i].targets = model.branchTables[i].targets.map(f) }
        for i in attrBranches {
            model.attributeBranches[i].targets = model.attributeBranches[i].targets.map(f)
            model.attributeBranches[i].otherwise = f(model.attributeBranches[i].otherwise)
        }
        for i in balks { model.balkRules[i].target = f(model.balkRules[i].target) }
    }

    /// Checks every index in the model and returns it.
    public func build() throws -> Model {
        try model.validate()
        return model
    }
}

/// Adds the steps of one pathway. Jumps name `Label`s, placed with `place`.
public final class PathwayBuilder {
    private unowned let b: ModelBuilder
    public let pathway: Int32
    public let name: String
    private let start: Int
    private let firstBranch: Int, firstAttrBranch: Int, firstBalk: Int, firstStateBranch: Int
    private var labelPositions: [Int32] = []
    private var counters = 0

    init(builder: ModelBuilder, pathway: Int32, name: String) {
        b = builder
        self.pathway = pathway
        self.name = name
        start = builder.model.steps.count
        firstBranch = builder.model.branchTables.count
        firstAttrBranch = builder.model.attributeBranches.count
        firstBalk = builder.model.balkRules.count
        firstStateBranch = builder.model.stateBranches.count
    }

    /// The index of the next step (relative to the model).
    public var position: Int32 { Int32(b.model.steps.count) }
    public var model: ModelBuilder { b }

    /// A new, not yet placed, label.
    public func label() -> Label {
        labelPositions.append(-1)
        return Label(index: Int32(labelPositions.count - 1))
    }
    /// Places `l` at the next step.
    public func place(_ l: Label) { labelPositions[Int(l.index)] = position }
    /// A label placed at the next step.
    public func here() -> Label { let l = label(); place(l); return l }

    private func add(_ s: Step, _ label: String) { b.append(s, pathway: pathway, label: label) }
    private func streamName(_ given: String?, _ what: String) -> Int32 {
        b.stream(given ?? "\(name)/\(b.model.steps.count - start):\(what)")
    }

    public func seize(_ unit: Int32, amount: Int = 1, priority: Int32 = -1, balkWhenQueueAtLeast limit: Int? = nil, balkTo: Label? = nil) {
        var balk: Int32 = -1
        if let limit {
            let target = balkTo ?? label()
            balk = b.addBalk(BalkRule(queueLimit: limit, target: target.id))
            if balkTo == nil { pendingLeaveLabels.append(target) }
        }
        add(.seize(unit: unit, amount: Int32(amount), priorityAttribute: priority, balk: balk), "seize \(b.model.units[Int(unit)].name)")
    }
    private var pendingLeaveLabels: [Label] = []

    /// Takes all of `units` (unit, amount) at once, or waits for all of
    /// them holding none (MultiSeize.swift). One unit: a plain `seize`.
    public func seizeAll(_ units: [(unit: Int32, amount: Int)], priority: Int32 = -1) {
        if units.count == 1 { return seize(units[0].unit, amount: units[0].amount, priority: priority) }
        let g = b.addSeizeGroup(SeizeGroup(units: units.map(\.unit), amounts: units.map { Int32(clamping: $0.amount) }))
        add(.seizeAll(group: g, priorityAttribute: priority), "seize " + units.map { b.model.units[Int($0.unit)].name }.joined(separator: " + "))
    }

    /// Takes `amount` of one of `units`, chosen by `choice` (Pools.swift),
    /// for `role` (default: the units' names joined by " or "). Returns
    /// the pool, for `releaseAny`.
    @discardableResult
    public func seizeAny(_ units: [Int32], amount: Int = 1, choice: PoolChoice = .firstFree, role: String? = nil, priority: Int32 = -1) -> Int32 {
        let names = units.map { b.model.units[Int($0)].name }
        let r = b.role(role ?? names.joined(separator: " or "))
        let k = b.addPool(UnitPool(units: units, amount: Int32(clamping: amount), choice: choice, role: r))
        add(.seizeAny(pool: k, priorityAttribute: priority), "seize " + names.joined(separator: " or "))
        return k
    }
    /// Emits the seize of step `index` again: the same unit and amount, the
    /// same group (all at once) or pool, the same priority, without
    /// balking. How `initial:` patients take what their pathway holds where
    /// they are placed. Other steps: nothing.
    public func seizeAgain(step index: Int32) {
        let s = b.model.steps[Int(index)], label = b.model.stepLabels[Int(index)]
        switch s {
        case .seize(let u, let amount, let priority, _): add(.seize(unit: u, amount: amount, priorityAttribute: priority, balk: -1), label)
        case .seizeAll, .seizeAny: add(s, label)
        default: break
        }
    }
    /// Gives back what `seizeAny` of pool `pool` took.
    public func releaseAny(_ pool: Int32) {
        add(.releaseAny(pool: pool), "release " + b.model.pools[Int(pool)].units.map { b.model.units[Int($0)].name }.joined(separator: " or "))
    }
    /// Jumps to `targets[k]`, the option whose unit `units[k]` the rule picks
    /// now (StateRouting.swift); `otherwise`: where `firstFree` goes when
    /// none is free (nil: the first option).
    public func branch(byState rule: StateRule, units: [Int32], to targets: [Label], otherwise: Label? = nil) {
        let t = b.addStateBranch(StateBranch(rule: rule, units: units, targets: targets.map(\.id), otherwise: otherwise?.id ?? Int32.min))
        add(.branchOnState(table: t), "branch by \(rule)")
    }

    public func release(_ unit: Int32, amount: Int = 1) {
        add(.release(unit: unit, amount: Int32(amount)), "release \(b.model.units[Int(unit)].name)")
    }
    public func delay(_ d: Distribution, stream: String? = nil, label: String? = nil) {
        let s = streamName(stream, "delay")
        add(.delay(distribution: b.distribution(d), stream: s), label ?? "delay \(d)")
    }
    /// A delay drawn from `rows[Int(key attribute)]` (clamped to the rows).
    public func delay(byAttribute key: Int32, rows: [Distribution], stream: String? = nil, label: String? = nil) {
        let s = streamName(stream, "delay")
        let t = b.lookupTable(rows)
        add(.delayByAttribute(key: key, table: t, stream: s), label ?? "delay by \(b.model.attributes[Int(key)])")
    }
    /// A delay of draw × attribute `scale` + attribute `shift` (-1: none).
    public func delay(_ d: Distribution, scale: Int32, shift: Int32, stream: String? = nil, label: String? = nil) {
        let s = streamName(stream, "delay")
        add(.delayScaled(distribution: b.distribution(d), stream: s, scale: scale, shift: shift), label ?? "delay \(d) scaled")
    }
    public func delayUntilTimeOfDay(_ d: Distribution, stream: String? = nil) {
        let s = streamName(stream, "time-of-day")
        add(.delayUntilTimeOfDay(distribution: b.distribution(d), stream: s), "wait until \(d)")
    }
    /// Jumps to `targets[k]` with probability `probabilities[k]` (summing to 1).
    public func branch(_ probabilities: [Double], to targets: [Label], stream: String? = nil) throws {
        guard probabilities.count == targets.count, !targets.isEmpty else { throw ModelError("branch: one probability per target") }
        guard probabilities.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw ModelError("branch: probabilities must be 0 or more") }
        let total = probabilities.reduce(0, +)
        guard abs(total - 1) < 1e-9 else { throw ModelError("branch: probabilities sum to \(total), expected 1") }
        var cum: [Double] = []
        var acc = 0.0
        for p in probabilities { acc += p; cum.append(acc) }
        cum[cum.count - 1] = 1
        let s = streamName(stream, "branch")
        let t = b.addBranch(BranchTable(cumulative: cum, targets: targets.map(\.id)))
        add(.branch(table: t, stream: s), "branch")
    }
    public func branch(on attribute: Int32, to targets: [Label], otherwise: Label) {
        let t = b.addAttributeBranch(AttributeBranch(targets: targets.map(\.id), otherwise: otherwise.id))
        add(.branchOnAttribute(attribute: attribute, table: t), "branch on \(b.model.attributes[Int(attribute)])")
    }
    public func assign(_ attribute: Int32, _ value: Double) {
        add(.assign(attribute: attribute, value: value), "set \(b.model.attributes[Int(attribute)])")
    }
    public func assign(_ attribute: Int32, sample d: Distribution, stream: String? = nil) {
        let s = streamName(stream, "assign")
        add(.assignSample(attribute: attribute, distribution: b.distribution(d), stream: s), "set \(b.model.attributes[Int(attribute)])")
    }
    public func assign(_ attribute: Int32, lookup rows: [Distribution], key: Int32, stream: String? = nil) {
        let s = streamName(stream, "lookup")
        let t = b.lookupTable(rows)
        add(.assignLookup(attribute: attribute, key: key, table: t, stream: s), "set \(b.model.attributes[Int(attribute)]) from \(b.model.attributes[Int(key)])")
    }
    public func goto(_ l: Label) { add(.goto(l.id), "go to") }
    /// Jumps to an absolute step index (e.g. another pathway's entry).
    public func goto(step: Int32) { add(.goto(step), "go to") }
    /// Runs `body` `times` times in all.
    public func repeatBlock(times: Int, _ body: () throws -> Void) rethrows {
        counters += 1
        let counter = b.attribute("_repeat.\(name).\(counters)")
        let top = here()
        try body()
        add(.loop(counter: counter, times: Int32(times), target: top.id), "repeat \(times)x")
    }
    /// Runs `body` `times` times in all; between passes control goes to
    /// `between` (which must jump back to the returned label, the top of
    /// the block: e.g. after a gap); after the last pass it falls through.
    @discardableResult
    public func repeatBlock(times: Int, betweenPassesGoTo between: Label, _ body: () throws -> Void) rethrows -> Label {
        counters += 1
        let counter = b.attribute("_repeat.\(name).\(counters)")
        let top = here()
        try body()
        add(.loop(counter: counter, times: Int32(times), target: between.id), "repeat \(times)x")
        return top
    }
    public func setPatience(_ d: Distribution, onRenege target: Label, stream: String? = nil) {
        let s = streamName(stream, "patience")
        add(.setPatience(distribution: b.distribution(d), stream: s, target: target.id), "patience \(d)")
    }
    public func cancelPatience() { add(.cancelPatience, "end patience") }
    public func mark(_ milestone: Int32) { add(.mark(milestone: milestone), b.model.milestones[Int(milestone)]) }
    public func leave() { add(.leave, "leave") }
    /// Marks a drop-out: leaving before getting another unit counts as `Outcome.droppedOut`.
    public func dropOut() { add(.dropOut, "drop out") }

    /// Resolves labels into step indices.
    func finish() throws {
        if b.model.steps.count == start || !Self.endsFlow(b.model.steps.last!) { leave() }
        if !pendingLeaveLabels.isEmpty {
            // Balking with no target: leave.
            for l in pendingLeaveLabels { place(l) }
            leave()
        }
        for (i, p) in labelPositions.enumerated() where p < 0 {
            throw ModelError("pathway \(name): label \(i) is used but never placed")
        }
        let f: (Int32) -> Int32 = { $0 >= 0 ? $0 : self.labelPositions[Int(-$0 - 1)] }
        let patched = b.model.steps[start...].map { s -> Step in
            switch s {
            case .goto(let t): return .goto(f(t))
            case .loop(let c, let n, let t): return .loop(counter: c, times: n, target: f(t))
            case .setPatience(let d, let st, let t): return .setPatience(distribution: d, stream: st, target: f(t))
            default: return s
            }
        }
        b.replaceSteps(from: start, with: patched)
        b.patchTables(f, branches: firstBranch..<b.model.branchTables.count,
                      attrBranches: firstAttrBranch..<b.model.attributeBranches.count,
                      balks: firstBalk..<b.model.balkRules.count)
        b.patchStateBranches(f, from: firstStateBranch)
    }

    static func endsFlow(_ s: Step) -> Bool {
        switch s {
        case .leave, .goto, .branch, .branchOnAttribute, .branchOnState: return true
        default: return false
        }
    }
}

