import Foundation

/// The sweep report's charts: one KPI against one factor, with 95% CIs.
extension SweepReport {
    // MARK: Charts

    static func distinctNumbers(_ d: SweepReportData, _ f: Int) -> [Double] {
        Array(Set(d.points.compactMap { $0.values[f].number })).sorted()
    }

    static func charts(_ d: SweepReportData, _ t: SweepText) -> String {
        var o = "<h2>\(h(t.s("KPIs versus factors")))</h2>\n"
        let xFactors = d.factors.indices.filter { f in
            d.points.allSatisfy { $0.values[f].number != nil } && distinctNumbers(d, f).count > 1
        }
        guard !xFactors.isEmpty else { return o + "<p class=note>\(h(t.s("No numeric factor with more than one value to chart.")))</p>\n" }
        // KPIs with targets first, then the rest, in the sweep's order.
        let order = d.kpis.indices.filter { d.kpis[$0].target != nil } + d.kpis.indices.filter { d.kpis[$0].target == nil }
        let shownKPIs = Array(order.prefix(maxChartKPIs))
        let grid = d.design.hasPrefix("grid")
        if d.kpis.count > shownKPIs.count {
            o += "<p class=note>" + h(t.lang == "sv" ? "Diagram för \(shownKPIs.count) av \(d.kpis.count) mått (de med mål först); alla mått finns i tabellen nedan och i databasen."
                                                   : "Charts for \(shownKPIs.count) of \(d.kpis.count) KPIs (those with targets first); every KPI is in the table below and in the database.") + "</p>\n"
        }
        if grid {
            o += "<p class=note>\(h(t.s("Each chart varies one factor along the x axis, draws one line per level of a second factor, and holds any other factors at their middle level. Bands: 95% CIs.")))</p>\n"
        } else {
            o += "<p class=note>\(h(t.s("Latin hypercube design: every point is shown against each factor (the other factors vary too); whiskers: 95% CIs.")))</p>\n"
        }
        for k in shownKPIs {
            o += "<h3>\(h(kpiTitle(d.kpis[k], t)))</h3><div class=charts>\n"
            for x in xFactors {
                o += "<div class=chart>" + (grid ? gridChart(d, t, kpi: k, x: x) : scatterChart(d, t, kpi: k, x: x)) + "</div>\n"
            }
            o += "</div>\n"
        }
        return o
    }

    struct Series { var label: String; var pts: [(x: Double, c: SweepReportData.Cell)] }

    static func gridChart(_ d: SweepReportData, _ t: SweepText, kpi k: Int, x: Int) -> String {
        let others = d.factors.indices.filter { $0 != x }
        let varying = others.filter { f in Set(d.points.map { $0.values[f].text }).count > 1 }
        let lineFactor = varying.first
        // Other factors held at their middle level (by order of appearance).
        var fixed: [Int: String] = [:]
        for f in varying where f != lineFactor {
            var levels: [String] = []
            for p in d.points where !levels.contains(p.values[f].text) { levels.append(p.values[f].text) }
            let sortedLevels = levels.sorted { (Double($0) ?? 0, $0) < (Double($1) ?? 0, $1) }
            fixed[f] = sortedLevels[sortedLevels.count / 2]
        }
        var lineLevels: [String] = []
        if let g = lineFactor { for p in d.points where !lineLevels.contains(p.values[g].text) { lineLevels.append(p.values[g].text) } }
        if lineLevels.isEmpty { lineLevels = [""] }
        var series: [Series] = []
        for level in lineLevels.prefix(maxLines) {
            var pts: [(x: Double, c: SweepReportData.Cell)] = []
            for (i, p) in d.points.enumerated() {
                if let g = lineFactor, p.values[g].text != level { continue }
                if fixed.contains(where: { p.values[$0.key].text != $0.value }) { continue }
                guard let xv = p.values[x].number, let c = d.cells[i][k], c.mean.isFinite else { continue }
                pts.append((xv, c))
            }
            pts.sort { $0.x < $1.x }
            series.append(Series(label: lineFactor.map { "\(factorTitle(d.factors[$0])) = \(level)" } ?? d.kpis[k].label, pts: pts))
        }
        var sub = fixed.sorted { $0.key < $1.key }.map { "\(factorTitle(d.factors[$0.key])) = \($0.value)" }.joined(separator: ", ")
        if lineLevels.count > maxLines { sub += (sub.isEmpty ? "" : "; ") + (t.lang == "sv" ? "de första \(maxLines) av \(lineLevels.count) linjerna" : "first \(maxLines) of \(lineLevels.count) lines") }
        return svg(d, t, kpi: k, x: x, series: series, lines: true, subtitle: sub)
    }

