import CareFlowAnalysis
import Dispatch

/// HTML pieces of a comparison report, for pages that embed the report
/// (workbench, replay): the same renderer as report.html.
public struct ReportFragments: Sendable {
    public var language: ReportLanguage
    public var title: String
    /// The scorecard table (section#scorecard), or "" without headline measures.
    public var scorecard: String
    /// The short summary per what-if (section#summary).
    public var summary: String
    /// The detailed sections in order (charts and tables), each a <section>.
    public var sections: [(id: String, title: String, html: String)]
    /// The SVG pattern/marker definitions the charts refer to; include once per page.
    public var chartDefs: String
    /// The report's stylesheet (no external resources).
    public var css: String
}

/// The self-contained HTML report comparing scenarios: one file, inline CSS
/// and SVG, no scripts and no external resources, deterministic output.
public enum HTMLReport {
    /// Renders report.html from comparison.json and series.json; the language
    /// defaults to the reference scenario's `report.lang`, else English.
    /// `extra` sections (e.g. the replay) go before the method section.
    public static func render(comparison: JSON, series: JSON, language: ReportLanguage? = nil, extra: [PageSection] = []) -> String {
        let lang = language ?? defaultLanguage(comparison)
        return ReportLanguage.$current.withValue(lang) { page(ReportData(comparison: comparison, series: series), extra: extra) }
    }

    /// The report's pieces as HTML fragments (same renderer as `render`).
    public static func fragments(comparison: JSON, series: JSON, language: ReportLanguage? = nil) -> ReportFragments {
        let lang = language ?? defaultLanguage(comparison)
        return ReportLanguage.$current.withValue(lang) {
            let d = ReportData(comparison: comparison, series: series)
            return ReportFragments(language: lang, title: title(d), scorecard: Scorecard.render(d), summary: Summary.render(d),
                                   sections: detailSections(d), chartDefs: Chart.defs, css: css)
        }
    }

    /// The stylesheet of the report, for pages that embed its fragments.
    public static var stylesheet: String { css }

    static func defaultLanguage(_ c: JSON) -> ReportLanguage {
        let base = c["baseline"]?.string
        let sc = (c["scenarios"]?.array ?? []).first { $0["name"]?.string == base } ?? c["scenarios"]?.array?.first
        return ReportLanguage(rawValue: sc?["meta"]?["lang"]?.string ?? "") ?? .en
    }

    static func detailSections(_ d: ReportData) -> [(id: String, title: String, html: String)] {
        var out = sections(d)
        // The key to the comparison tables once, under the first table.
        let key = Table.key
        var seen = false
        for i in out.indices {
            guard let r = out[i].html.literalRange(of: key) else { continue }
            let head = seen ? out[i].html[..<r.lowerBound] : out[i].html[..<r.upperBound]
            out[i].html = head + out[i].html[r.upperBound...].replacingAll(key, with: "")
            seen = true
        }
        return out
    }

    /// The detailed sections, rendered side by side on the machine's cores
    /// (a report is written in the serial part of a run, after the
    /// replications). Each section is a pure function of the data and the
    /// language, so the page is the one a serial loop writes.
    static func sections(_ d: ReportData) -> [(id: String, title: String, html: String)] {
        let parts: [(id: String, title: String, render: @Sendable (ReportData) -> String)] = [
            ("ed", tr("Emergency department"), Sections.ed),
            ("imaging", tr("Imaging"), Sections.imaging),
            ("wards", tr("Wards"), Sections.wards),
            ("primary-care", tr("Primary care"), Sections.primaryCare),
            ("utilisation", tr("Utilisation"), Sections.utilisation),
            ("calendar", tr("Seasons and months"), CalendarSection.render),
            ("pathways", tr("Pathway diagrams"), Diagram.render),
            ("method", tr("Method"), Method.render),
        ]
        // The language is a task-local value: the worker threads get it explicitly.
        let lang = ReportLanguage.current
        var html = [String](repeating: "", count: parts.count)
        html.withUnsafeMutableBufferPointer { buf in
            // Disjoint slots, one per section; the data is only read.
            nonisolated(unsafe) let slots = buf
            DispatchQueue.concurrentPerform(iterations: parts.count) { k in
                slots[k] = ReportLanguage.$current.withValue(lang) { parts[k].render(d) }
            }
        }
        return zip(parts, html).map { ($0.id, $0.title, $1) }.filter { !$0.2.isEmpty }
    }

