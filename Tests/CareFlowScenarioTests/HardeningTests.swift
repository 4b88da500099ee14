import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import CareFlowScenario

/// Hostile inputs (issue 11, classes 1, 2, 3, 10 and 11): each is refused
/// with a located error, quickly and without a crash.
@Suite struct HardeningTests {
    static func tempDir(_ tag: String) -> String {
        let d = NSTemporaryDirectory() + "careflow-hardening-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    static func errors(_ text: String, file: String = "t.yaml", directory: String = Fixtures.path("valid")) -> [ScenarioError] {
        do { _ = try compileText(text, file: file, directory: directory); return [] } catch { return error.errors }
    }

    // MARK: Class 3: YAML aliases and nesting

    /// The classic "billion laughs": nine levels of nine aliases, 10^9
    /// values from a few hundred bytes. Refused at the first alias, before
    /// anything is expanded (today: minutes of CPU, gigabytes of memory).
    static let laughs: String = {
        var s = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for k in 1..<names.count {
            s += "\(names[k]): &\(names[k]) [" + Array(repeating: "*\(names[k - 1])", count: 9).joined(separator: ",") + "]\n"
        }
        return s
    }()

    @Test func billionLaughsIsRefusedAtTheFirstAlias() {
        let errs = Self.errors(Self.laughs)
        #expect(errs.map(\.description) == ["t.yaml:2:8: error: YAML aliases are not supported; expected the value written out"])
    }

    /// An alias used as a mapping key: Yams hashes keys while composing, so
    /// this hung inside Yams before any of our code ran.
    @Test func aliasAsMappingKeyIsRefused() {
        let errs = Self.errors(Self.laughs + "? *i\n: 1\n")
        #expect(errs.count == 1 && errs[0].message == "YAML aliases are not supported")
    }

    @Test func deepNestingIsRefusedWithALocation() {
        let deep = "name: x\ntitle: " + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + "\n"
        let errs = Self.errors(deep)
        #expect(errs.count == 1)
        #expect(errs.first?.location.line == 2)
        #expect(errs.first?.message.contains("nested more than \(YAMLBounds.maxDepth) deep") == true)
        // At the limit it parses (and fails later, as a title that is not text).
        let ok = "name: x\ntitle: " + String(repeating: "[", count: YAMLBounds.maxDepth - 1) + String(repeating: "]", count: YAMLBounds.maxDepth - 1) + "\n"
        #expect(!Self.errors(ok).contains { $0.message.contains("nested more than") })
    }

    @Test func nodeCountIsBounded() {
        let many = "name: x\nlist: [" + String(repeating: "1,", count: YAMLBounds.maxNodes) + "1]\n"
        let errs = Self.errors(many)
        #expect(errs.count == 1 && errs[0].message.contains("more than \(YAMLBounds.maxNodes) YAML values"))
    }

    // MARK: Class 3: sizes computed from the file

    /// Sub-pathways call each other ten times per level: 10^8 steps from a
    /// small file, refused once the model passes Sizes.maxSteps.
    @Test func subPathwayExpansionIsBounded() {
        var text = ParserTests.skeleton.replacingOccurrences(of: "      - activity: {name: exam, uses: doctor, duration: 20m}\n", with: "      - call: s8\n")
        text += "subpathways:\n  s0: {steps: [{delay: 1m}]}\n"
        for k in 1...8 { text += "  s\(k): {steps: [" + Array(repeating: "{call: s\(k - 1)}", count: 10).joined(separator: ", ") + "]}\n" }
        let errs = Self.errors(text)
        #expect(errs.count == 1)
        #expect(errs.first?.message.contains("grow past \(Sizes.maxSteps) steps") == true)
        #expect(errs.first?.location.file == "t.yaml" && (errs.first?.location.line ?? 0) > 1)
    }

