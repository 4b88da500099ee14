import Foundation

/// The language of a report's fixed text and number format. Scenario labels
/// stay as written.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case en, sv

    public static var codes: [String] { allCases.map(\.rawValue) }

    /// The command line's choice, else CAREFLOW_LANG, else the scenario file's `report.lang`, else English.
    public static func resolve(option: String?, scenario: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> ReportLanguage {
        for code in [option, environment["CAREFLOW_LANG"], scenario] {
            if let c = code?.lowercased().prefix(2), let l = ReportLanguage(rawValue: String(c)) { return l }
        }
        return .en
    }

    /// The language rendering is running in (set by the public render functions).
    @TaskLocal static var current: ReportLanguage = .en
}

/// A fixed text in the current language: the English text is the key; a
/// text without a Swedish entry stays English.
func tr(_ english: String) -> String {
    guard ReportLanguage.current == .sv else { return english }
    return Swedish.text[english] ?? CalendarSwedish.text[english] ?? english
}

/// A text with {0}, {1} ... placeholders filled in after translation.
func tr(_ english: String, _ args: String...) -> String {
    var s = tr(english)
    for (i, a) in args.enumerated() { s = s.replacingAll("{\(i)}", with: a) }
    return s
}
