import CareFlowScenario
import Foundation

/// Turns a run request into a job: the baseline and what-if files through
/// the CLI's loader and compiler (inside the served folder), knob settings
/// into what-if files that `extends` the baseline.
struct JobBuilder {
    let folder: ServedFolder
    let configuration: ServeConfiguration

    func spec(_ run: JobController.RunRequest) throws(ServeError) -> JobSpec {
        guard !run.whatIfs.isEmpty else { throw ServeError(.badRequest, "add at least one what-if") }
        guard run.whatIfs.count <= configuration.maxWhatIfs else {
            throw ServeError(.badRequest, "at most \(configuration.maxWhatIfs) what-ifs per run")
        }
        let baseLoaded = try folder.load(run.baseline)
        let base = try compile(baseLoaded)
        let knobs: [Knob]
        do { knobs = try ScenarioInputs.knobs(baseLoaded) } catch { throw ServeError(.unprocessable, folder.displayed(error.description)) }
        let replications = run.replications ?? base.replications
        guard (1...configuration.maxReplications).contains(replications) else {
            throw ServeError(.badRequest, "replications must be from 1 to \(configuration.maxReplications)")
        }
        let seed = run.seed ?? base.seed
        let dir = (run.baseline as NSString).deletingLastPathComponent
        let baseFile = (run.baseline as NSString).lastPathComponent

        // File names first: the reproduce command in each generated file names them all.
        var files = [run.baseline]
        var names = Set([base.name])
        var planned: [(name: String, title: String, overrides: [KnobOverride])?] = []
        for (i, w) in run.whatIfs.enumerated() {
            if let f = w.file {
                files.append(f)
                planned.append(nil)
                continue
            }
            var name = JobBuilder.slug(w.name ?? "") 
            if name.isEmpty { name = "\(base.name)-whatif-\(i + 1)" }
            while names.contains(name) { name += "-\(i + 1)" }
            names.insert(name)
            let overrides: [KnobOverride]
            do { overrides = try ScenarioInputs.overrides(knobs, settings: w.settings ?? [:]) } catch { throw ServeError(.badRequest, error.message) }
            let title = String((w.title ?? "").prefix(200))
            planned.append((name, title.isEmpty ? JobBuilder.title(overrides, name) : title, overrides))
            files.append(dir.isEmpty ? "\(name).yaml" : "\(dir)/\(name).yaml")
        }
        let command = "careflow compare " + files.joined(separator: " ") + " --seed \(seed) --replications \(replications)"
        var scenarios = [base]
        var generated: [(name: String, text: String)] = []
        for (i, p) in planned.enumerated() {
            let file = files[i + 1]
            guard let p else {
                scenarios.append(try compile(try folder.load(file)))
                continue
            }
            let text = ScenarioInputs.whatIfYAML(base: baseFile, name: p.name, title: p.title, overrides: p.overrides, reproduce: command)
            scenarios.append(try compile(try folder.load(text: text, name: file, extending: run.baseline)))
            generated.append((file, text))
        }
        let all = scenarios.map(\.name)
        if Set(all).count != all.count {
            throw ServeError(.badRequest, "two scenarios have the same name (\(all.joined(separator: ", "))); pick distinct ones")
        }
        return JobSpec(scenarios: scenarios, files: files, generated: generated, replications: replications, seed: seed)
    }

    private func compile(_ loaded: LoadedScenario) throws(ServeError) -> CompiledScenario {
        do { return try ScenarioCompiler.compile(loaded) } catch { throw ServeError(.unprocessable, folder.displayed(error.description)) }
    }

    /// A scenario name from free text: letters, digits, - and _.
    static func slug(_ s: String) -> String {
        let mapped = s.lowercased().prefix(60).map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }
        return String(mapped).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    static func title(_ overrides: [KnobOverride], _ name: String) -> String {
        overrides.isEmpty ? "\(name) (no change)" : overrides.map(\.comment).joined(separator: "; ")
    }
}
