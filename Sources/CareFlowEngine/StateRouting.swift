/// Routing by the state of units: a branch that sends the patient to the
/// option whose unit is least occupied, has the shortest queue, or is the
/// first (in preference order) with a free place. It draws no random
/// numbers and looks only at the units' counts at this instant.
///
/// The rules, with ties broken reproducibly (the same state always gives
/// the same choice):
/// - `leastOccupied`: lowest occupancy, busy / capacity (a unit with
///   capacity 0 counts as fuller than any other); ties: fewer waiting,
///   then the option listed first.
/// - `shortestQueue`: fewest patients waiting; ties: lower occupancy, then
///   the option listed first. For single-server units this is
///   join-the-shortest-queue by number at the unit (waiting + in service).
/// - `firstFree`: the first option whose unit has a free place and nobody
///   waiting; if none has, the `otherwise` target, or without one the
///   first option (where the patient will queue).
/// Options are compared exactly (integer cross-multiplication, no
/// floating point), O(options).
public enum StateRule: UInt8, Sendable, Equatable {
    case leastOccupied = 0, shortestQueue = 1, firstFree = 2
}

public struct StateBranch: Sendable, Equatable {
    public var rule: StateRule
    /// Each option's unit and where it goes (step indices, or labels while
    /// building).
    public var units: [Int32]
    public var targets: [Int32]
    /// Where `firstFree` goes when no unit is free (-1: the first option).
    public var otherwise: Int32
    public init(rule: StateRule, units: [Int32], targets: [Int32], otherwise: Int32 = -1) {
        self.rule = rule
        self.units = units
        self.targets = targets
        self.otherwise = otherwise
    }
}

extension Simulation {
    /// Occupancy of `a` below that of `b` (busy / capacity; capacity 0: full).
    @inline(__always)
    func lessOccupied(_ a: Int, _ b: Int) -> Bool {
        let ca = capacity[a], cb = capacity[b]
        if ca <= 0 || cb <= 0 { return ca > 0 && cb <= 0 }
        return busy[a] * cb < busy[b] * ca
    }

    /// The step a `branchOnState` with table `t` jumps to now.
    func stateBranchTarget(_ t: Int) -> Int {
        let x = features
        let first = Int(x.stateStart[t]), end = Int(x.stateStart[t + 1])
        switch x.stateRule[t] {
        case StateRule.firstFree.rawValue:
            for j in first..<end {
                let u = Int(x.stateUnit[j])
                if queueLength[u] == 0 && busy[u] < capacity[u] { return Int(x.stateTarget[j]) }
            }
            let o = x.stateOtherwise[t]
            return Int(o >= 0 ? o : x.stateTarget[first])
        case StateRule.shortestQueue.rawValue:
            var best = first
            for j in (first + 1)..<Swift.max(first + 1, end) {
                let u = Int(x.stateUnit[j]), b = Int(x.stateUnit[best])
                if queueLength[u] < queueLength[b] || (queueLength[u] == queueLength[b] && lessOccupied(u, b)) { best = j }
            }
            return Int(x.stateTarget[best])
        default:
            var best = first
            for j in (first + 1)..<Swift.max(first + 1, end) {
                let u = Int(x.stateUnit[j]), b = Int(x.stateUnit[best])
                if lessOccupied(u, b) || (!lessOccupied(b, u) && queueLength[u] < queueLength[b]) { best = j }
            }
            return Int(x.stateTarget[best])
        }
    }
}