    @Test func replicationsAreBounded() {
        let text = ParserTests.skeleton.replacingOccurrences(of: "run: {horizon: 1d}", with: "run: {horizon: 1d, replications: 9223372036854775807}")
        #expect(Self.errors(text).map(\.description) == [
            "t.yaml:2:34: error: run.replications: 9223372036854775807 is too large; expected a whole number from 1 to \(Sizes.maxReplications)"])
    }

    /// The replay and the engine's observers hold capacities as Int32; a
    /// larger capacity once trapped there.
    @Test func capacitiesFitTheEngine() {
        let text = ParserTests.skeleton.replacingOccurrences(of: "doctor: 2", with: "doctor: 9223372036854775807")
        #expect(Self.errors(text).map(\.description) == [
            "t.yaml:4:11: error: units.doctor: 9223372036854775807 is too large; expected a capacity from 0 to 2147483647"])
        #expect(Self.errors(ParserTests.skeleton.replacingOccurrences(of: "doctor: 2", with: "doctor: 2147483647")).isEmpty)
    }

    @Test func productIsOverflowChecked() {
        #expect(Sizes.product([1000, 1000, 1000]) == 1_000_000_000)
        #expect(Sizes.product([Int.max, 2]) == nil)
        #expect(Sizes.product([1 << 32, 1 << 32]) == nil)
        #expect(Sizes.product([]) == 1)
    }

    // MARK: Class 2: numbers that once trapped when converted

    @Test func numberFormattingForMessagesDoesNotTrap() {
        // Int(_:) of an infinite or huge Double traps; messages format any value.
        #expect(Compiler.fmt(.infinity) == "inf" && Compiler.fmt(1e300) == "1e+300" && Compiler.fmt(3) == "3")
        #expect(Compiler.percent(1e300).hasSuffix("%"))
    }

    // MARK: Class 11: extends chains

    static func chain(_ n: Int, in dir: String) -> String {
        let base = Fixtures.text(atPath: Fixtures.path("valid/base.yaml"))
        _ = FileManager.default.createFile(atPath: dir + "/f0.yaml", contents: Data(base.utf8))
        for k in 1..<n {
            _ = FileManager.default.createFile(atPath: dir + "/f\(k).yaml", contents: Data("extends: f\(k - 1).yaml\nname: f\(k)\n".utf8))
        }
        return dir + "/f\(n - 1).yaml"
    }

    /// A chain far past the limit (4,000 files overflowed the stack of the
    /// recursive resolver; 300 keep the test's file I/O small): a located
    /// error at the `extends` of the 64th file.
    @Test func longExtendsChainIsRefusedWithALocation() {
        let dir = Self.tempDir("chain")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let top = Self.chain(300, in: dir)
        do {
            _ = try ScenarioLoader.load(top)
            Issue.record("a 4,000-file chain loaded")
        } catch {
            #expect(error.errors.count == 1)
            let e = error.errors[0]
            #expect(e.path == "extends" && e.message == "the extends chain is longer than \(ScenarioLoader.maxExtendsDepth) files")
            #expect(e.location.file.hasSuffix("f\(299 - ScenarioLoader.maxExtendsDepth + 1).yaml") && e.location.line == 1)
        }
    }

    @Test func extendsChainAtTheLimitLoads() throws {
        let dir = Self.tempDir("chain64")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let top = Self.chain(ScenarioLoader.maxExtendsDepth, in: dir)
        let loaded = try ScenarioLoader.load(top)
        #expect(loaded.files.count == ScenarioLoader.maxExtendsDepth)
        #expect(loaded.root["name"]?.string == "f\(ScenarioLoader.maxExtendsDepth - 1)")
    }

    // MARK: Class 1: what extends may name

    @Test func extendsOnlyReadsRegularFiles() throws {
        let dir = Self.tempDir("special")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/adir.yaml", withIntermediateDirectories: true)
        #expect(mkfifo(dir + "/fifo.yaml", 0o600) == 0)
        for (target, what) in [("adir.yaml", "is a directory, not a regular file"), ("fifo.yaml", "is a FIFO (named pipe), not a regular file"),
                               ("/dev/zero", "is a device, not a regular file")] {
            let errs = Self.errors("extends: \(target)\nname: x\n", directory: dir)
            #expect(errs.map(\.description) == ["t.yaml:1:10: error: extends: '\(target)' \(what); expected the path of the base scenario, relative to this file"])
        }
    }

    @Test func extendsRefusesFilesOverTheSizeLimit() throws {
        let dir = Self.tempDir("big")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fd = open(dir + "/big.yaml", O_CREAT | O_WRONLY, 0o600)
        #expect(fd >= 0 && ftruncate(fd, off_t(InputFile.maxBytes + 1)) == 0)
        close(fd)
        let errs = Self.errors("extends: big.yaml\nname: x\n", directory: dir)
        #expect(errs.count == 1 && errs[0].location.line == 1 && errs[0].message.contains("more than the limit of \(InputFile.maxBytes)"))
    }

    /// A file that is not a scenario (here one long line of text) is echoed
    /// only as a short excerpt.
    @Test func errorsEchoOnlyAnExcerptOfAFile() throws {
        let dir = Self.tempDir("excerpt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/notes.yaml", contents: Data(String(repeating: "secret ", count: 20_000).utf8))
        let errs = Self.errors("extends: notes.yaml\nname: x\n", directory: dir)
        #expect(errs.count == 1)
        let line = errs.map(\.description).joined()
        #expect(line.count < 300, "\(line.count) characters")
        #expect(line.contains("more characters)"))
    }

    // MARK: Class 10: terminal safety

    @Test func terminalTextEscapesControlsAndDirectionOverrides() {
        #expect(TerminalText.safe("a\u{1B}[2Jb") == "a\\e[2Jb")
        #expect(TerminalText.safe("x\ny\r\tz\u{07}\u{7F}\u{9B}") == "x\\ny\\r\\tz\\x07\\x7F\\x9B")
        #expect(TerminalText.safe("abc\u{202E}txt.exe") == "abc\\u{202E}txt.exe")
        #expect(TerminalText.safeLines("a\nb\u{1B}") == "a\nb\\e")
        #expect(TerminalText.safe("Notaufnahme – Bettenbelegung ä") == "Notaufnahme – Bettenbelegung ä")
    }

    /// A newline inside a value cannot forge a second FILE:LINE:COL line,
    /// and an escape sequence is shown, not obeyed.
    @Test func errorLinesCannotBeForged() {
        let text = ParserTests.skeleton.replacingOccurrences(of: "doctor: 2", with: "doctor: \"2\\nt.yaml:1:1: error: fake\\e[2J\"")
        let errs = Self.errors(text)
        #expect(errs.count >= 1)
        let all = ScenarioErrors(errs).description
        #expect(!all.contains("\u{1B}"))
        #expect(all.split(separator: "\n").count == errs.count)
        #expect(all.contains("the value '2\\nt.yaml:1:1: error: fake\\e[2J'"))
    }

    @Test func errorListsAreCut() {
        let errs = (0..<120).map { ScenarioError(at: SourceLocation(file: "t.yaml", line: $0 + 1, column: 1), path: "p", message: "m", expected: "e") }
        let lines = ScenarioErrors(errs).description.split(separator: "\n")
        #expect(lines.count == ScenarioErrors.maxShown + 1)
        #expect(lines.last == "... and 70 more errors")
    }
}
