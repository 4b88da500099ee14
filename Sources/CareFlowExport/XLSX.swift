import CareFlowReport
import Foundation
import ZIPFoundation

/// A minimal Office Open XML workbook (ECMA-376): one worksheet per table,
/// text as inline strings, numbers as numbers (shortest form that reads back
/// to the same Double), the header row bold and frozen. The ZIP container is
/// written with ZIPFoundation.
public enum XLSX {
    public struct Sheet: Sendable {
        public var name: String
        public var header: [String]
        public var rows: [[ExportTable.Cell]]
        public init(name: String, header: [String], rows: [[ExportTable.Cell]]) {
            self.name = name; self.header = header; self.rows = rows
        }
    }

    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes the workbook to `path` (through a temporary file, renamed into place).
    public static func write(_ sheets: [Sheet], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        try? FileManager.default.removeItem(at: tmp)
        do {
            let archive: Archive
            do { archive = try Archive(url: tmp, accessMode: .create) } catch {
                throw WriteError(description: "\(path): cannot create the workbook (\(error))")
            }
            for (name, text) in parts(sheets) {
                let data = Data(text.utf8)
                try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                                     provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
            }
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw error
        }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(at: tmp, to: url)
    }

    /// The package parts: name -> XML text.
    static func parts(_ sheets: [Sheet]) -> [(String, String)] {
        let xmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        var ct = xmlHead + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        ct += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        ct += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        ct += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        ct += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        for i in sheets.indices {
            ct += "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        ct += "</Types>"
        let rels = xmlHead + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
        var wb = xmlHead + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
        var wbRels = xmlHead + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for (i, s) in sheets.enumerated() {
            wb += "<sheet name=\"\(xml(String(s.name.prefix(31))))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
            wbRels += "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        wb += "</sheets></workbook>"
        wbRels += "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>"
        let styles = xmlHead + "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
            + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
            + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            + "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/><xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
            + "</styleSheet>"
        var out = [("[Content_Types].xml", ct), ("_rels/.rels", rels), ("xl/workbook.xml", wb), ("xl/_rels/workbook.xml.rels", wbRels), ("xl/styles.xml", styles)]
        for (i, s) in sheets.enumerated() { out.append(("xl/worksheets/sheet\(i + 1).xml", worksheet(s))) }
        return out
    }

    /// "A", "B", ... "Z", "AA" ...
    static func column(_ i: Int) -> String {
        var n = i + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(65 + r)!) + s; n = (n - 1) / 26 }
        return s
    }

    static func worksheet(_ s: Sheet) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        x += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><sheetData>"
        x += "<row r=\"1\">" + s.header.enumerated().map { "<c r=\"\(column($0))1\" t=\"inlineStr\" s=\"1\"><is><t>\(xml($1))</t></is></c>" }.joined() + "</row>"
        for (ri, row) in s.rows.enumerated() {
            let r = ri + 2
            x += "<row r=\"\(r)\">"
            for (ci, cell) in row.enumerated() {
                switch cell {
                case .text(let t): if !t.isEmpty { x += "<c r=\"\(column(ci))\(r)\" t=\"inlineStr\"><is><t>\(xml(t))</t></is></c>" }
                case .number(let v): if v.isFinite { x += "<c r=\"\(column(ci))\(r)\"><v>\(v)</v></c>" }
                }
            }
            x += "</row>"
        }
        return x + "</sheetData></worksheet>"
    }

    static func xml(_ s: String) -> String {
        var o = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            default: if c.value < 0x20 && c != "\n" && c != "\t" { o += " " } else { o.unicodeScalars.append(c) }
            }
        }
        return o
    }
}
