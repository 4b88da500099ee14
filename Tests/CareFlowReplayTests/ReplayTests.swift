import CareFlowAnalysis
import CareFlowScenario
import Foundation
import Testing
@testable import CareFlowReplay

/// A small model with everything that changes counts: a daily shift
/// schedule, priorities with preemption, reneging and balking, a unit held
/// while queueing for the next (boarding), and a categorical colour
/// attribute assigned mid-pathway.
let testScenario = """
name: replay-test
title: "Replay <test> & co"
run: {horizon: 3d, warmup: 0d, seed: 7}
attributes:
  level: [urgent, routine]
units:
  corridor: {capacity: 0, area: ed}   # seized by no patient in practice: left out of the picture
  nurse:
    label: "Nurses <b>"
    area: ed
    schedule:
      repeat: daily
      changes:
        - {at: "08:00", capacity: 2}
        - {at: "20:00", capacity: 1}
  doctor: {capacity: 2, preemptive: true, area: ed}
  bed: {capacity: 3, area: ward}
  clinic: {capacity: 1, area: primary_care}
arrivals:
  walk_in: {pathway: ed, per_hour: 5}
  referral: {pathway: gp, per_hour: 1}
pathways:
  ed:
    steps:
      - patience: {duration: {exponential: {mean: 2h}}}
      - activity: {name: triage, uses: nurse, duration: {exponential: {mean: 10m}}}
      - assign: {level: {categorical: {urgent: 0.3, routine: 0.7}}}
      - seize: {unit: doctor, priority: level}
      - end_patience
      - delay: {exponential: {mean: 20m}}
      - branch:
          - probability: 0.3
            steps:
              - seize: bed
              - release: doctor
              - delay: {exponential: {mean: 10h}}
              - release: bed
          - probability: 0.7
            steps:
              - release: doctor
          - probability: 0
            steps:
              - release: doctor
              - seize: corridor
              - release: corridor
  gp:
    steps:
      - seize: {unit: clinic, balk: {when_queue_at_least: 2}}
      - delay: 50m
      - release: clinic
"""

func compileTest(_ text: String = testScenario) throws -> CompiledScenario {
    try ScenarioCompiler.compile(ScenarioLoader.load(text: text, file: "t.yaml"))
}

/// Counts (waiting, in service, capacity) per unit name at each of the
/// (sorted) times, from a CSV trace (`careflow run --trace`): the
/// independent derivation, in one sweep.
func traceCounts(_ rows: [[String]], units: [String], capacity0: [String: Int], at times: [Double]) -> [[String: [Int]]] {
    var c = Dictionary(uniqueKeysWithValues: units.map { ($0, [0, 0, capacity0[$0] ?? 0]) })
    var waiting: [String: String] = [:]
    var out: [[String: [Int]]] = [], k = 0
    for t in times {
        while k < rows.count, let time = Double(rows[k][0]), time <= t {
            let r = rows[k], p = r[1], u = r[4], e = r[5]
            k += 1
            guard c[u] != nil else { continue }
            switch e {
            case "wait": c[u]![0] += 1; waiting[p] = u
            case "seize", "resume":   // resume: the unit got back after preemption
                if waiting[p] == u { c[u]![0] -= 1; waiting[p] = nil }
                c[u]![1] += 1
            case "release": c[u]![1] -= 1
            case "renege": c[u]![0] -= 1; waiting[p] = nil
            default: if e.hasPrefix("capacity "), let v = Int(e.dropFirst(9)) { c[u]![2] = v }
            }
        }
        out.append(c)
    }
    return out
}

/// The same counting rules as the page's Model.apply, over the recorded
/// events (prologue always applied), at each of the sorted times.
func replayCounts(_ p: ReplayPane, at times: [Double]) -> [[String: [Int]]] {
    var c = [Int32: [Int]](), waitAt = [Int32: Int32]()
    let ev = p.events
    var out: [[String: [Int]]] = [], i = 0
    for t in times {
        while i < ev.count && (i < ev.prologue || ev.time[i] <= t) {
            let u = ev.unit[i], q = ev.patient[i]
            switch ReplayEventKind(rawValue: ev.kind[i]) {
            case .wait: c[u, default: [0, 0, 0]][0] += 1; waitAt[q] = u
            case .seize:
                if waitAt[q] == u { c[u, default: [0, 0, 0]][0] -= 1; waitAt[q] = nil }
                c[u, default: [0, 0, 0]][1] += 1
            case .release: c[u, default: [0, 0, 0]][1] -= 1
            case .renege: c[u, default: [0, 0, 0]][0] -= 1; waitAt[q] = nil
            case .capacity: c[u, default: [0, 0, 0]][2] = Int(q)
            default: break
            }
            i += 1
        }
        out.append(Dictionary(uniqueKeysWithValues: p.units.map { ($0.name, c[$0.index] ?? [0, 0, 0]) }))
    }
    return out
}

@Suite struct ReplayRecordingTests {
    @Test func windowDefaultsToTheFirstMondayAfterWarmup() {
        #expect(Replay.firstMonday(after: 0) == 0)
        #expect(Replay.firstMonday(after: 1) == 7)
        #expect(Replay.firstMonday(after: 90 * 1440) == 91)   // day 90 is a Sunday
        #expect(Replay.firstMonday(after: 91 * 1440) == 91)
    }

