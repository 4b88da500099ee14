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

/// `careflow export DIR --xlsx` for a sweep: one tidy sheet with a row per
/// point and KPI (the point's factor values, the KPI's unit, label, target and
/// direction, replications, mean and 95% CI), the same numbers as summary.csv.
enum SweepExport {
    static func header(_ c: SweepContents) -> [String] {
        ["point"] + c.factors.map(\.name) + ["kpi", "unit", "label", "target", "better", "n", "mean", "ci_low", "ci_high"]
    }

    static func rows(_ c: SweepContents) -> [[ExportTable.Cell]] {
        var out: [[ExportTable.Cell]] = []
        for (i, p) in c.points.enumerated() {
            let factors: [ExportTable.Cell] = p.values.map { v in
                switch v {
                case .number(let x): return .number(x)
                case .string(let s): return .text(s)
                case .null: return .text("")
                default: return .text(v.serialized(pretty: false))
                }
            }
            for (k, kpi) in c.kpis.enumerated() {
                guard i < c.cells.count, k < c.cells[i].count, let cell = c.cells[i][k] else { continue }
                out.append([.number(Double(p.id))] + factors + [
                    .text(kpi.name), .text(kpi.unit), .text(kpi.label), .number(kpi.target ?? .nan), .text(kpi.direction ?? ""),
                    .number(Double(cell.n)), .number(cell.mean), .number(cell.ciLow), .number(cell.ciHigh),
                ])
            }
        }
        return out
    }

    /// Writes the workbook; returns the number of data rows.
    static func xlsx(_ c: SweepContents, to path: String) throws -> Int {
        let rows = rows(c)
        do {
            try XLSX.write([XLSX.Sheet(name: "summary", header: header(c), rows: rows)], to: path)
        } catch { throw InputError(message: "\(path): \(error)") }
        return rows.count
    }
}
