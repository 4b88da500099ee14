@testable import CareFlowReport
import Foundation
import Testing

@Suite("Literal text search and number formatting of the report")
struct TextSearchTests {
    @Test("literalRange and replacingAll agree with Foundation on ASCII needles in mixed text")
    func agreesWithFoundation() {
        let texts = ["", "{0}", "Väntetid {0} min, {1} % — {0}", "åäö🏥{1}{1}{1}", "no placeholder here", "{0", "{{0}}", "a_b__c_", String(repeating: "é_", count: 500) + "{0}"]
        for t in texts {
            for needle in ["{0}", "{1}", "_", "{", "<!--key-->"] {
                #expect(t.replacingAll(needle, with: "X") == t.replacingOccurrences(of: needle, with: "X"), "\(t) / \(needle)")
                #expect(t.literalRange(of: needle) == t.range(of: needle), "\(t) / \(needle)")
            }
        }
        // On a substring the range is in the base string's indices.
        let s = "åäö: a {0} b {0}"
        let sub = s[s.index(s.startIndex, offsetBy: 7)...]
        let r = sub.literalRange(of: "{0}")!
        #expect(s[r] == "{0}" && s[..<r.lowerBound] == "åäö: a ")
        #expect(s.literalRange(of: "") == nil && "ab".literalRange(of: "abc") == nil)
    }

    @Test("fixed-decimal numbers are printf's digits, ties and large values included")
    func fixedDigits() {
        let xs: [Double] = [0, 0.125, 0.375, 2.675, 1.005, -0.004, -2.5, 1234567.891, 1e20, 1e300, 0.1 + 0.2, 5e-324]
        for x in xs {
            for d in 0...3 {
                #expect(Fmt.cFormat(x, decimals: d) == String(format: "%.\(d)f", x), "\(x) with \(d)")
            }
        }
    }
}
