import CareFlowAnalysis
import CareFlowEngine
import CareFlowScenario
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import CareFlowServe

/// Jobs: a run from knobs gives the numbers `careflow compare` gives on the
/// written what-if file; cancel stops a run that would otherwise take
/// minutes; many requests at once are queued and all answered.
@Suite struct JobTests {
    @Test func knobRunMatchesCompareOnTheWrittenFile() async throws {
        let folder = try TestFolder()
        let app = try buildApplication(configuration: folder.configuration())
        let req = #"{"baseline": "clinic.yaml", "whatIfs": [{"name": "More desks", "settings": {"desks": "3"}}, {"file": "three.yaml"}], "replications": 3, "seed": 5}"#
        try await app.test(.router) { client in
            let id = try await client.execute(uri: "/api/jobs", method: .post, headers: .page, body: body(req)) { r in
                #expect(r.status == .accepted, "\(String(buffer: r.body))")
                return json(r)["id"] as? String ?? ""
            }
            let end = try await waitForEnd(client, id)
            #expect(end["state"] as? String == "done")
            #expect(end["command"] as? String == "careflow compare clinic.yaml more-desks.yaml three.yaml --seed 5 --replications 3")
            let yaml = try await client.execute(uri: "/api/jobs/\(id)/files/more-desks.yaml", method: .get, headers: .local) { r in
                #expect(r.headers[.contentDisposition] == "attachment; filename=\"more-desks.yaml\"")
                return String(buffer: r.body)
            }
            #expect(yaml.contains("extends: \"clinic.yaml\"") && yaml.contains("# Desks: 3 desks (base: 2 desks)") && yaml.contains("\"units.desk.capacity\": 3"))
            // What `careflow compare` does with the downloaded file saved next to the baseline.
            try yaml.write(toFile: folder.root + "/more-desks.yaml", atomically: true, encoding: .utf8)
            let files = ["clinic.yaml", "more-desks.yaml", "three.yaml"].map { folder.root + "/" + $0 }
            let compiled = try files.map { try ScenarioCompiler.compile(file: $0) }
            let results = try Runner.runAll(compiled.map { ($0.model, $0.collector) }, seed: 5, replications: 0..<3, workers: 2)
            let cli = Comparison(scenarios: compiled, results: results, seed: 5)
            // The served run wrote its comparison under the results folder.
            let stored = try JSON.parse(String(contentsOfFile: folder.results + "/\(id)/comparison.json", encoding: .utf8))
            let storedScenarios = stored["scenarios"]?.array ?? []
            #expect(storedScenarios.count == 3)
            for (i, s) in cli.summaries.enumerated() where i < storedScenarios.count {
                #expect(s.estimate("wait.mean") != nil)
                // Same numbers to the last bit (JSON numbers are written round-trip exact).
                #expect(storedScenarios[i]["summary"]?.serialized() == Outputs.summary(compiled[i], seed: 5, summary: s).serialized(), "scenario \(i) equals compare's")
            }
            // The knob what-if and the hand-written one with the same change agree exactly.
            #expect(cli.summaries[1].values == cli.summaries[2].values)
            #expect(cli.summaries[0].values != cli.summaries[1].values)
            // The report, with either scenario as the reference.
            for ref in 0..<3 {
                try await client.execute(uri: "/api/jobs/\(id)/report?reference=\(ref)", method: .get, headers: .local) { r in
                    #expect(r.status == .ok)
                    #expect(r.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                    #expect(String(buffer: r.body).contains("<!DOCTYPE html>"))
                    #expect(r.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
                }
            }
        }
    }

