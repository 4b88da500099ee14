/// For pages that embed the report's fragments (the workbench): the titles
/// of the report's first two sections in a language, as report.html's
/// contents list names them.
extension HTMLReport {
    /// "Scorecard" and "Summary" (or their Swedish texts); nil for another id.
    public static func fragmentTitle(_ id: String, language: ReportLanguage) -> String? {
        ReportLanguage.$current.withValue(language) {
            switch id {
            case "scorecard": return tr("Scorecard")
            case "summary": return tr("Summary")
            default: return nil
            }
        }
    }
}
