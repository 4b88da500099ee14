import CareFlow
import CareFlowExport
import Foundation

/// `careflow export DIR` for a comparison directory: tidy CSV and XLSX.
enum ComparisonExport {
    static func run(dir: String, csv: Bool, xlsx: Bool) throws {
        let cpath = (dir as NSString).appendingPathComponent("comparison.json")
        guard let text = try? String(contentsOfFile: cpath, encoding: .utf8) else {
            throw InputError(message: "\(cpath): cannot read the file; expected comparison.json written by `careflow compare` or `careflow run`")
        }
        let comparison: JSON
        do { comparison = try JSON.parse(text) } catch { throw InputError(message: "\(cpath): \(error); expected the JSON written by `careflow compare`") }
        let rows = ExportTable.rows(comparison: comparison)
        let reps = ExportTable.replicationRows(comparison: comparison)
        var wrote: [String] = []
        if csv {
            try Outputs.write([("comparison.csv", ExportTable.csv(header: ExportTable.header, rows: rows)),
                               ("replications.csv", ExportTable.csv(header: ExportTable.replicationHeader, rows: reps))], into: dir)
            wrote += ["comparison.csv (\(rows.count) rows)", "replications.csv (\(reps.count) rows)"]
        }
        if xlsx {
            let path = (dir as NSString).appendingPathComponent("comparison.xlsx")
            do {
                try XLSX.write([XLSX.Sheet(name: "comparison", header: ExportTable.header, rows: rows),
                                XLSX.Sheet(name: "replications", header: ExportTable.replicationHeader, rows: reps)], to: path)
            } catch { throw InputError(message: "\(path): \(error)") }
            wrote.append("comparison.xlsx")
        }
        print("wrote " + wrote.map { (dir as NSString).appendingPathComponent($0) }.joined(separator: ", "))
    }
}
