import CareFlowRandom

/// Reading numbers, durations and distributions out of located YAML.
struct ValueReader {
    let d: Diagnostics

    /// A plain number: 12, 0.35, 1_000, 1e6.
    func number(_ n: YNode, _ path: String, expected: String = "a number") -> Double? {
        guard let s = n.string, let v = Double(s.replacingOccurrences(of: "_", with: "")), v.isFinite else {
            d.error(n, path, "\(n.kindName) is not a number", expected: expected)
            return nil
        }
        return v
    }

    func integer(_ n: YNode, _ path: String, min: Int = 0, max: Int = .max, expected: String? = nil) -> Int? {
        let exp = expected ?? (max == .max ? "a whole number of at least \(min)" : "a whole number from \(min) to \(max)")
        guard let s = n.string, let v = Int(s.replacingOccurrences(of: "_", with: "")) else {
            d.error(n, path, "\(n.kindName) is not a whole number", expected: exp)
            return nil
        }
        guard v >= min else {
            d.error(n, path, "\(v) is too small", expected: exp)
            return nil
        }
        guard v <= max else {
            d.error(n, path, "\(v) is too large", expected: exp)
            return nil
        }
        return v
    }

    func probability(_ n: YNode, _ path: String) -> Double? {
        guard let v = number(n, path, expected: "a probability between 0 and 1") else { return nil }
        guard v >= 0 && v <= 1 else {
            d.error(n, path, "\(v) is not a probability", expected: "a probability between 0 and 1")
            return nil
        }
        return v
    }

    func bool(_ n: YNode, _ path: String) -> Bool? {
        switch n.string {
        case "true", "True", "TRUE", "yes", "on": return true
        case "false", "False", "FALSE", "no", "off": return false
        default:
            d.error(n, path, "\(n.kindName) is not true or false", expected: "true or false")
            return nil
        }
    }

    /// One of a fixed set of words.
    func choice(_ n: YNode, _ path: String, _ options: [String]) -> String? {
        guard let s = n.string, options.contains(s) else {
            d.error(n, path, n.string.map { "'\($0)' is not allowed" } ?? "\(n.kindName) is not a word", expected: "one of \(options.joined(separator: ", "))")
            return nil
        }
        return s
    }

    func name(_ n: YNode, _ path: String, what: String = "a name") -> String? {
        guard let s = n.string, !s.isEmpty else {
            d.error(n, path, "\(n.kindName) is not a name", expected: what)
            return nil
        }
        return s
    }

    static let maxDuration = 100.0 * 365 * 1440

    static let durationHelp = "a duration such as 45m, 8h, 3d, 1h30m, 90s or 2w (a bare number means minutes)"

    /// Minutes from "45m", "8h", "3d", "1h30m", "90s", "2w", or a bare number (minutes).
    static func parseDuration(_ s: String) -> Double? {
        let t = s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        if let v = Double(t) { return v.isFinite ? v : nil }
        var total = 0.0
        var num = ""
        var sawUnit = false
        for ch in t {
            if ch.isNumber || ch == "." || (ch == "-" && num.isEmpty) { num.append(ch); continue }
            if ch == " " { continue }
            guard let v = Double(num) else { return nil }
            let mult: Double
            switch ch {
            case "s": mult = 1.0 / 60
            case "m": mult = 1
            case "h": mult = 60
            case "d": mult = 1440
            case "w": mult = 10080
            default: return nil
            }
            total += v * mult
            num = ""
            sawUnit = true
        }
        guard num.isEmpty, sawUnit, total.isFinite else { return nil }
        return total
    }

    func duration(_ n: YNode, _ path: String, allowNegative: Bool = false) -> Double? {
        guard let s = n.string, let v = Self.parseDuration(s) else {
            d.error(n, path, "\(n.kindName) is not a duration", expected: Self.durationHelp)
            return nil
        }
        guard allowNegative || v >= 0 else {
            d.error(n, path, "\(s) is negative", expected: "a duration of 0 or more")
            return nil
        }
        // A time of the run (horizon, warm-up, arrival times, gaps) longer
        // than a century is a typo, and would make the run's hourly series
        // endless. (Distribution parameters, which may describe numeric
        // attributes, are not limited here.)
        guard allowNegative || v <= Self.maxDuration else {
            d.error(n, path, "\(s) is more than 100 years", expected: "a duration of at most 100 years (52560000m)")
            return nil
        }
        return v
    }

