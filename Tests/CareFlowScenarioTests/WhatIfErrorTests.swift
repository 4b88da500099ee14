import Testing
import Foundation
@testable import CareFlowScenario

/// `validate` on a what-if: every error at once, at the line the user wrote,
/// never a knock-on error in a base file, steps named as the user named them.
@Suite struct WhatIfErrorTests {
    static func errors(_ overrides: String, extra: String = "") -> [String] {
        let text = "extends: base.yaml\n\(extra)overrides:\n\(overrides)"
        do {
            _ = try compileText(text, file: "t.yaml", directory: Fixtures.path("valid"))
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func everyErrorAtOnceEvenWithAWrongPath() {
        let errs = Self.errors("""
              units.nurze.capacity: 3
              units.doctor.capacity: -3
              pathways.ed.steps[triage].activity.duration: {lognormal: {mean: 5m, sd: -1m}}
            """)
        #expect(errs == [
            "t.yaml:3:3: error: overrides.units.nurze.capacity: no key 'nurze' at 'units' (did you mean 'nurse'?); expected one of nurse, doctor, bed",
            "t.yaml:4:26: error: units.doctor.capacity: -3 is too small; expected a capacity from 0 to 2147483647",
            "t.yaml:5:75: error: pathways.ed.steps[triage].activity.duration.lognormal.sd: must be greater than 0, got -1; expected a valid sd",
        ])
    }

    /// The second override alone makes the probabilities sum to 0.7 (in
    /// base.yaml); with the first path wrong that is a knock-on error.
    @Test func noKnockOnErrorInTheBaseWhenAPathIsWrong() {
        let errs = Self.errors("""
              pathways.ed.steps[disposition].branch.options[admitted].probability: 0.5
              pathways.ed.steps[disposition].branch.options[home].probability: 0.5
            """)
        #expect(errs == [
            "t.yaml:3:3: error: overrides.pathways.ed.steps[disposition].branch.options[admitted].probability: no item 'admitted' in 'pathways.ed.steps[disposition].branch.options'; expected an index from 0 to 1, a label, a step name or an assigned attribute; the items here: admit, home",
        ])
    }

    /// A change that breaks a rule checked on the base's lines: the error is
    /// moved to the value the user wrote, and names the base's place.
    @Test func aKnockOnErrorPointsAtTheChange() {
        let errs = Self.errors("""
              pathways.ed.steps[disposition].branch.options[home].probability: 0.5
            """)
        #expect(errs == [
            "t.yaml:3:68: error: pathways.ed.steps[disposition].branch.options: probabilities sum to 0.7 (at base.yaml:30:13 in the base, after this file's changes); expected probabilities that sum to 1",
        ])
    }

    /// Errors with no change on their key path are put at the `extends`.
    @Test func otherKnockOnErrorsPointAtTheExtends() {
        var errs: [String] = []
        do { _ = try compileText("extends: base.yaml\nattributes:\n  priority: [A, B, C]\n", file: "t.yaml", directory: Fixtures.path("valid")) } catch {
            errs = error.errors.map(\.description)
        }
        #expect(!errs.isEmpty)
        #expect(errs.allSatisfy { $0.hasPrefix("t.yaml:1:10: error: ") && $0.contains("in the base, after this file's changes") }, "\(errs)")
        #expect(errs.first == "t.yaml:1:10: error: arrivals.walk_in.set.priority.categorical: 'P1' is not a category (at base.yaml:20:32 in the base, after this file's changes); expected one of A, B, C")
    }

    /// A base's own errors are reported where they are, with the what-if's.
    @Test func theBasesOwnErrorsStayInTheBase() throws {
        let dir = NSTemporaryDirectory() + "careflow-whatif-errors-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = Fixtures.text(atPath: Fixtures.path("valid/base.yaml")).replacingOccurrences(of: "bed: {capacity: 40, area: ward}", with: "bed: {capacity: -40, area: ward}")
        try base.write(toFile: dir + "/bad-base.yaml", atomically: true, encoding: .utf8)
        try "extends: bad-base.yaml\noverrides:\n  units.nurse.capacity: -1\n".write(toFile: dir + "/w.yaml", atomically: true, encoding: .utf8)
        do {
            _ = try ScenarioCompiler.compile(file: dir + "/w.yaml")
            Issue.record("compiled")
        } catch {
            #expect(error.errors.map { $0.description.replacingOccurrences(of: dir + "/", with: "") } == [
                "w.yaml:3:25: error: units.nurse.capacity: -1 is too small; expected a capacity from 0 to 2147483647",
                "bad-base.yaml:14:19: error: units.bed.capacity: -40 is too small; expected a capacity from 0 to 2147483647",
            ])
        }
    }

    /// Through the command line: exit status 2 and the same lines.
    @Test func validateExitsWithStatus2() throws {
        guard let bin = Self.careflow else { return }   // built with the tests (swift build --build-tests)
        let dir = NSTemporaryDirectory() + "careflow-whatif-cli-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Fixtures.text(atPath: Fixtures.path("valid/base.yaml")).write(toFile: dir + "/base.yaml", atomically: true, encoding: .utf8)
        try """
            extends: base.yaml
            overrides:
              units.nurze.capacity: 3
              pathways.ed.steps[triage].activity.duration: {lognormal: {mean: 5m, sd: -1m}}

            """.write(toFile: dir + "/w.yaml", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin)
        p.arguments = ["validate", "w.yaml"]
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        let err = Pipe()
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        p.standardError = err
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 2)
        #expect(text.split(separator: "\n").map(String.init) == [
            "w.yaml:3:3: error: overrides.units.nurze.capacity: no key 'nurze' at 'units' (did you mean 'nurse'?); expected one of nurse, doctor, bed",
            "w.yaml:4:75: error: pathways.ed.steps[triage].activity.duration.lognormal.sd: must be greater than 0, got -1; expected a valid sd",
        ])
    }

    /// The careflow binary next to the test bundle, or $CAREFLOW_BIN.
    static var careflow: String? {
        if let p = ProcessInfo.processInfo.environment["CAREFLOW_BIN"], FileManager.default.isExecutableFile(atPath: p) { return p }
        var dir = ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0] as String).parentPath
        for _ in 0..<4 {
            let c = (dir as NSString).appendingPathComponent("careflow")
            if FileManager.default.isExecutableFile(atPath: c) { return c }
            dir = dir.parentPath
        }
        return nil
    }
}
