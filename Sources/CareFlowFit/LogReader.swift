import CareFlowCalendar
import Foundation

/// A problem in an event log or a mapping file: where it is, what is wrong,
/// what was expected. The CLI prints it and exits with status 2.
public struct FitInputError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public var expected: String
    public init(file: String, line: Int, column: Int, message: String, expected: String = "") {
        self.file = file; self.line = line; self.column = column; self.message = message; self.expected = expected
    }
    public var description: String {
        "\(file):\(line):\(column): error: \(message)" + (expected.isEmpty ? "" : "; expected \(expected)")
    }
}

/// An event log read into per-patient event lists (docs/event-log.md).
/// Times are minutes from 00:00 of the log's first day.
public struct PatientLog: Sendable {
    public var file: String
    /// The first day of the log (time 0 is its midnight).
    public var startDate: CivilDate
    /// The last timestamp in the log (minutes): the end of observation.
    public var end: Double
    /// The first timestamp (minutes).
    public var first: Double
    /// Event names in order of first appearance.
    public var events: [String]
    /// Attribute column names and each one's values in order of first appearance.
    public var attributes: [String]
    public var labels: [[String]]
    /// Patient ids in order of first appearance.
    public var ids: [String]
    /// Patient p's events are offsets[p] ..< offsets[p + 1] of time/kind/line.
    public var offsets: [Int]
    public var time: [Double]
    public var kind: [Int32]
    /// The file line of each event (for errors found after reading).
    public var line: [Int32]
    /// attribute[p * attributes.count + a]: value index, -1 when missing.
    public var attribute: [Int32]

    public var patientCount: Int { ids.count }
    public var days: Double { max(0, (end - first) / 1440) }

    public func eventIndex(_ name: String) -> Int32? { events.firstIndex(of: name).map(Int32.init) }
    public func attributeIndex(_ name: String) -> Int? { attributes.firstIndex(of: name) }
    public func value(patient p: Int, attribute a: Int) -> Int32 { attribute[p * attributes.count + a] }
    public func range(_ p: Int) -> Range<Int> { offsets[p]..<offsets[p + 1] }
    /// Time of patient p's first event `e`, or nil.
    public func firstTime(_ p: Int, _ e: Int32) -> Double? {
        for k in range(p) where kind[k] == e { return time[k] }
        return nil
    }
}