    /// Minutes after midnight from "08:00" or "8:30".
    static func parseClock(_ s: String) -> Double? {
        let parts = s.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m) else { return nil }
        let v = Double(h * 60 + m)
        return v <= 1440 ? v : nil
    }

    static let distributionKinds = ["fixed", "uniform", "exponential", "normal", "lognormal", "gamma", "erlang",
                                    "weibull", "triangular", "pert", "discrete", "empirical", "poisson", "bernoulli"]

    /// A distribution: a bare duration/number (fixed), or a one-key mapping
    /// such as `lognormal: {mean: 25m, sd: 15m}`. `durations`: parameters
    /// with time units are read as durations (minutes).
    func distribution(_ n: YNode, _ path: String, durations: Bool = true) -> Distribution? {
        if n.string != nil {
            let v = durations ? duration(n, path) : number(n, path)
            guard let v else { return nil }
            return make(n, path) { try .fixed(v) }
        }
        guard let pairs = n.pairs, pairs.count == 1, let kind = pairs[0].key.string else {
            d.error(n, path, "\(n.kindName) is not a distribution",
                    expected: "a fixed value, or one of \(Self.distributionKinds.joined(separator: ", ")) with its parameters, e.g. lognormal: {mean: 25m, sd: 15m}")
            return nil
        }
        let body = pairs[0].value
        let p = "\(path).\(kind)"
        let num: (YNode, String) -> Double? = { node, q in durations ? self.duration(node, q, allowNegative: true) : self.number(node, q) }
        func params(_ names: [String], optional: [String] = []) -> [String: Double]? {
            guard let bp = body.pairs else {
                d.error(body, p, "\(body.kindName) gives no parameters", expected: "a mapping with \(names.joined(separator: ", "))")
                return nil
            }
            var out: [String: Double] = [:]
            var ok = true
            for (k, v) in bp {
                guard let key = k.string, names.contains(key) || optional.contains(key) else {
                    d.error(k, p, "unknown parameter '\(k.string ?? "?")'", expected: "\((names + optional).joined(separator: ", "))")
                    ok = false
                    continue
                }
                if let x = num(v, "\(p).\(key)") { out[key] = x } else { ok = false }
            }
            for name in names where out[name] == nil && ok {
                if bp.contains(where: { $0.key.string == name }) { continue }
                d.error(body, p, "missing parameter '\(name)'", expected: "\(names.joined(separator: ", "))")
                ok = false
            }
            return ok ? out : nil
        }
        switch kind {
        case "fixed":
            guard let v = num(body, p) else { return nil }
            return make(body, p) { try .fixed(v) }
        case "exponential":
            guard let q = params(["mean"]) else { return nil }
            return make(body, p) { try .exponential(mean: q["mean"]!) }
        case "uniform":
            guard let q = params(["min", "max"]) else { return nil }
            return make(body, p) { try .uniform(min: q["min"]!, max: q["max"]!) }
        case "normal":
            guard let q = params(["mean", "sd"], optional: ["min"]) else { return nil }
            return make(body, p) { try .normal(mean: q["mean"]!, sd: q["sd"]!, lower: q["min"]) }
        case "lognormal":
            guard let q = params(["mean", "sd"]) else { return nil }
            return make(body, p) { try .lognormal(mean: q["mean"]!, sd: q["sd"]!) }
        case "gamma":
            guard let bp = body.pairs else { d.error(body, p, "\(body.kindName) gives no parameters", expected: "shape and scale"); return nil }
            var shape: Double?, scale: Double?
            for (k, v) in bp {
                switch k.string {
                case "shape": shape = number(v, "\(p).shape")
                case "scale": scale = num(v, "\(p).scale")
                default: d.error(k, p, "unknown parameter '\(k.string ?? "?")'", expected: "shape, scale"); return nil
                }
            }
            guard let shape, let scale else { if body["shape"] == nil || body["scale"] == nil { d.error(body, p, "missing shape or scale", expected: "shape and scale") }; return nil }
            return make(body, p) { try .gamma(shape: shape, scale: scale) }
        case "erlang":
            guard let bp = body.pairs else { d.error(body, p, "\(body.kindName) gives no parameters", expected: "k and mean"); return nil }
            var k: Int?, mean: Double?
            for (key, v) in bp {
                switch key.string {
                case "k": k = integer(v, "\(p).k", min: 1)
                case "mean": mean = num(v, "\(p).mean")
                default: d.error(key, p, "unknown parameter '\(key.string ?? "?")'", expected: "k, mean"); return nil
                }
            }
            guard let k, let mean else { if body["k"] == nil || body["mean"] == nil { d.error(body, p, "missing k or mean", expected: "k and mean") }; return nil }
            return make(body, p) { try .erlang(k: k, mean: mean) }
        case "weibull":
            guard let bp = body.pairs else { d.error(body, p, "\(body.kindName) gives no parameters", expected: "scale and shape"); return nil }
            var shape: Double?, scale: Double?
            for (key, v) in bp {
                switch key.string {
                case "shape": shape = number(v, "\(p).shape")
                case "scale": scale = num(v, "\(p).scale")
                default: d.error(key, p, "unknown parameter '\(key.string ?? "?")'", expected: "scale, shape"); return nil
                }
            }
            guard let shape, let scale else { if body["shape"] == nil || body["scale"] == nil { d.error(body, p, "missing scale or shape", expected: "scale and shape") }; return nil }
            return make(body, p) { try .weibull(scale: scale, shape: shape) }
        case "triangular":
            guard let q = params(["min", "mode", "max"]) else { return nil }
            return make(body, p) { try .triangular(min: q["min"]!, mode: q["mode"]!, max: q["max"]!) }
        case "pert":
            guard let q = params(["min", "mode", "max"]) else { return nil }
            return make(body, p) { try .pert(min: q["min"]!, mode: q["mode"]!, max: q["max"]!) }
        case "poisson":
            guard let bp = body.pairs, bp.count == 1, bp[0].key.string == "mean" else {
                d.error(body, p, "poisson needs its mean", expected: "poisson: {mean: N}")
                return nil
            }
            guard let m = number(bp[0].value, "\(p).mean") else { return nil }
            // GSL's Poisson sampler counts in 32 bits: for larger means it never returns.
            guard m <= 1e9 else {
                d.error(bp[0].value, "\(p).mean", "\(bp[0].value.string ?? "") is too large", expected: "a mean of at most 1000000000")
                return nil
            }
            return make(body, p) { try .poisson(mean: m) }
        case "bernoulli":
            guard let bp = body.pairs, bp.count == 1, bp[0].key.string == "p", let q = number(bp[0].value, "\(p).p") else {
                d.error(body, p, "bernoulli needs p", expected: "bernoulli: {p: 0.3}")
                return nil
            }
            return make(body, p) { try .bernoulli(p: q) }
        case "discrete", "empirical":
            let second = kind == "discrete" ? "weights" : "cumulative"
            guard let bp = body.pairs, let vs = body["values"]?.items, let ws = body[second]?.items else {
                d.error(body, p, "\(kind) needs values and \(second)", expected: "\(kind): {values: [...], \(second): [...]}")
                return nil
            }
            for (k, _) in bp where k.string != "values" && k.string != second {
                d.error(k, p, "unknown parameter '\(k.string ?? "?")'", expected: "values, \(second)")
                return nil
            }
            let values = vs.enumerated().compactMap { num($1, "\(p).values[\($0)]") }
            let weights = ws.enumerated().compactMap { number($1, "\(p).\(second)[\($0)]") }
            guard values.count == vs.count, weights.count == ws.count else { return nil }
            if kind == "discrete" { return make(body, p) { try .discrete(values: values, weights: weights) } }
            return make(body, p) { try .empirical(values: values, cumulative: weights) }
        default:
            d.error(pairs[0].key, path, "unknown distribution '\(kind)'", expected: "one of \(Self.distributionKinds.joined(separator: ", "))")
            return nil
        }
    }

    private func make(_ n: YNode, _ path: String, _ f: () throws -> Distribution) -> Distribution? {
        do { return try f() } catch let e as DistributionError {
            // Point at the offending parameter when it is written out (the
            // normal's lower bound is written `min`); a message that says
            // what it expected keeps it.
            let param = e.parameter == "lower" ? "min" : e.parameter
            let at = n[param] ?? n
            let parts = e.message.split(separator: "; expected ", maxSplits: 1)
            d.error(at, "\(path).\(param)", parts.count == 2 ? String(parts[0]) : e.message,
                    expected: parts.count == 2 ? String(parts[1]) : "a valid \(param)")
            return nil
        } catch {
            d.error(n, path, "\(error)", expected: "valid parameters")
            return nil
        }
    }
}

