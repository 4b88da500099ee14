import Foundation
import Testing
@testable import CareFlowServe

/// `extends` with a list: every listed file must lie inside the served
/// folder, also when the one outside is not the first.
@Suite struct ExtendsListServeTests {
    @Test func everyListedBaseIsChecked() throws {
        let folder = try TestFolder()
        let served = try ServedFolder(folder.root)
        try "extends: [three.yaml, ../secret.yaml]\nname: sneaky-list\n".write(toFile: folder.root + "/list.yaml", atomically: true, encoding: .utf8)
        try "extends: [clinic.yaml, three.yaml]\nname: both\n".write(toFile: folder.root + "/fine.yaml", atomically: true, encoding: .utf8)
        do {
            _ = try served.load("list.yaml")
            Issue.record("a base outside the folder was read")
        } catch {
            #expect(error.kind == .forbidden, "\(error)")
            #expect("\(error)".contains("extends '../secret.yaml' is outside the served folder"))
        }
        let loaded = try served.load("fine.yaml")
        #expect(loaded.files.map(\.path).last == "fine.yaml")
        // The listing marks a list what-if by its first base.
        #expect(served.list().first { $0.path == "fine.yaml" }?.extends == "clinic.yaml")
    }
}