/// The strict CSV reader of event logs.
public enum LogReader {
    public static func read(file path: String, knownEvents: Set<String>? = nil) throws -> PatientLog {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FitInputError(file: path, line: 0, column: 0, message: "cannot be read", expected: "an event log CSV file")
        }
        return try parse([UInt8](data), file: path, knownEvents: knownEvents)
    }

    /// Parses a log. `knownEvents`: the event names a mapping declares (an
    /// unknown one is an error); nil accepts any.
    public static func parse(_ bytes: [UInt8], file: String, knownEvents: Set<String>? = nil) throws -> PatientLog {
        var p = Parser(bytes: bytes, file: file)
        guard let header = try p.nextRow() else {
            throw FitInputError(file: file, line: 1, column: 1, message: "the file is empty", expected: "a header patient_id,event,timestamp[,attribute columns]")
        }
        let names = header.map { String(decoding: p.bytes[$0.range], as: UTF8.self).trimmingCharacters(in: .whitespaces) }
        let required = ["patient_id", "event", "timestamp"]
        for (i, r) in required.enumerated() where i >= names.count || names[i].lowercased() != r {
            throw FitInputError(file: file, line: 1, column: i < header.count ? header[i].column : 1,
                                message: i < names.count ? "column \(i + 1) is '\(names[i])'" : "the header has \(names.count) columns",
                                expected: "the header to start with patient_id,event,timestamp")
        }
        let attrNames = Array(names.dropFirst(3))
        for (i, a) in attrNames.enumerated() {
            if a.isEmpty { throw FitInputError(file: file, line: 1, column: header[i + 3].column, message: "attribute column \(i + 4) has no name", expected: "a column name") }
            if attrNames[..<i].contains(a) { throw FitInputError(file: file, line: 1, column: header[i + 3].column, message: "column '\(a)' appears twice", expected: "unique column names") }
        }
        let nA = attrNames.count
        var idIndex: [String: Int32] = [:]
        var ids: [String] = []
        var eventIndex: [String: Int32] = [:]
        var events: [String] = []
        var valueIndex = Array(repeating: [String: Int32](), count: nA)
        var labels = Array(repeating: [String](), count: nA)
        var eventBytes = SmallInterner(), valueBytes = Array(repeating: SmallInterner(), count: nA)
        var rowPatient: [Int32] = [], rowTime: [Double] = [], rowKind: [Int32] = [], rowLine: [Int32] = []
        var patientAttr: [Int32] = []
        var lastTime: [Double] = []
        var dateCache: (key: UInt64, day: Int) = (0, 0)
        while let row = try p.nextRow() {
            let line = p.rowLine
            if row.count != names.count {
                let col = row.count > names.count ? row[names.count].column : (row.last.map { $0.column + $0.range.count } ?? 1)
                throw FitInputError(file: file, line: line, column: col, message: "\(row.count) fields in a file with \(names.count) columns",
                                    expected: "\(names.count) comma-separated fields")
            }
            let idText = String(decoding: p.bytes[row[0].range], as: UTF8.self)
            if idText.isEmpty { throw FitInputError(file: file, line: line, column: row[0].column, message: "empty patient_id", expected: "a patient identifier") }
            let ev: Int32
            if let e = eventBytes.find(p.bytes, row[1].range) { ev = e } else if let e = eventIndex[String(decoding: p.bytes[row[1].range], as: UTF8.self)] {
                ev = e; eventBytes.add(p.bytes, row[1].range, e)
            } else {
                let evText = String(decoding: p.bytes[row[1].range], as: UTF8.self)
                if evText.isEmpty { throw FitInputError(file: file, line: line, column: row[1].column, message: "empty event name", expected: "an event name") }
                if let known = knownEvents, !known.contains(evText) {
                    throw FitInputError(file: file, line: line, column: row[1].column, message: "unknown event '\(evText)'",
                                        expected: "one of the mapping's events: \(known.sorted().joined(separator: ", "))")
                }
                ev = Int32(events.count); eventIndex[evText] = ev; events.append(evText)
                eventBytes.add(p.bytes, row[1].range, ev)
            }
            guard let t = timestamp(p.bytes, row[2].range, cache: &dateCache) else {
                throw FitInputError(file: file, line: line, column: row[2].column,
                                    message: "'\(String(decoding: p.bytes[row[2].range], as: UTF8.self))' is not a timestamp",
                                    expected: "a local ISO 8601 time such as 2027-01-31T14:05 or 2027-01-31 14:05:30")
            }
            let pid: Int32
            if let q = idIndex[idText] { pid = q } else {
                pid = Int32(ids.count); idIndex[idText] = pid; ids.append(idText)
                patientAttr.append(contentsOf: repeatElement(-1, count: nA)); lastTime.append(-.infinity)
            }
            if t < lastTime[Int(pid)] {
                throw FitInputError(file: file, line: line, column: row[2].column,
                                    message: "patient '\(idText)': event '\(events[Int(ev)])' at \(String(decoding: p.bytes[row[2].range], as: UTF8.self)) is earlier than the patient's previous event",
                                    expected: "each patient's events in time order")
            }
            lastTime[Int(pid)] = t
            for a in 0..<nA where !row[3 + a].range.isEmpty {
                let r = row[3 + a].range
                let k: Int32
                if let x = valueBytes[a].find(p.bytes, r) { k = x } else {
                    let v = String(decoding: p.bytes[r], as: UTF8.self)
                    if let x = valueIndex[a][v] { k = x } else { k = Int32(labels[a].count); valueIndex[a][v] = k; labels[a].append(v) }
                    valueBytes[a].add(p.bytes, r, k)
                }
                patientAttr[Int(pid) * nA + a] = k
            }
            rowPatient.append(pid); rowTime.append(t); rowKind.append(ev); rowLine.append(Int32(line))
        }
        guard !rowTime.isEmpty else {
            throw FitInputError(file: file, line: 2, column: 1, message: "the log has no events", expected: "one row per patient event")
        }
        // Group rows by patient (counting sort: stable, keeps each patient's file order).
        let n = ids.count
        var offsets = Array(repeating: 0, count: n + 1)
        for q in rowPatient { offsets[Int(q) + 1] += 1 }
        for i in 0..<n { offsets[i + 1] += offsets[i] }
        var fill = offsets
        var time = Array(repeating: 0.0, count: rowTime.count), kind = Array(repeating: Int32(0), count: rowTime.count)
        var lines = Array(repeating: Int32(0), count: rowTime.count)
        var lo = Double.infinity, hi = -Double.infinity
        for r in rowTime.indices {
            let q = Int(rowPatient[r]), k = fill[q]
            fill[q] += 1
            time[k] = rowTime[r]; kind[k] = rowKind[r]; lines[k] = rowLine[r]
            lo = min(lo, rowTime[r]); hi = max(hi, rowTime[r])
        }
        let firstDay = Int((lo / 1440).rounded(.down))
        let shift = Double(firstDay) * 1440
        for k in time.indices { time[k] -= shift }
        return PatientLog(file: file, startDate: CivilDate(dayNumber: firstDay), end: hi - shift, first: lo - shift, events: events,
                          attributes: attrNames, labels: labels, ids: ids, offsets: offsets, time: time, kind: kind, line: lines,
                          attribute: patientAttr)
    }

    /// Minutes since 1970-01-01 00:00 of "YYYY-MM-DD[T| ]HH:MM[:SS[.f...]]", or nil.
    static func timestamp(_ b: [UInt8], _ r: Range<Int>, cache: inout (key: UInt64, day: Int)) -> Double? {
        let n = r.count
        guard n >= 16 else { return nil }
        let s = r.lowerBound
        func digit(_ i: Int) -> Int? { let c = b[s + i]; return c >= 48 && c <= 57 ? Int(c - 48) : nil }
        func two(_ i: Int) -> Int? { guard let a = digit(i), let c = digit(i + 1) else { return nil }; return a * 10 + c }
        guard b[s + 4] == 45, b[s + 7] == 45, b[s + 10] == 84 || b[s + 10] == 32, b[s + 13] == 58 else { return nil }
        var key: UInt64 = 0
        for i in 0..<10 { key = key << 6 | UInt64(b[s + i] & 63) }
        let day: Int
        if key == cache.key { day = cache.day } else {
            guard let y1 = two(0), let y2 = two(2), let mo = two(5), let d = two(8),
                  let date = CivilDate(year: y1 * 100 + y2, month: mo, day: d) else { return nil }
            day = date.dayNumber
            cache = (key, day)
        }
        guard let h = two(11), h < 24, let m = two(14), m < 60 else { return nil }
        var sec = 0.0
        if n > 16 {
            guard n >= 19, b[s + 16] == 58, let ss = two(17), ss < 60 else { return nil }
            sec = Double(ss)
            if n > 19 {
                guard b[s + 19] == 46, n > 20 else { return nil }
                var scale = 0.1
                for i in 20..<n {
                    guard let dd = digit(i) else { return nil }
                    sec += Double(dd) * scale; scale /= 10
                }
            }
        }
        return Double(day) * 1440 + Double(h * 60 + m) + sec / 60
    }
}