    static func title(_ d: ReportData) -> String {
        guard let b = d.baseline else { return tr("CareFlow comparison") }
        if d.whatIfs.isEmpty { return tr("CareFlow run: {0}", b.displayTitle) }
        return d.whatIfs.count == 1 ? tr("CareFlow comparison: {0} and one what-if", b.displayTitle)
            : tr("CareFlow comparison: {0} and {1} what-ifs", b.displayTitle, "\(d.whatIfs.count)")
    }

    static func page(_ d: ReportData, extra: [PageSection] = []) -> String {
        var sections: [(id: String, title: String, html: String)] = [
            ("scorecard", tr("Scorecard"), Scorecard.render(d)),
            ("summary", tr("Summary"), d.whatIfs.isEmpty ? "" : Summary.render(d)),
        ].filter { !$0.2.isEmpty } + detailSections(d)
        sections.insert(contentsOf: extra.map { ($0.id, $0.title, $0.html) }, at: sections.firstIndex { $0.id == "method" } ?? sections.count)
        let title = title(d)
        var s = "<!DOCTYPE html>\n<html lang=\"\(ReportLanguage.current.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        // No network: forbid every external load, even if something slipped in.
        s += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(PageKit.contentSecurityPolicy(scriptHashes: extra.flatMap(\.scriptHashes)))\">\n"
        s += "<meta name=\"generator\" content=\"CareFlow \(esc(d.careflowVersion))\">\n"
        s += "<title>\(esc(title))</title>\n<style>\n\(css)\(extra.map(\.css).joined())</style>\n</head>\n<body>\n"
        s += Chart.defs + "\n"
        s += "<header><h1>\(esc(title))</h1>"
        if let b = d.baseline {
            s += "<p class=\"sub\">" + esc(tr("Reference: {0}.", b.displayTitle)) + " "
            if !d.whatIfs.isEmpty { s += esc(tr("What-ifs: {0}.", d.whatIfs.map(\.displayTitle).joined(separator: "; "))) + " " }
            s += esc(tr("{0} replications per scenario.", Fmt.num(d.replications))) + "</p>"
        }
        s += "<nav aria-label=\"\(esc(tr("Contents")))\"><ul>"
        for sec in sections { s += "<li><a href=\"#\(sec.id)\">\(esc(sec.title))</a></li>" }
        s += "</ul></nav></header>\n<main>\n"
        for sec in sections { s += sec.html + "\n" }
        s += "</main>\n<footer><p>\(esc(tr("Generated by CareFlow {0}. All figures are estimates from stochastic simulation; the intervals are in the detailed tables.", d.careflowVersion)))</p></footer>\n"
        s += "</body>\n</html>\n"
        return s
    }

