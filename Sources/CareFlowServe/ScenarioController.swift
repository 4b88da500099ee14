import CareFlowScenario
import Foundation
import Hummingbird

/// The folder's scenarios and a scenario's knobs.
struct ScenarioController {
    let folder: ServedFolder

    struct ScenarioList: Encodable {
        var folder: String
        var scenarios: [ServedFolder.Entry]
    }

    struct KnobJSON: Encodable {
        struct ChoiceJSON: Encodable { var name: String; var label: String }
        var name, label, description, kind, unit: String
        var paths: [String]
        var min, max, step, current: Double
        var choices: [ChoiceJSON]
        var currentChoice: String
        var automatic: Bool

        init(_ k: Knob) {
            name = k.name; label = k.label; description = k.description; kind = k.kind.rawValue; unit = k.unit
            paths = k.kind == .choice ? Array(Set(k.choices.flatMap { $0.overrides.map(\.path) })).sorted()
                : k.targets.map { $0.complement ? "\($0.path) (1 - value)" : $0.path }
            min = k.min; max = k.max; step = k.step; current = k.current
            choices = k.choices.map { ChoiceJSON(name: $0.name, label: $0.label) }
            currentChoice = k.currentChoice
            automatic = k.automatic
        }
    }

    struct Knobs: Encodable {
        var file, name, title: String
        var replications: Int
        var seed: UInt64
        var knobs: [KnobJSON]
    }

    func addRoutes(to group: RouterGroup<ServeRequestContext>) {
        group.get("scenarios") { _, _ -> Response in
            JSONResponse.encode(ScenarioList(folder: (folder.root as NSString).lastPathComponent, scenarios: folder.list()))
        }
        group.get("knobs") { request, _ -> Response in
            let file = request.uri.queryParameters.get("file").map { String($0) } ?? ""
            let loaded = try folder.load(file)
            let compiled: CompiledScenario
            let knobs: [Knob]
            do throws(ScenarioErrors) {
                compiled = try ScenarioCompiler.compile(loaded)
                knobs = try ScenarioInputs.knobs(loaded)
            } catch {
                throw ServeError(.unprocessable, folder.displayed(error.description))
            }
            return JSONResponse.encode(Knobs(file: file, name: compiled.name, title: compiled.title, replications: compiled.replications,
                                             seed: compiled.seed, knobs: knobs.map(KnobJSON.init)))
        }
    }
}
