@testable import CareFlowAnalysis
import Testing

@Suite("JSON writer")
struct JSONTests {
    @Test("strings are escaped by RFC 8259: quotes, backslashes, control characters; other text passes as UTF-8")
    func escaping() throws {
        let s = "a\"b\\c\nd\re\tf\u{01}\u{1F}\u{7F} å ä ö 🏥 </script>"
        let text = JSON.string(s).serialized(pretty: false)
        #expect(text == "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001\\u001f\u{7F} å ä ö 🏥 </script>\"")
        #expect(try JSON.parse(text) == .string(s))
        // Every control character round-trips.
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        #expect(try JSON.parse(JSON.string(controls).serialized()).string == controls)
    }

    @Test("numbers: whole values as integers, the rest in shortest round-trip form, non-finite as null")
    func numbers() throws {
        // From 1e15 on, whole values take Swift's `description`, which stays
        // positional below 2^53 (the form every earlier file has).
        let xs: [Double] = [0, -0.0, 1, -1, 42, -1234567, 999_999_999_999_999, 1e15, -1e15, 0.1, -2.5, 1.0 / 3, 6.02e23, 5e-324, .pi]
        let text = JSON.nums(xs).serialized(pretty: false)
        #expect(text == "[0,0,1,-1,42,-1234567,999999999999999,1000000000000000.0,-1000000000000000.0,0.1,-2.5,0.3333333333333333,6.02e+23,5e-324,3.141592653589793]")
        #expect(try JSON.parse(text).doubles == xs.map { $0 == 0 ? 0 : $0 })
        #expect(JSON.nums([.nan, .infinity, -.infinity]).serialized(pretty: false) == "[null,null,null]")
        #expect(JSON.format(12) == "12" && JSON.format(0.25) == "0.25" && JSON.format(.nan) == "null")
    }

    @Test("pretty layout: two-space indents, number arrays on one line, empty containers inline")
    func layout() {
        let v = JSON.object([
            ("name", .string("x")),
            ("xs", .nums([1, 2.5])),
            ("rows", .array([.object([("a", .null), ("b", .bool(true))]), .array([])])),
            ("none", .object([])),
        ])
        #expect(v.serialized() == """
        {
          "name": "x",
          "xs": [1, 2.5],
          "rows": [
            {
              "a": null,
              "b": true
            },
            []
          ],
          "none": {}
        }

        """)
        #expect(v.serialized(pretty: false) == "{\"name\":\"x\",\"xs\":[1,2.5],\"rows\":[{\"a\":null,\"b\":true},[]],\"none\":{}}")
    }
}
