import CareFlowAnalysis
@testable import CareFlowExport
import CareFlowReport
import Foundation
import Testing
import ZIPFoundation

@Suite("Spreadsheet export")
struct XLSXTests {
    static let sheet = XLSX.Sheet(name: "comparison", header: ["scenario", "kpi", "mean"], rows: [
        [.text("baseline & co <1>"), .text("ed_los"), .number(372.123456789012)],
        [.text("ai-triage"), .text("ed_los"), .number(1e-7)],
        [.text("ai-triage"), .text("wait"), .number(.nan)],
    ])

    @Test("the workbook is a ZIP with the OOXML parts, and its numbers read back exactly")
    func roundTrip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("careflow-xlsx-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t.xlsx").path
        try XLSX.write([Self.sheet], to: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        let names = Set(archive.map(\.path))
        #expect(names.isSuperset(of: ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml"]))
        var data = Data()
        guard let entry = archive["xl/worksheets/sheet1.xml"] else { Issue.record("no sheet1"); return }
        _ = try archive.extract(entry) { data.append($0) }
        let xml = String(decoding: data, as: UTF8.self)
        // Text is escaped; numbers are written in a form that parses back to the same Double; NaN is an empty cell.
        #expect(xml.contains("<t>baseline &amp; co &lt;1&gt;</t>"))
        let values = xml.components(separatedBy: "<v>").dropFirst().compactMap { Double($0.components(separatedBy: "</v>")[0]) }
        #expect(values == [372.123456789012, 1e-7])
        #expect(!xml.contains("C4"))
        // No temporary file is left next to it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["t.xlsx"])
    }

    @Test("column letters follow A..Z, AA..")
    func columns() {
        #expect(XLSX.column(0) == "A")
        #expect(XLSX.column(25) == "Z")
        #expect(XLSX.column(26) == "AA")
        #expect(XLSX.column(27) == "AB")
    }

    @Test("KPI keys split into KPI, group and statistic")
    func split() {
        #expect(ExportTable.split("ed_los[orange].mean") == ("ed_los", "orange", "mean"))
        #expect(ExportTable.split("unit.ct.utilisation") == ("unit.ct", "", "utilisation"))
    }

    @Test("CSV quotes text with commas and writes numbers in full precision")
    func csv() {
        let s = ExportTable.csv(header: ["a", "b"], rows: [[.text("x, \"y\""), .number(0.1 + 0.2)], [.text("z"), .number(.nan)]])
        #expect(s == "a,b\r\n\"x, \"\"y\"\"\",0.30000000000000004\r\nz,\r\n")
    }
}
