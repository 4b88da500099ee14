import CareFlowAnalysis

/// The self-contained HTML report comparing scenarios.
public enum HTMLReport {
    /// Renders the report from comparison.json and series.json.
    public static func render(comparison: JSON, series: JSON) -> String {
        "<!DOCTYPE html><html><body><p>report</p></body></html>\n"
    }
}
