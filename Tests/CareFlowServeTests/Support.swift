import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import CareFlowServe

/// A served folder in a temp directory: a small clinic scenario with knobs,
/// a what-if of it, a long-running scenario, and files that try to lead out.
final class TestFolder: @unchecked Sendable {
    let root: String
    let results: String

    static let clinic = """
    name: clinic
    run: {horizon: 20d, warmup: 2d, replications: 2, seed: 11}
    units:
      desk: {capacity: 2, label: Desks, area: ed}
    arrivals:
      walk_in: {pathway: visit, per_day: 300}
    pathways:
      visit:
        area: ed
        steps:
          - milestone: arrived
          - activity: {name: check_in, uses: desk, duration: {exponential: {mean: 8m}}}
          - milestone: done
    kpis:
      wait: {label: Time at the desk, from: arrived, to: done, area: ed}
    inputs:
      desks: {label: Desks, type: integer, sets: units.desk.capacity, min: 1, max: 6, unit: desks}
    """

    /// Almost a hundred years of arrivals (10 million patients): only a stop ends a replication soon.
    static let endless = """
    name: endless
    run: {horizon: 36000d, replications: 4, seed: 1}
    units:
      desk: 2
    arrivals:
      walk_in: {pathway: visit, per_day: 300}
    pathways:
      visit:
        steps:
          - activity: {name: check_in, uses: desk, duration: {exponential: {mean: 8m}}}
    """

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("careflow-serve-\(getpid())-\(UUID().uuidString.prefix(8))").path
        root = base + "/served"
        results = base + "/results"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
        try Self.clinic.write(toFile: root + "/clinic.yaml", atomically: true, encoding: .utf8)
        try Self.endless.write(toFile: root + "/endless.yaml", atomically: true, encoding: .utf8)
        try "extends: clinic.yaml\nname: three-desks\noverrides:\n  units.desk.capacity: 3\n".write(toFile: root + "/three.yaml", atomically: true, encoding: .utf8)
        try Self.clinic.replacingOccurrences(of: "name: clinic", with: "name: secret").write(toFile: base + "/secret.yaml", atomically: true, encoding: .utf8)
        try "extends: ../../secret.yaml\nname: sneaky\n".write(toFile: root + "/sub/sneaky.yaml", atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: root + "/link.yaml", withDestinationPath: base + "/secret.yaml")
    }

    deinit { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }

    func configuration(token: String? = nil) -> ServeConfiguration {
        var c = ServeConfiguration(folder: root, host: "127.0.0.1", port: 0, token: token, resultsFolder: results)
        c.csrfToken = "csrf-test-token-0123456789"
        c.workersPerJob = 1
        return c
    }
}

extension HTTPFields {
    /// What the page sends on a POST.
    static var page: HTTPFields {
        [.contentType: "application/json", HTTPField.Name("X-CareFlow-CSRF")!: "csrf-test-token-0123456789"]
    }
    static var local: HTTPFields { [:] }
}

func json(_ r: TestResponse) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(r.body.readableBytesView))) as? [String: Any] ?? [:]
}

func body(_ s: String) -> ByteBuffer { ByteBuffer(string: s) }

/// Polls a job until it leaves queued/running (bounded: at most `tries` polls 50 ms apart).
func waitForEnd(_ client: some TestClientProtocol, _ id: String, tries: Int = 1200) async throws -> [String: Any] {
    for _ in 0..<tries {
        let s = try await client.execute(uri: "/api/jobs/\(id)", method: .get, headers: .local) { json($0) }
        guard let st = s["state"] as? String else { return s }   // no such job
        if st != "queued", st != "running" { return s }
        try await Task.sleep(nanoseconds: 50_000_000)
    }
    return [:]
}
