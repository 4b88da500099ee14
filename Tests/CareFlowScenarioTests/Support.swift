import Testing
import Foundation
@testable import CareFlowScenario
import CareFlowEngine
import CareFlowAnalysis
import CareFlowRandom

/// Fixtures live next to this file and are found through `#filePath`
/// (no SwiftPM resources).
enum Fixtures {
    static let dir: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    /// The package root (for Scenarios/).
    static let root: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static func path(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }
    static func scenario(_ name: String) -> String { (root as NSString).appendingPathComponent("Scenarios/\(name)") }
    static func text(atPath p: String) -> String { (try? String(contentsOfFile: p, encoding: .utf8)) ?? "" }

    static func yamlFiles(in sub: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path(sub))) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    /// Compiles a fixture by its path relative to Fixtures/.
    static func compile(_ name: String) throws(ScenarioErrors) -> CompiledScenario {
        try ScenarioCompiler.compile(file: path(name))
    }

    /// The error text a fixture gives, with the fixture directory stripped
    /// from file names (so `invalid/x.yaml:3:5: error: ...`); nil if it compiles.
    static func errorText(_ name: String) -> String? {
        do {
            _ = try compile(name)
            return nil
        } catch {
            return error.description.replacingOccurrences(of: dir + "/", with: "")
        }
    }
}

/// Parses and compiles scenario text that is not on disk.
func compileText(_ text: String, file: String = "test.yaml", directory: String = Fixtures.path("valid")) throws(ScenarioErrors) -> CompiledScenario {
    let loaded = try ScenarioLoader.load(text: text, file: file, directory: directory)
    return try ScenarioCompiler.compile(loaded)
}

/// Field-by-field differences between two compiled models (empty: equal).
func modelDifferences(_ a: Model, _ b: Model) -> [String] {
    var out: [String] = []
    func cmp<T: Equatable>(_ name: String, _ x: T, _ y: T) { if x != y { out.append("\(name): \(x) != \(y)") } }
    cmp("steps", a.steps, b.steps)
    cmp("stepPathway", a.stepPathway, b.stepPathway)
    cmp("stepLabels", a.stepLabels, b.stepLabels)
    cmp("units", a.units, b.units)
    cmp("sources", a.sources, b.sources)
    cmp("pathways", a.pathways, b.pathways)
    cmp("distributions.count", a.distributions.count, b.distributions.count)
    for (i, (x, y)) in zip(a.distributions, b.distributions).enumerated() {
        cmp("distributions[\(i)].description", x.description, y.description)
        cmp("distributions[\(i)].mean", x.mean, y.mean)
        cmp("distributions[\(i)].variance", x.variance, y.variance)
    }
    cmp("lookupTables", a.lookupTables, b.lookupTables)
    cmp("branchTables", a.branchTables, b.branchTables)
    cmp("attributeBranches", a.attributeBranches, b.attributeBranches)
    cmp("balkRules", a.balkRules, b.balkRules)
    cmp("streams", a.streams, b.streams)
    cmp("attributes", a.attributes, b.attributes)
    cmp("attributeLabels", a.attributeLabels, b.attributeLabels)
    cmp("milestones", a.milestones, b.milestones)
    cmp("kpis", a.kpis, b.kpis)
    cmp("horizon", a.horizon, b.horizon)
    cmp("warmup", a.warmup, b.warmup)
    return out
}

/// Differences between two compiled scenarios: the model and what reports
/// need (everything but the files they came from).
func scenarioDifferences(_ a: CompiledScenario, _ b: CompiledScenario) -> [String] {
    var out = modelDifferences(a.model, b.model)
    func cmp<T: Equatable>(_ name: String, _ x: T, _ y: T) { if x != y { out.append("\(name): \(x) != \(y)") } }
    cmp("name", a.name, b.name)
    cmp("title", a.title, b.title)
    cmp("replications", a.replications, b.replications)
    cmp("seed", a.seed, b.seed)
    cmp("kpis", a.kpis.map { "\($0)" }, b.kpis.map { "\($0)" })   // NaN targets compare by text
    cmp("units", a.units, b.units)
    cmp("pathways", a.pathways, b.pathways)
    cmp("censuses", a.censuses, b.censuses)
    cmp("collector.censuses", a.collector.censuses, b.collector.censuses)
    cmp("collector.kpiTargets", "\(a.collector.kpiTargets)", "\(b.collector.kpiTargets)")
    cmp("warmupGiven", a.warmupGiven, b.warmupGiven)
    return out
}

/// Records every milestone and departure of every patient (patients are
/// numbered in arrival order, independent of recycled entity ids).
struct MilestoneLog: SimObserver {
    var milestoneNames: [String] = []
    /// times[patient][milestone name] = minutes.
    var times: [[String: Double]] = []
    var reneged: [Bool] = []
    var balked: [Bool] = []
    private var patientOf: [Int32: Int] = [:]

    init() {}
    var observesMilestones: Bool { true }

    mutating func start(model: Model, capacities: [Int]) { milestoneNames = model.milestones }
    mutating func arrived(entity: Int32, pathway: Int32, at time: Double) {
        patientOf[entity] = times.count
        times.append(["arrival": time])
        reneged.append(false)
        balked.append(false)
    }
    mutating func milestone(entity: Int32, milestone: Int32, at time: Double) {
        guard let p = patientOf[entity] else { return }
        times[p][milestoneNames[Int(milestone)]] = time
    }
    mutating func departed(entity: Int32, pathway: Int32, timeInSystem: Double, outcome: Outcome, at time: Double) {
        guard let p = patientOf[entity] else { return }
        times[p]["departure"] = time
        reneged[p] = outcome == .reneged
        balked[p] = outcome == .balked
    }
}

/// Runs one replication of a compiled scenario with `observer`.
func simulate<O: SimObserver>(_ sc: CompiledScenario, _ observer: O, replication: Int = 0) -> Simulation<O> {
    var sim = Simulation(model: sc.model, seed: sc.seed, replication: replication, observer: observer)
    sim.run()
    return sim
}
