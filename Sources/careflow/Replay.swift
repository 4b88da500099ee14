import ArgumentParser
import CareFlow
import Foundation

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Animate one simulated day (or any window) of one replication, patient by patient, as a self-contained HTML page.",
        discussion: """
        Every unit is a box with its servers or beds and its queue, grouped by area; patients are dots coloured by an \
        attribute (triage level by default). The state drawn at time t is the simulation's state at t. \
        Default window: 24 hours from the first Monday after the warm-up. Writes FILE (default Results/<scenario>/replay.html).
        """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "Replication to replay (its random streams are those of the same replication in run and compare).")
    var replication: Int = 0

    @Option(name: .customLong("from"), help: "First day of the window (day 0 is the Monday at time 0; default: the first Monday after the warm-up).")
    var fromDay: Double?

    @Option(help: "Length of the window in hours (at most 336).")
    var hours: Double = 24

    @Option(name: [.customLong("colour-by"), .customLong("color-by")], help: "Categorical attribute that colours the patients (default: triage_level, else the first categorical attribute).")
    var colourBy: String?

    @Option(help: "Master seed (default: the scenario's run.seed).")
    var seed: UInt64?

    @Option(help: "Output file (default: Results/<scenario name>/replay.html).")
    var out: String?

    mutating func validate() throws {
        if replication < 0 { throw ValidationError("--replication must be 0 or more") }
        if let d = fromDay, !(d >= 0 && d.isFinite) { throw ValidationError("--from must be a day number, 0 or more") }
        if !(hours > 0 && hours <= 336) { throw ValidationError("--hours must be more than 0 and at most 336") }
    }

    func run() throws {
        let sc = try ScenarioCompiler.compile(file: scenario)
        var o = ReplayOptions()
        o.replication = replication
        o.fromDay = fromDay
        o.hours = hours
        o.colourBy = colourBy
        o.seed = seed
        let pane: ReplayPane
        do { pane = try Replay.record(sc, options: o) } catch let e as ReplayError { throw InputError(message: "\(scenario): \(e.message)") }
        let path = out ?? (defaultOutDir(sc.name) as NSString).appendingPathComponent("replay.html")
        let html = ReplayPage.page([pane])
        try Outputs.replace([((path as NSString).lastPathComponent, html)], in: path.parentPath.isEmpty ? "." : path.parentPath)
        say("\(TerminalText.safe(sc.title)): replication \(replication), \(ReplayPage.window(pane)); \(pane.events.patients) patients, \(pane.events.count) events")
        say("wrote \(path) (\(html.utf8.count / 1024) KB)")
    }
}