    /// The prologue (state at the window's start) and every event of the
    /// window give the trace's counts at the start, at every event time of
    /// the window and at 50 random times.
    @Test func countsMatchTheTrace() throws {
        let sc = try compileTest()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("careflow-replay-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("trace.csv").path
        try Tracer.trace(sc, seed: sc.seed, to: path)
        let rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var o = ReplayOptions()
        o.fromDay = 1
        o.hours = 30
        let pane = try Replay.record(sc, options: o)
        #expect(pane.from == 1440 && pane.to == 1440 + 30 * 60)
        // Area order, then pathway order; the corridor (capacity 0, never used) is left out, with its events.
        #expect(pane.units.map(\.name) == ["nurse", "doctor", "bed", "clinic"])
        #expect(Replay.layout(sc, areas: nil).map(\.name).contains("corridor"))
        #expect((try? ReplayPane(json: pane.json)) != nil)
        let names = pane.units.map(\.name)
        let cap0 = Dictionary(uniqueKeysWithValues: sc.model.units.map { ($0.name, $0.capacity) })
        var times = [pane.from]
        times += rows.compactMap { Double($0[0]) }.filter { $0 > pane.from && $0 <= pane.to }
        var x: UInt64 = 20261201                    // 50 reproducible random times (an LCG)
        for _ in 0..<50 {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            times.append(pane.from + Double(x >> 11) / Double(1 << 53) * (pane.to - pane.from))
        }
        times.sort()
        let a = traceCounts(rows, units: names, capacity0: cap0, at: times), b = replayCounts(pane, at: times)
        let mismatches = times.indices.filter { a[$0] != b[$0] }.map { "t=\(times[$0]): trace \(a[$0]) replay \(b[$0])" }
        #expect(times.count > 200)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
        // The model really exercised what it is meant to.
        let kinds = Set(pane.events.kind)
        for k: ReplayEventKind in [.wait, .seize, .release, .renege, .balk, .colour, .capacity] {
            #expect(kinds.contains(k.rawValue), "no \(k) event in the window")
        }
        #expect(pane.events.prologue > 0)
        #expect(pane.colourAttribute == "level" && pane.colourLabels == ["urgent", "routine"])
    }

    @Test func sameInputSamePage() throws {
        let sc = try compileTest()
        var o = ReplayOptions()
        o.fromDay = 1
        let a = ReplayPage.page([try Replay.record(sc, options: o)]), b = ReplayPage.page([try Replay.record(sc, options: o)])
        #expect(a == b)
        o.replication = 1
        #expect(ReplayPage.page([try Replay.record(sc, options: o)]) != a)
    }

    @Test func badRequestsSayWhatIsExpected() throws {
        let sc = try compileTest()
        var o = ReplayOptions()
        o.fromDay = 2.5
        #expect(throws: ReplayError.self) { try Replay.record(sc, options: o) }
        do { _ = try Replay.record(sc, options: o) } catch let e as ReplayError { #expect(e.message.contains("horizon")) }
        o.fromDay = 0
        o.colourBy = "nope"
        do { _ = try Replay.record(sc, options: o); Issue.record("no error") } catch let e as ReplayError {
            #expect(e.message == "--colour-by nope: no such attribute; expected one of the categorical attributes: level")
        }
        o.colourBy = nil
        o.areas = ["imaging"]
        #expect(throws: ReplayError.self) { try Replay.record(sc, options: o) }
    }
}

@Suite struct ReplayPageTests {
    func page() throws -> (ReplayPane, String) {
        var o = ReplayOptions()
        o.fromDay = 1
        o.hours = 6
        let p = try Replay.record(try compileTest(), options: o)
        return (p, ReplayPage.page([p]))
    }

    @Test func textFromTheScenarioIsEscaped() throws {
        let (_, html) = try page()
        #expect(!html.contains("<test>") && html.contains("Replay &lt;test&gt; &amp; co"))
        #expect(!html.contains("Nurses <b>") && html.contains("Nurses &lt;b&gt;"))
        // Inside the JSON data block: no '<' at all, so no way out of the element.
        let data = try #require(html.range(of: "class=\"rp-data\">")).upperBound
        let end = try #require(html.range(of: "</script>", range: data..<html.endIndex)).lowerBound
        #expect(!html[data..<end].contains("<"))
        #expect(html[data..<end].contains("Nurses \\u003cb\\u003e"))
    }

    @Test func onlyItsOwnScriptRunsByHash() throws {
        let (_, html) = try page()
        let csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-\(ReplayPage.scriptHash)'"
        #expect(html.contains("content=\"\(csp)\""))
        #expect(html.contains("<script>\(ReplayPage.script)</script>"))
        #expect(ReplayPage.scriptHash == Data(SHA256.digest(Array(ReplayPage.script.utf8))).base64EncodedString())
        #expect(html.components(separatedBy: "<script>").count == 2)   // one executable script
        #expect(!html.contains("http://") && !html.contains("https://"))
    }

    @Test func paneDataRoundTrips() throws {
        let (p, _) = try page()
        let back = try ReplayPane(json: try JSON.parse(p.json.serialized(pretty: false)))
        #expect(back.json == p.json)
        #expect(back.events.count == p.events.count && back.events.prologue == p.events.prologue)
        #expect(throws: ReplayError.self) { try ReplayPane(json: .object([("format", .string("other"))])) }
    }

    @Test func reportSectionCarriesItsScriptHash() throws {
        let (p, _) = try page()
        let s = ReplayPage.reportSection([p, p])
        #expect(s.id == "replay" && s.scriptHashes == [ReplayPage.scriptHash])
        #expect(s.html.hasPrefix("<section id=\"replay\">") && s.html.hasSuffix("</section>"))
        #expect(s.html.components(separatedBy: "class=\"rp-pane\"").count == 3)
    }

    @Test func triageColoursFollowTheirNames() {
        #expect(Replay.colours(for: ["red", "Orange", "x", "y"]) == ["#C62828", "#EF6C00", "#0072B2", "#D55E00"])
    }
}
