import Foundation
import Testing
@testable import CareFlowFit

/// Bad logs get errors naming file, line and column.
@Suite struct LogReaderTests {
    static let header = "patient_id,event,timestamp,triage_level\n"

    func parse(_ body: String, known: Set<String>? = nil) throws -> PatientLog {
        try LogReader.parse(Array((Self.header + body).utf8), file: "log.csv", knownEvents: known)
    }

    func error(_ body: String, known: Set<String>? = nil) -> FitInputError? {
        do { _ = try parse(body, known: known); return nil } catch let e as FitInputError { return e } catch { return nil }
    }

    @Test func readsPatientsEventsAndAttributes() throws {
        let log = try parse("""
        p1,ed_arrival,2027-01-04T07:30,
        p2,ed_arrival,2027-01-04 07:45:30,
        p1,triage_done,2027-01-04T07:41:15.5,orange
        "p,3",ed_arrival,2027-01-05T00:00,"yel""low"
        p2,triage_done,2027-01-04T08:00,green

        """)
        #expect(log.ids == ["p1", "p2", "p,3"])
        #expect(log.events == ["ed_arrival", "triage_done"])
        #expect(log.startDate.description == "2027-01-04")
        let p1 = log.range(0).map { log.time[$0] }
        #expect(p1.count == 2 && abs(p1[0] - 450) < 1e-6 && abs(p1[1] - (461 + 15.5 / 60)) < 1e-6)
        #expect(log.time[log.range(1).lowerBound] == 465.5)
        #expect(log.labels[0] == ["orange", "yel\"low", "green"])
        #expect(log.value(patient: 0, attribute: 0) == 0)
        #expect(log.value(patient: 2, attribute: 0) == 1)
        #expect(log.end == 1440)
    }

    @Test func unparseableTimestampNamesLineAndColumn() throws {
        let e = try #require(error("p1,ed_arrival,2027-01-04T07:30,\np2,ed_arrival,2027-02-30T07:30,\n"))
        #expect(e.line == 3 && e.column == 15)
        #expect(e.description.hasPrefix("log.csv:3:15: error: '2027-02-30T07:30' is not a timestamp"))
        #expect(error("p1,ed_arrival,04/01/2027 07:30,\n")?.line == 2)
        #expect(error("p1,ed_arrival,2027-01-04T25:00,\n")?.column == 15)
    }

    @Test func eventsOutOfOrderForAPatient() throws {
        let e = try #require(error("p1,ed_arrival,2027-01-04T08:00,\np1,triage_done,2027-01-04T07:59,\n"))
        #expect(e.line == 3 && e.column == 16)
        #expect(e.message.contains("earlier than the patient's previous event"))
    }

    @Test func unknownEventAgainstTheMapping() throws {
        let e = try #require(error("p1,ed_arival,2027-01-04T08:00,\n", known: ["ed_arrival", "triage_done"]))
        #expect(e.line == 2 && e.column == 4)
        #expect(e.message == "unknown event 'ed_arival'")
        #expect(e.expected.contains("ed_arrival, triage_done"))
    }

    @Test func endBeforeStartOfAMappedInterval() throws {
        let log = try parse("p1,triage_done,2027-01-04T08:00,\np1,ed_arrival,2027-01-04T08:10,\n")
        var m = try MappingParser(file: "map.yaml").parse(try YAMLFixture.node("events: [ed_arrival, triage_done]\ndurations:\n  triage_wait: {from: ed_arrival, to: triage_done}\n"))
        m.file = "map.yaml"
        do {
            _ = try FitAnalysis.run(log, m)
            Issue.record("no error")
        } catch let e as FitInputError {
            #expect(e.file == "log.csv" && e.line == 2 && e.column == 4)
            #expect(e.message.contains("'triage_done' comes before 'ed_arrival'"))
        }
    }

    @Test func malformedRows() throws {
        #expect(error("p1,ed_arrival,2027-01-04T08:00\n")?.line == 2)   // 3 fields of 4
        #expect(error("p1,ed_arrival,2027-01-04T08:00,x,y\n")?.column == 34)
        #expect(error("p1,ed_arrival,2027-01-04T08:00,\"open\n")?.message.contains("not closed") == true)
        #expect(error("p1,ed_arrival,2027-01-04T08:00,\n\np2,ed_arrival,2027-01-04T08:00,\n")?.line == 3)
        #expect(error(",ed_arrival,2027-01-04T08:00,\n")?.message == "empty patient_id")
        do {
            _ = try LogReader.parse(Array("id,event,time\n".utf8), file: "h.csv")
            Issue.record("no error")
        } catch let e as FitInputError {
            #expect(e.line == 1 && e.column == 1 && e.expected.contains("patient_id,event,timestamp"))
        }
    }

    @Test func mappingErrorsNameTheirLine() throws {
        do {
            _ = try MappingParser(file: "map.yaml").parse(try YAMLFixture.node("events: [a, b]\ndurations:\n  x: {from: a, to: c}\n"))
            Issue.record("no error")
        } catch let e as FitInputError {
            #expect(e.line == 3)
            #expect(e.message.contains("'c' is not in events"))
        }
    }
}

import CareFlowScenario
enum YAMLFixture {
    static func node(_ text: String) throws -> YNode { try YAMLReader.parse(text, file: "map.yaml") }
}