    @Test func stopFlagEndsAReplicationThatWouldRunForHours() throws {
        let sc = try ScenarioCompiler.compile(try ScenarioLoader.load(text: TestFolder.endless, file: "endless.yaml"))
        let stop = StopFlag()
        let t = Thread { Thread.sleep(forTimeInterval: 0.2); stop.set() }
        t.start()
        // Without the flag this replication simulates almost a century (minutes of CPU).
        #expect(throws: RunStopped.self) {
            _ = try Runner.one(model: sc.model, config: sc.collector, seed: 1, replication: 0, limits: RunLimits(stop: stop))
        }
        do {
            _ = try Runner.runAll([(sc.model, sc.collector)], seed: 1, replications: 0..<4, workers: 2, limits: [RunLimits(stop: stop)])
            Issue.record("runAll finished although cancelled")
        } catch let e as RunStopped {
            #expect(e.reason == .cancelled)
        }
    }

    @Test func cancelStopsARunningJob() async throws {
        let folder = try TestFolder()
        let app = try buildApplication(configuration: folder.configuration())
        let req = #"{"baseline": "endless.yaml", "whatIfs": [{"settings": {"units.desk": "3"}}], "replications": 4}"#
        try await app.test(.router) { client in
            let id = try await client.execute(uri: "/api/jobs", method: .post, headers: .page, body: body(req)) { json($0)["id"] as? String ?? "" }
            for _ in 0..<200 {
                let s = try await client.execute(uri: "/api/jobs/\(id)", method: .get, headers: .local) { json($0) }
                if s["state"] as? String == "running" { break }
                try await Task.sleep(nanoseconds: 10_000_000)
            }
            let pressed = Date()
            try await client.execute(uri: "/api/jobs/\(id)/cancel", method: .post, headers: .page) { r in #expect(r.status == .ok) }
            // The run itself would take many minutes. Polled every 5 ms until the job has ended (cancelled means the
            // worker threads returned: the state moves only after Runner.runAll throws).
            var end: [String: Any] = [:]
            for _ in 0..<2000 {
                end = try await client.execute(uri: "/api/jobs/\(id)", method: .get, headers: .local) { json($0) }
                if end["state"] as? String != "running" { break }
                try await Task.sleep(nanoseconds: 5_000_000)
            }
            let stopped = Date().timeIntervalSince(pressed)
            // The issue's bound is 1 s for the shipped (release) binary: the workers check the stop flag every
            // RunLimits.checkInterval (65,536) events, about 20 ms of simulation in release. An unoptimised debug
            // build runs the engine some 50-100 times slower per event (and the suites share two cores here), so
            // there the same check interval takes seconds; the bound scales with it rather than being dropped.
            #if DEBUG
            let bound = 30.0
            #else
            let bound = 1.0
            #endif
            #expect(stopped < bound, "cancel took \(stopped) s")
            #expect(end["state"] as? String == "cancelled")
            #expect(end["done"] as? Int == 0)
            try await client.execute(uri: "/api/jobs/\(id)/report", method: .get, headers: .local) { r in #expect(r.status == .notFound) }
        }
    }

    @Test func fiftyConcurrentRunRequestsAreQueuedAndAnswered() async throws {
        let folder = try TestFolder()
        var config = folder.configuration()
        config.concurrency = 2
        config.maxJobsInMemory = 100
        let app = try buildApplication(configuration: config)
        try await app.test(.live) { client in
            let ids = try await withThrowingTaskGroup(of: (Int, String, Int).self) { group in
                for i in 0..<50 {
                    group.addTask {
                        let req = #"{"baseline": "clinic.yaml", "whatIfs": [{"settings": {"desks": "\#(1 + i % 5)"}}], "replications": 1, "seed": \#(i)}"#
                        return try await client.execute(uri: "/api/jobs", method: .post, headers: .page, body: body(req)) { r in
                            (r.status.code, json(r)["id"] as? String ?? "", json(r)["position"] as? Int ?? -1)
                        }
                    }
                }
                var out: [(Int, String, Int)] = []
                for try await x in group { out.append(x) }
                return out
            }
            #expect(ids.count == 50)
            #expect(ids.allSatisfy { $0.0 == 202 && !$0.1.isEmpty })
            #expect(Set(ids.map(\.1)).count == 50)
            #expect(ids.contains { $0.2 > 1 }, "later requests wait with their place shown")
            for (_, id, _) in ids {
                let end = try await waitForEnd(client, id)
                #expect(end["state"] as? String == "done", "\(id)")
            }
        }
    }
}
