import Testing
@testable import CareFlowEngine
import CareFlowRandom

/// A minimal valid model, changed by `edit` before building.
func buildModel(_ edit: (ModelBuilder, Int32) throws -> Void = { _, _ in }) throws -> Model {
    let b = ModelBuilder()
    let u = b.unit("u", capacity: 1)
    try edit(b, u)
    let p = try servicePathway(b, "p", unit: u, service: 1)
    b.poisson("s", ratePerMinute: 1, pathway: p, limit: 10)
    return try b.build()
}

func expectModelError(_ fragment: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    let error = #expect(throws: ModelError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.message.contains(fragment) == true, "\(String(describing: error)) should mention \(fragment)", sourceLocation: sourceLocation)
}

@Suite("Model validation")
struct ModelValidationTests {
    @Test("a well-formed model builds")
    func validModel() throws {
        _ = try buildModel()
        _ = try BenchmarkModels.b2(warmupDays: 1, days: 1)
    }

    @Test("negative capacity is rejected")
    func negativeCapacity() {
        expectModelError("capacity must be 0 or more") {
            _ = try buildModel { b, _ in b.unit("bad", capacity: -1) }
        }
    }

    @Test("bad capacity schedules are rejected")
    func badSchedules() {
        expectModelError("scheduled capacity must be 0 or more") {
            _ = try buildModel { b, _ in b.unit("bad", capacity: 1, schedule: CapacitySchedule(changes: [(0, 1), (60, -2)], cycle: nil)) }
        }
        expectModelError("schedule times must increase") {
            _ = try buildModel { b, _ in b.unit("bad", capacity: 1, schedule: CapacitySchedule(changes: [(60, 1), (60, 2)], cycle: nil)) }
        }
        expectModelError("within the cycle") {
            _ = try buildModel { b, _ in b.unit("bad", capacity: 1, schedule: CapacitySchedule(changes: [(0, 1), (1440, 2)], cycle: 1440)) }
        }
        expectModelError("within the cycle") {
            _ = try buildModel { b, _ in b.unit("bad", capacity: 1, schedule: CapacitySchedule(changes: [(0, 1)], cycle: 0)) }
        }
    }

    @Test("bad arrival sources are rejected")
    func badSources() {
        expectModelError("rate must be 0 or more") {
            _ = try buildModel { b, _ in
                let p = try b.pathway("q") { $0.leave() }
                b.poisson("neg", ratePerMinute: -1, pathway: p)
            }
        }
        expectModelError("arrival times must be 0 or more and not decrease") {
            _ = try buildModel { b, _ in
                let p = try b.pathway("q") { $0.leave() }
                b.source("back", pathway: p, pattern: .scheduled([5, 3]))
            }
        }
        expectModelError("arrival times must be 0 or more") {
            _ = try buildModel { b, _ in
                let p = try b.pathway("q") { $0.leave() }
                b.source("neg", pathway: p, pattern: .scheduled([-1]))
            }
        }
        expectModelError("empty profile") {
            _ = try buildModel { b, _ in
                let p = try b.pathway("q") { $0.leave() }
                b.source("empty", pathway: p, pattern: .profile(RateProfile(pieceLength: 60, rates: [])))
            }
        }
        expectModelError("rates must be 0 or more") {
            _ = try buildModel { b, _ in
                let p = try b.pathway("q") { $0.leave() }
                b.source("nan", pathway: p, pattern: .profile(RateProfile(pieceLength: 60, rates: [1, .nan])))
            }
        }
    }

    @Test("bad horizons and warm-ups are rejected")
    func badHorizon() {
        expectModelError("horizon must be greater than 0") { _ = try buildModel { b, _ in b.horizon = 0 } }
        expectModelError("warm-up must be 0 or more") { _ = try buildModel { b, _ in b.warmup = -5 } }
        expectModelError("warm-up must end before the horizon") {
            _ = try buildModel { b, _ in b.horizon = 100; b.warmup = 100 }
        }
    }

    @Test("pathway construction errors: unplaced labels and bad branch probabilities")
    func pathwayErrors() {
        expectModelError("never placed") {
            _ = try buildModel { b, _ in
                try b.pathway("q") { p in
                    let nowhere = p.label()
                    p.goto(nowhere)
                }
            }
        }
        expectModelError("sum to") {
            _ = try buildModel { b, _ in
                try b.pathway("q") { p in
                    let a = p.here()
                    try p.branch([0.5, 0.4], to: [a, a])
                }
            }
        }
        expectModelError("one probability per target") {
            _ = try buildModel { b, _ in
                try b.pathway("q") { p in try p.branch([1], to: []) }
            }
        }
    }

    /// Models assembled by hand (as a scenario loader might) with
    /// out-of-range indices.
    @Test("out-of-range indices in hand-made models are rejected")
    func handMadeModels() throws {
        let good = try buildModel()
        func broken(_ fragment: String, _ edit: (inout Model) -> Void) {
            var m = good
            edit(&m)
            expectModelError(fragment) { try m.validate() }
        }
        broken("target out of range") { $0.steps.append(.goto(99)); $0.stepLabels.append("goto") }
        broken("bad operand") { $0.steps[0] = .assign(attribute: 5, value: 1) }
        broken("bad operand") { $0.steps[1] = .seize(unit: 3, amount: 1, priorityAttribute: -1, balk: -1) }
        broken("bad operand") { $0.steps[1] = .seize(unit: 0, amount: 0, priorityAttribute: -1, balk: -1) }
        broken("no such balk rule") { $0.steps[1] = .seize(unit: 0, amount: 1, priorityAttribute: -1, balk: 0) }
        broken("bad operand") { $0.steps[2] = .delay(distribution: 9, stream: 0) }
        broken("no such milestone") { $0.steps[0] = .mark(milestone: 9) }
        broken("runs off the end") { $0.steps[$0.steps.count - 1] = .cancelPatience }
        broken("no steps") { $0.pathways.append(PathwaySpec(name: "empty", entry: 1000)) }
        broken("no such stream") { $0.sources[0].stream = 42 }
        broken("no such pathway") { $0.sources[0].pathway = 7 }
        broken("no such milestone") { $0.kpis.append(IntervalKPI(name: "k", from: 0, to: 5, groupBy: -1)) }
    }
}