    static func scatterChart(_ d: SweepReportData, _ t: SweepText, kpi k: Int, x: Int) -> String {
        var pts: [(x: Double, c: SweepReportData.Cell)] = []
        for (i, p) in d.points.enumerated() {
            guard let xv = p.values[x].number, let c = d.cells[i][k], c.mean.isFinite else { continue }
            pts.append((xv, c))
        }
        pts.sort { $0.x < $1.x }
        return svg(d, t, kpi: k, x: x, series: [Series(label: d.kpis[k].label, pts: pts)], lines: false, subtitle: "")
    }

    static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard hi > lo, lo.isFinite, hi.isFinite else { return [lo] }
        let raw = (hi - lo) / Double(count)
        let mag = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? raw
        var t = (lo / step).rounded(.up) * step
        var out: [Double] = []
        while t <= hi + step * 1e-9 { out.append(t); t += step }
        return out
    }

    static func svg(_ d: SweepReportData, _ t: SweepText, kpi k: Int, x: Int, series: [Series], lines: Bool, subtitle: String) -> String {
        let w = 500.0, hgt = 300.0, ml = 60.0, mr = 16.0, mt = 28.0, mb = 44.0
        let legendH = lines && series.count > 1 ? Double(series.count) * 15 + 6 : 0
        let all = series.flatMap(\.pts)
        guard !all.isEmpty else { return "<p class=note>\(h(factorTitle(d.factors[x]))): \(h(t.s("no values yet"))).</p>" }
        var xs = all.map(\.x), ys = all.flatMap { [$0.c.mean, $0.c.ciLow, $0.c.ciHigh] }.filter(\.isFinite)
        if let target = d.kpis[k].target { ys.append(target) }
        xs.sort()
        var y0 = ys.min() ?? 0, y1 = ys.max() ?? 1
        if y1 - y0 < 1e-12 { y0 -= max(abs(y0) * 0.05, 0.5); y1 += max(abs(y1) * 0.05, 0.5) }
        let pad = (y1 - y0) * 0.06
        y0 -= pad; y1 += pad
        var x0 = xs.first ?? 0, x1 = xs.last ?? 1
        if x1 - x0 < 1e-12 { x0 -= 1; x1 += 1 }
        let xpad = (x1 - x0) * 0.04
        x0 -= xpad; x1 += xpad
        let pw = w - ml - mr, ph = hgt - mt - mb
        func sx(_ v: Double) -> Double { ml + (v - x0) / (x1 - x0) * pw }
        func sy(_ v: Double) -> Double { mt + (1 - (v - y0) / (y1 - y0)) * ph }
        var o = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(hgt + legendH))\" viewBox=\"0 0 \(Int(w)) \(Int(hgt + legendH))\" role=\"img\" aria-label=\"\(h(kpiTitle(d.kpis[k], t))) \(h(t.s("versus"))) \(h(factorTitle(d.factors[x])))\">"
        o += "<text x=\"\(coord(ml))\" y=\"14\" font-weight=\"bold\">\(h(t.s("versus"))) \(h(factorTitle(d.factors[x])))</text>"
        if !subtitle.isEmpty { o += "<text x=\"\(coord(ml))\" y=\"25\" fill=\"#666\">\(h(subtitle))</text>" }
        // Axes and grid.
        for t in ticks(y0, y1) {
            o += "<line x1=\"\(coord(ml))\" x2=\"\(coord(w - mr))\" y1=\"\(coord(sy(t)))\" y2=\"\(coord(sy(t)))\" stroke=\"#eee\"/>"
            o += "<text x=\"\(coord(ml - 4))\" y=\"\(coord(sy(t) + 4))\" text-anchor=\"end\">\(h(tick(t)))</text>"
        }
        let xt = Set(xs).count <= 12 ? Array(Set(xs)).sorted() : ticks(x0, x1)
        for t in xt {
            o += "<line x1=\"\(coord(sx(t)))\" x2=\"\(coord(sx(t)))\" y1=\"\(coord(mt + ph))\" y2=\"\(coord(mt + ph + 4))\" stroke=\"#999\"/>"
            o += "<text x=\"\(coord(sx(t)))\" y=\"\(coord(mt + ph + 16))\" text-anchor=\"middle\">\(h(tick(t)))</text>"
        }
        o += "<rect x=\"\(coord(ml))\" y=\"\(coord(mt))\" width=\"\(coord(pw))\" height=\"\(coord(ph))\" fill=\"none\" stroke=\"#999\"/>"
        o += "<text x=\"\(coord(ml + pw / 2))\" y=\"\(coord(hgt - 8))\" text-anchor=\"middle\">\(h(factorTitle(d.factors[x])))</text>"
        if let target = d.kpis[k].target {
            o += "<line x1=\"\(coord(ml))\" x2=\"\(coord(w - mr))\" y1=\"\(coord(sy(target)))\" y2=\"\(coord(sy(target)))\" stroke=\"#b22\" stroke-dasharray=\"5,4\"/>"
            o += "<text x=\"\(coord(w - mr - 2))\" y=\"\(coord(sy(target) - 3))\" text-anchor=\"end\" fill=\"#b22\">\(h(t.s("target "))) \(h(num(target)))</text>"
        }
        for (si, s) in series.enumerated() {
            let color = palette[si % palette.count]
            if lines {
                let band = s.pts.filter { $0.c.ciLow.isFinite && $0.c.ciHigh.isFinite }
                if band.count > 1 {
                    let up = band.map { "\(coord(sx($0.x))),\(coord(sy($0.c.ciHigh)))" }
                    let down = band.reversed().map { "\(coord(sx($0.x))),\(coord(sy($0.c.ciLow)))" }
                    o += "<polygon points=\"\((up + down).joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.15\" stroke=\"none\"/>"
                }
                if s.pts.count > 1 {
                    o += "<polyline points=\"\(s.pts.map { "\(coord(sx($0.x))),\(coord(sy($0.c.mean)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>"
                }
                for p in s.pts {
                    o += "<circle cx=\"\(coord(sx(p.x)))\" cy=\"\(coord(sy(p.c.mean)))\" r=\"3\" fill=\"\(color)\"><title>\(h(s.label)): \(h(factorTitle(d.factors[x]))) = \(h(num(p.x))): \(h(num(p.c.mean))) (\(h(num(p.c.ciLow)))–\(h(num(p.c.ciHigh))))</title></circle>"
                }
            } else {
                for p in s.pts {
                    if p.c.ciLow.isFinite {
                        o += "<line x1=\"\(coord(sx(p.x)))\" x2=\"\(coord(sx(p.x)))\" y1=\"\(coord(sy(p.c.ciLow)))\" y2=\"\(coord(sy(p.c.ciHigh)))\" stroke=\"\(color)\" stroke-opacity=\"0.5\"/>"
                    }
                    o += "<circle cx=\"\(coord(sx(p.x)))\" cy=\"\(coord(sy(p.c.mean)))\" r=\"2.5\" fill=\"\(color)\"><title>\(h(num(p.x))): \(h(num(p.c.mean)))</title></circle>"
                }
            }
        }
        if lines && series.count > 1 {
            for (si, s) in series.enumerated() {
                let y = hgt + Double(si) * 15 + 8
                o += "<rect x=\"\(coord(ml))\" y=\"\(coord(y - 8))\" width=\"14\" height=\"8\" fill=\"\(palette[si % palette.count])\"/>"
                o += "<text x=\"\(coord(ml + 20))\" y=\"\(coord(y))\">\(h(s.label))</text>"
            }
        }
        return o + "</svg>"
    }

}
