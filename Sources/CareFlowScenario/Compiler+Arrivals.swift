import CareFlowCalendar
import CareFlowEngine
import CareFlowRandom

extension Compiler {
    // MARK: Arrivals

    func readArrivals(_ n: YNode?, root: YNode) {
        guard let n else {
            d.error(root, "arrivals", "missing section 'arrivals'", expected: "a mapping of arrival streams")
            return
        }
        guard let pairs = n.pairs, !pairs.isEmpty else {
            d.error(n, "arrivals", "\(n.kindName) holds no arrival streams", expected: "a mapping of arrival stream names to {pathway, per_day ...}")
            return
        }
        for (k, val) in pairs {
            guard let name = v.name(k, "arrivals") else { continue }
            let path = "arrivals.\(name)"
            guard let m = MapReader(val, path, d, expected: "{pathway: NAME, per_day: N, ...}",
                                    allowed: ["pathway", "per_day", "per_hour", "per_minute", "hour_of_day", "day_of_week", "at", "limit", "set", "label"] + Self.calendarArrivalKeys,
                                    required: ["pathway"]) else { continue }
            guard let pn = m["pathway"], let pname = v.name(pn, m.sub("pathway")) else { continue }
            guard let pathway = pathways[pname] else {
                d.error(pn, m.sub("pathway"), "no pathway named '\(pname)'", expected: "one of \(pathways.keys.sorted().joined(separator: ", "))")
                continue
            }
            var limit = Int.max
            if let l = m["limit"] { limit = v.integer(l, m.sub("limit"), min: 1) ?? Int.max }
            let rates = ["per_day", "per_hour", "per_minute"].filter { m[$0] != nil }
            var pattern: ArrivalPattern?
            if let at = m["at"] {
                if !rates.isEmpty { d.error(at, m.sub("at"), "both 'at' and '\(rates[0])'", expected: "either a rate or a list of arrival times") }
                guard let items = at.items, !items.isEmpty else {
                    d.error(at, m.sub("at"), "\(at.kindName) is not a list of times", expected: "a list of arrival times, e.g. [0m, 30m, 1h]")
                    continue
                }
                let times = items.enumerated().compactMap { v.duration($1, "\(m.sub("at"))[\($0)]") }
                guard times.count == items.count else { continue }
                if zip(times, times.dropFirst()).contains(where: { $0 > $1 }) {
                    d.error(at, m.sub("at"), "arrival times go backwards", expected: "arrival times in increasing order")
                    continue
                }
                pattern = .scheduled(times)
            } else {
                guard rates.count == 1, let rn = m[rates[0]] else {
                    d.error(val, path, rates.isEmpty ? "no arrival rate" : "more than one rate", expected: "exactly one of per_day, per_hour, per_minute, or a list 'at'")
                    continue
                }
                guard let r = v.number(rn, m.sub(rates[0]), expected: "a rate of 0 or more") else { continue }
                guard r >= 0 else { d.error(rn, m.sub(rates[0]), "the rate is negative", expected: "a rate of 0 or more"); continue }
                let perMinute = r / (rates[0] == "per_day" ? 1440 : rates[0] == "per_hour" ? 60 : 1)
                guard perMinute * 1440 <= Sizes.maxArrivalsPerDay else {
                    d.error(rn, m.sub(rates[0]), "the rate is more than 10,000,000 arrivals a day", expected: "a rate of at most 10,000,000 a day (\(rates[0] == "per_day" ? "10000000" : rates[0] == "per_hour" ? "416666" : "6944") \(rates[0].replacingOccurrences(of: "_", with: " ")))")
                    continue
                }
                pattern = arrivalPattern(m, perMinute: perMinute)
            }
            guard let pattern else { continue }
            // Attributes set at arrival: an entry stub before the pathway.
            var entry: Int32?
            if let set = m["set"] {
                entry = compileEntry(set, m.sub("set"), pathway: pathway, pathwayName: pname, source: name)
            }
            b.source(name, pathway: pathway, pattern: pattern, limit: limit, entry: entry)
        }
    }

    /// Relative weights (hour of day or day of week); nil default = flat.
    func weights(_ n: YNode?, _ path: String, count: Int) -> [Double]? {
        guard let n else { return Array(repeating: 1, count: count) }
        guard let items = n.items, items.count == count else {
            d.error(n, path, "\(n.kindName) does not have \(count) values", expected: "a list of \(count) relative weights (\(count == 24 ? "hour 0-1 first" : "Monday first"))")
            return nil
        }
        let w = items.enumerated().compactMap { v.number($1, "\(path)[\($0)]", expected: "a weight of 0 or more") }
        guard w.count == count else { return nil }
        if let i = w.firstIndex(where: { $0 < 0 }) { d.error(items[i], "\(path)[\(i)]", "negative weight", expected: "a weight of 0 or more"); return nil }
        guard w.reduce(0, +) > 0 else { d.error(n, path, "all weights are 0", expected: "at least one positive weight"); return nil }
        return w
    }

    func compileEntry(_ set: YNode, _ path: String, pathway: Int32, pathwayName: String, source: String) -> Int32? {
        guard let pairs = set.pairs else {
            d.error(set, path, "\(set.kindName) is not a mapping", expected: "a mapping of attribute names to values")
            return nil
        }
        let entryOfPathway = b.model.pathways[Int(pathway)].entry
        do {
            return try b.entry(for: pathway, name: "\(pathwayName)<-\(source)") { p in
                for (k, val) in pairs {
                    guard let a = attribute(k, path) else { continue }
                    compileAssign(p, attr: a, name: k.string ?? "", val, "\(path).\(k.string ?? "")", stream: "arrivals/\(source)/set/\(k.string ?? "")")
                }
                p.goto(step: entryOfPathway)
            }
        } catch {
            d.error(set, path, "\(error)", expected: "a valid attribute assignment")
            return nil
        }
    }
}