    static let css = """
    :root { --fg: #1a1a1a; --muted: #555; --line: #ccc; --ok: #1b6e20; --bad: #a4161a; --warn: #8a5a00; --accent: #D55E00; }
    * { box-sizing: border-box; }
    body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; margin: 0 auto; max-width: 1240px; padding: .6rem 1.25rem 3rem; }
    h1 { font-size: 1.45rem; margin: .2rem 0; }
    h2 { font-size: 1.35rem; border-bottom: 2px solid #333; padding-bottom: .2rem; margin-top: 2.2rem; }
    h3 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; }
    h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
    .sub { color: var(--muted); margin: 0 0 .5rem; }
    nav ul { display: flex; flex-wrap: wrap; gap: .1rem 0; list-style: none; padding: 0; margin: .3rem 0; font-size: .92em; }
    nav li:not(:last-child)::after { content: "·"; padding: 0 .55rem; color: var(--muted); }
    #scorecard h2 { margin-top: .8rem; }
    table.scorecard { font-size: .92em; width: 100%; }
    table.scorecard td, table.scorecard th { padding: .3rem .45rem; }
    table.scorecard td.num strong { font-size: 1.08em; }
    table.scorecard td.target { white-space: nowrap; }
    table.scorecard td.better { background: #e6f2e7; }
    table.scorecard td.worse { background: #f9e3e3; }
    table.scorecard td.better .sym { color: var(--ok); }
    table.scorecard td.worse .sym { color: var(--bad); }
    table.scorecard td.same .sym { color: var(--muted); }
    .v { font-size: .82em; white-space: nowrap; }
    .v.ok { color: var(--ok); } .v.bad { color: var(--bad); } .v.warn { color: var(--warn); }
    p.key { font-size: .82em; }
    .whatif { border-left: 4px solid #0072B2; padding: .1rem 0 .1rem .8rem; margin: .8rem 0; break-inside: avoid; page-break-inside: avoid; }
    .whatif h3 { margin: .2rem 0 .3rem; }
    .whatif p { margin: .25rem 0; }
    p.same { color: var(--muted); font-size: .92em; }
    p.warning { color: var(--warn); font-weight: 600; font-size: .92em; }
    code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: .88em; }
    pre { background: #f6f6f6; border: 1px solid #ddd; padding: .6rem; overflow-x: auto; white-space: pre-wrap; }
    code.cmd { word-break: break-all; }
    p.verdict { border-left: 4px solid #0072B2; padding: .2rem 0 .2rem .7rem; }
    p.changes { color: var(--muted); font-size: .92em; }
    .role { color: var(--muted); font-weight: normal; font-size: .85em; }
    .note { color: var(--muted); font-size: .88em; margin: .3rem 0 .8rem; }
    .tablewrap { overflow-x: auto; }
    table { border-collapse: collapse; margin: .6rem 0; font-size: .9em; }
    caption { text-align: left; font-weight: 600; padding: .2rem 0; }
    th, td { border: 1px solid var(--line); padding: .3rem .5rem; vertical-align: top; }
    thead th { background: #f0f0f0; }
    tbody th { text-align: left; font-weight: 500; }
    th.indent { padding-left: 1.4rem; font-weight: normal; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .ci { color: var(--muted); font-size: .85em; white-space: nowrap; }
    .ok { color: var(--ok); font-weight: 600; white-space: nowrap; }
    .bad { color: var(--bad); font-weight: 600; white-space: nowrap; }
    .warn { color: var(--warn); font-weight: 600; }
    .sig { font-weight: 600; white-space: nowrap; }
    .ns { color: var(--muted); white-space: nowrap; }
    .mark { color: var(--accent); font-weight: 700; }
    figure { margin: 1rem 0 1.4rem; break-inside: avoid; page-break-inside: avoid; }
    figcaption { font-weight: 600; margin-bottom: .2rem; }
    ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; padding: 0; margin: .2rem 0; font-size: .9em; }
    ul.legend li { display: flex; align-items: center; gap: .35rem; }
    svg.defs { position: absolute; width: 0; height: 0; overflow: hidden; }
    svg.chart { max-width: 100%; height: auto; display: block; }
    figure { max-width: 900px; }
    svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 11.5px; fill: #222; }
    svg .axis { stroke: #333; stroke-width: 1; }
    svg .grid { stroke: #e3e3e3; stroke-width: 1; }
    svg .axis-title { font-size: 12.5px; font-weight: 600; }
    svg .val { font-size: 11px; fill: #333; }
    svg .ref { font-size: 11px; fill: #333; }
    svg .elabel { font-size: 11px; fill: #333; }
    svg .elabel.changed, svg text.mark { fill: var(--accent); font-weight: 700; }
    .scroll { overflow-x: auto; }
    svg.diagram { display: block; }
    details { margin: .4rem 0; }
    details > summary { cursor: pointer; font-weight: 600; }
    details.file pre { max-height: 40rem; }
    .printnote { display: none; }
    footer { margin-top: 3rem; color: var(--muted); font-size: .85em; border-top: 1px solid var(--line); }
    @media (max-width: 600px) {
      body { padding: .5rem .6rem 2rem; font-size: 14px; }
      table { font-size: .82em; }
      th, td { padding: .2rem .3rem; }
      .ci { white-space: normal; }
      pre { font-size: .75em; }
      /* The scorecard as cards: one per measure, a line per scenario; no sideways scrolling. */
      #scorecard .tablewrap { overflow: visible; }
      table.scorecard, table.scorecard tbody, table.scorecard tr, table.scorecard tbody th, table.scorecard td { display: block; width: 100%; }
      table.scorecard caption { display: block; }
      table.scorecard thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
      table.scorecard tr { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .6rem; overflow: hidden; break-inside: avoid; }
      table.scorecard tbody th { border: 0; background: #f0f0f0; padding: .35rem .5rem; }
      table.scorecard td { border: 0; border-top: 1px solid #e6e6e6; display: flex; justify-content: space-between; align-items: baseline; gap: .6rem; text-align: right; padding: .3rem .5rem; }
      table.scorecard td::before { content: attr(data-label); text-align: left; font-weight: 600; color: var(--muted); overflow-wrap: anywhere; }
      table.scorecard td.target.none { display: none; }
      table.scorecard .v { white-space: normal; }
    }
    @page { size: A4; margin: 12mm 10mm; }
    @media print {
      body { max-width: none; padding: 0; font-size: 9.5pt; }
      table { font-size: 7.5pt; margin: .3rem 0; line-height: 1.25; }
      table.scorecard { font-size: 8.5pt; line-height: 1.35; }
      th, td { padding: .08rem .25rem; }
      h3 { margin: .8rem 0 .3rem; }
      p.note { margin: .1rem 0 .4rem; font-size: 7.5pt; }
      .ci { white-space: normal; }
      details.file, figure.whatif-diagram, figure.repeats { display: none; }
      #method { font-size: 8.5pt; }
      ul.sources { columns: 2; column-gap: 1.2rem; font-size: 8pt; }
      ul.sources li { break-inside: avoid; }
      .printnote { display: block; }
      nav { display: none; }
      h2 { margin-top: 1rem; }
      /* Two charts side by side on paper. */
      figure { display: inline-block; vertical-align: top; width: 49%; max-width: none; margin: .2rem 0 .6rem; }
      figure .note { font-size: 7.5pt; }
      svg.diagram { max-height: 15cm; width: auto; max-width: 100%; }
      figure.diagram-fig { display: inline-block; width: 49%; vertical-align: top; }
      figure.diagram-fig.whatif-diagram { display: none; }
      /* On paper the value tables show the means; the intervals of the differences stay. */
      td .ci { display: none; }
      td.diff .ci { display: inline; }
      table.scorecard { table-layout: fixed; }
      table.scorecard th:first-child { width: 22%; }
      table.scorecard .v { white-space: normal; }
      table.scorecard td.num strong { font-size: 1em; }
      h2, h3, figcaption { break-after: avoid; page-break-after: avoid; }
      tr, figure, .legend { break-inside: avoid; page-break-inside: avoid; }
      .tablewrap, .scroll { overflow: visible; }
      svg.diagram { max-width: 100%; height: auto; }
      details > summary { list-style: none; }
      details::details-content { content-visibility: visible; display: block; }
      pre { white-space: pre-wrap; max-height: none; }
      a { color: inherit; text-decoration: none; }
    }

    """
}