/// Checks the keys of a mapping against the allowed ones.
struct MapReader {
    let node: YNode
    let path: String
    let d: Diagnostics
    let pairs: [(key: YNode, value: YNode)]

    init?(_ node: YNode, _ path: String, _ d: Diagnostics, expected: String, allowed: [String], required: [String] = []) {
        guard let p = node.pairs else {
            d.error(node, path, "\(node.kindName) is not a mapping", expected: expected)
            return nil
        }
        self.node = node
        self.path = path
        self.d = d
        self.pairs = p
        for (k, _) in p {
            guard let ks = k.string else {
                d.error(k, path, "a key must be a name", expected: "one of \(allowed.joined(separator: ", "))")
                continue
            }
            if !allowed.contains(ks) {
                let suggestion = Self.closest(ks, allowed).map { " (did you mean '\($0)'?)" } ?? ""
                d.error(k, path.isEmpty ? ks : "\(path).\(ks)", "unknown key '\(ks)'\(suggestion)", expected: "one of \(allowed.joined(separator: ", "))")
            }
        }
        for r in required where node[r] == nil {
            d.error(node, path, "missing key '\(r)'", expected: expected)
        }
    }

    subscript(key: String) -> YNode? { node[key] }
    func sub(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The allowed key nearest to a misspelt one (edit distance at most 2).
    static func closest(_ s: String, _ options: [String]) -> String? {
        func dist(_ a: String, _ b: String) -> Int {
            let x = Array(a), y = Array(b)
            var prev = Array(0...y.count)
            for i in 1...max(1, x.count) where !x.isEmpty {
                var cur = [i] + Array(repeating: 0, count: y.count)
                for j in 1...max(1, y.count) where !y.isEmpty {
                    cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
                }
                prev = cur
            }
            return x.isEmpty ? y.count : (y.isEmpty ? x.count : prev[y.count])
        }
        let best = options.map { ($0, dist(s, $0)) }.min { $0.1 < $1.1 }
        return best.flatMap { $0.1 <= 2 ? $0.0 : nil }
    }
}
