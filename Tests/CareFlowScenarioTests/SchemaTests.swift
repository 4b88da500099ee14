import CareFlowScenario
import Foundation
import Testing

@Suite("JSON Schema")
struct SchemaTests {
    @Test("careflow schema is valid JSON and the same as docs/careflow.schema.json")
    func schemaMatchesDocs() throws {
        let data = Data(ScenarioSchema.json.utf8)
        let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(parsed?["$schema"] != nil)
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/careflow.schema.json").standardized
        let text = try String(contentsOf: docs, encoding: .utf8)
        #expect(text.trimmingCharacters(in: .newlines) == ScenarioSchema.json.trimmingCharacters(in: .newlines))
    }
}
