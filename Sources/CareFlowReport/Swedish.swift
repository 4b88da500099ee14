/// Swedish texts of the report, keyed by the English text.
enum Swedish {
    static let text: [String: String] = [
        "Scorecard": "Resultattavla",
    ]
}
