import Foundation
import Testing
@testable import CareFlowAnalysis

/// Names from files become file names only through FileNames (issue 11,
/// class 1): nothing is written outside the output directory.
@Suite struct FileNamesTests {
    @Test func pathLikeNamesBecomeOneComponent() {
        #expect(FileNames.component("../../x") == "_._.._x")
        #expect(FileNames.component("/etc/passwd") == "_etc_passwd")
        #expect(FileNames.component("..") == "_.")
        #expect(FileNames.component(".") == "_")
        #expect(FileNames.component("") == "scenario")
        #expect(FileNames.component("a\u{1B}[2J\nb") == "a__2J_b")
        #expect(FileNames.component("baseline-vs-ai_triage.v2") == "baseline-vs-ai_triage.v2")
        #expect(FileNames.component("Notaufnahme-ä") == "Notaufnahme-ä")
        #expect(FileNames.component("x\u{202E}y") == "x_y")
        let long = FileNames.component(String(repeating: "é", count: 300))
        #expect(long.utf8.count <= FileNames.maxComponentBytes && !long.isEmpty)
        for name in ["../../x", "..", ".", "", "/", "a/../../b", "\u{0}"] {
            let c = FileNames.component(name)
            #expect(FileNames.staysInside(c) && !c.contains("/"), "\(name) -> \(c)")
        }
    }

    @Test func writeRefusesPathsOutsideTheDirectory() throws {
        let dir = NSTemporaryDirectory() + "careflow-filenames-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for bad in ["../x.json", "a/../../x.json", "/tmp/x.json", "", "a//b", "./x"] {
            #expect(throws: FileNames.OutsideOutput.self, "\(bad)") { try Outputs.write([("ok.json", "{}"), (bad, "{}")], into: dir + "/out") }
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.json"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/ok.json"))
        try Outputs.write([("s/summary.json", "{}")], into: dir + "/out")
        #expect(FileManager.default.fileExists(atPath: dir + "/out/s/summary.json"))
    }
}