/// Names already seen, by their bytes: a few short names are found by
/// comparing bytes faster than by making a String and hashing it.
struct SmallInterner {
    var names: [[UInt8]] = []
    var ids: [Int32] = []
    func find(_ b: [UInt8], _ r: Range<Int>) -> Int32? {
        for (i, n) in names.enumerated() where n.count == r.count && n.elementsEqual(b[r]) { return ids[i] }
        return nil
    }
    mutating func add(_ b: [UInt8], _ r: Range<Int>, _ id: Int32) {
        if names.count < 32 { names.append(Array(b[r])); ids.append(id) }
    }
}

/// A field: its bytes (quotes removed; doubled quotes kept as-is only when
/// absent) and its 1-based column on the line.
struct Field {
    var range: Range<Int>
    var column: Int
}

/// RFC 4180 rows without line breaks inside fields. Quoted fields holding
/// doubled quotes are copied into `scratch` so ranges stay valid.
struct Parser {
    var bytes: [UInt8]
    let file: String
    var pos = 0
    var lineNo = 0
    var rowLine = 0

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }   // UTF-8 byte-order mark
    }

    mutating func nextRow() throws -> [Field]? {
        while true {
            guard pos < bytes.count else { return nil }
            lineNo += 1
            rowLine = lineNo
            let lineStart = pos
            var fields: [Field] = []
            var start = pos
            var i = pos
            var quoted = false
            var end = bytes.count
            while i < bytes.count {
                let c = bytes[i]
                if c == 10 { end = i; break }
                if c == 34 {   // a quoted field
                    guard i == start else {
                        throw FitInputError(file: file, line: lineNo, column: i - lineStart + 1, message: "a quote inside an unquoted field", expected: "the whole field in double quotes")
                    }
                    quoted = true
                    var j = i + 1
                    var write = j
                    while true {
                        guard j < bytes.count, bytes[j] != 10 else {
                            throw FitInputError(file: file, line: lineNo, column: i - lineStart + 1, message: "a quoted field is not closed on its line", expected: "a closing double quote (line breaks inside fields are not supported)")
                        }
                        if bytes[j] == 34 {
                            if j + 1 < bytes.count && bytes[j + 1] == 34 { bytes[write] = 34; write += 1; j += 2; continue }
                            break
                        }
                        bytes[write] = bytes[j]; write += 1; j += 1
                    }
                    fields.append(Field(range: (i + 1)..<write, column: i - lineStart + 1))
                    i = j + 1
                    guard i >= bytes.count || bytes[i] == 44 || bytes[i] == 10 || bytes[i] == 13 else {
                        throw FitInputError(file: file, line: lineNo, column: i - lineStart + 1, message: "text after a closing quote", expected: "a comma or the end of the line")
                    }
                    if i < bytes.count && bytes[i] == 13 { i += 1 }
                    if i < bytes.count && bytes[i] == 44 { i += 1; start = i; quoted = false; continue }
                    end = i < bytes.count ? i : bytes.count
                    start = -1
                    break
                }
                if c == 44 {
                    fields.append(Field(range: start..<i, column: start - lineStart + 1))
                    start = i + 1
                }
                i += 1
            }
            if start >= 0 && !quoted {
                var e = end
                if e > start && bytes[e - 1] == 13 { e -= 1 }
                fields.append(Field(range: start..<max(start, e), column: start - lineStart + 1))
            }
            pos = end + 1
            // An empty line: allowed only at the end of the file.
            if fields.count == 1 && fields[0].range.isEmpty {
                if pos >= bytes.count { return nil }
                throw FitInputError(file: file, line: lineNo, column: 1, message: "an empty line", expected: "a row (empty lines only at the end)")
            }
            return fields
        }
    }
}
