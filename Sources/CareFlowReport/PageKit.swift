/// What other HTML writers (the replay, later the workbench) share with the
/// report: its one escaping function, its area classification, its palette
/// and base styles, and its Content-Security-Policy. One renderer family.
public enum PageKit {
    /// The report's escaping (element content and double-quoted attributes).
    public static func escape(_ s: String) -> String { esc(s) }

    /// The report area of a unit: its declared area, or a guess from its name.
    public static func area(_ declared: String, name: String) -> String { ReportData.area(declared, name: name) }

    /// Readable names of the areas, in the report's order.
    public static let areas: [(id: String, title: String)] = [
        ("ed", "Emergency department"), ("imaging", "Imaging"), ("ward", "Wards"),
        ("primary_care", "Primary care"), ("other", "Other units"),
    ]

    /// The report's categorical palette (Okabe-Ito, colour-blind safe).
    public static var palette: [String] { Chart.colours }

    /// The report's base stylesheet (fonts, headings, tables, notes).
    public static var css: String { HTMLReport.css }

    /// A number as the report writes it in `lang`: 3 significant digits,
    /// whole numbers from 10 000 with thin-space thousands, U+2212 minus;
    /// decimal comma in Swedish.
    public static func number(_ x: Double, lang: ReportLanguage) -> String {
        ReportLanguage.$current.withValue(lang) { Fmt.num(x) }
    }

    /// `x` with `decimals` decimals in `lang` (decimal comma in Swedish).
    public static func fixed(_ x: Double, decimals: Int, lang: ReportLanguage) -> String {
        ReportLanguage.$current.withValue(lang) { Fmt.fixed(x, decimals) }
    }

    /// A share as a percentage in `lang` ("95%", Swedish "95 %" with a no-break space).
    public static func percent(_ share: Double, decimals: Int = 0, lang: ReportLanguage) -> String {
        ReportLanguage.$current.withValue(lang) { Fmt.percent(share, decimals) }
    }

    /// The report's policy: nothing external, inline styles, data: images;
    /// plus the inline scripts whose SHA-256 hashes (base64) are given.
    public static func contentSecurityPolicy(scriptHashes: [String] = []) -> String {
        var p = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        if !scriptHashes.isEmpty { p += "; script-src " + scriptHashes.map { "'sha256-\($0)'" }.joined(separator: " ") }
        return p
    }
}

/// A section another module adds to a page (e.g. the replay in the report):
/// its HTML, the hashes of its inline scripts for the CSP, and its CSS.
public struct PageSection: Sendable {
    public var id: String, title: String, html: String
    public var scriptHashes: [String]
    public var css: String
    public init(id: String, title: String, html: String, scriptHashes: [String] = [], css: String = "") {
        self.id = id; self.title = title; self.html = html; self.scriptHashes = scriptHashes; self.css = css
    }
}
