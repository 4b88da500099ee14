import CareFlowCalendar
import CareFlowEngine

/// Report areas a unit, pathway, KPI or census belongs to.
public enum Area: String, Sendable, CaseIterable, Codable {
    case ed, imaging, ward, primary_care, other
}

/// A compiled scenario: the engine model plus what reports need to know.
public struct CompiledScenario: Sendable {
    public var name: String
    public var title: String
    public var description: String
    public var model: Model
    public var collector: CollectorConfig
    public var replications: Int
    public var seed: UInt64
    public var kpis: [KPIInfo]
    public var units: [UnitInfo]
    public var pathways: [PathwayInfo]
    public var censuses: [CensusInfo]
    public var sources: [Citation]
    public var assumptions: [String]
    public var files: [ScenarioFile]
    public var changedPaths: [String]
    /// The warm-up was given in the file (true) or defaulted to 0.
    public var warmupGiven: Bool
    /// The report language from `report.lang` (en, sv), if given.
    public var language: String? = nil
    /// The merged scenario tree (after extends and overrides), for "what changed".
    public var tree: YNode? = nil
    /// Per engine step: the user's step it came from, as
    /// "pathways.ed.steps[3] (file.yaml:41:9)"; "" for steps the compiler added.
    public var stepSources: [String] = []
    /// The run's calendar (`run.start`), nil for an undated run.
    public var calendar: RunCalendar? = nil
}

public struct ScenarioFile: Sendable, Codable, Equatable {
    public var path: String
    public var text: String
}

public struct Citation: Sendable, Codable, Equatable {
    public var id: String
    public var text: String
}

public struct KPIInfo: Sendable, Codable, Equatable {
    public var name: String
    public var label: String
    public var area: Area
    public var headline: Bool
    /// Attribute the KPI is split by (categories in order), if any.
    public var by: String?
    public var groups: [String]
    /// Target in minutes, overall or per group (NaN: none).
    public var target: Double?
    public var groupTargets: [Double?]
    /// Share of patients that should be within the target.
    public var targetShare: Double?
    public var from: String
    public var to: String
    /// "lower" (default) or "higher": which direction is better.
    public var better: String = "lower"
    /// Minimal important difference in minutes, if given.
    public var mid: Double? = nil
    /// Targets on the mean and on the 90th percentile, in minutes.
    public var meanTarget: Double? = nil
    public var p90Target: Double? = nil
}

public struct UnitInfo: Sendable, Codable, Equatable {
    public var name: String
    public var label: String
    public var area: Area
    public var capacity: String
    /// bed, staff, room or equipment, if declared.
    public var kind: String? = nil
    /// Highest acceptable mean utilisation, if declared.
    public var targetUtilisation: Double? = nil
    public static let kinds = ["bed", "staff", "room", "equipment"]

    /// The default occupancy target of beds: above about 85% mean occupancy,
    /// bed shortages become regular (Bagust, Place & Posnett 1999, BMJ
    /// 319:155-158). Other kinds have no default.
    public static let defaultBedTarget = 0.85

    /// The kind declared, else guessed from the name, label and area (beds:
    /// a name with "bed" or "cot", or the ward area): the same rule as the
    /// report's (CareFlowReport Measures.unitKind), which reads it from results.
    public static func kind(declared: String?, name: String, label: String, area: String) -> String {
        if let k = declared { return k }
        let n = (name + " " + label).lowercased()
        if n.contains("bed") || n.contains(" cot") || area == "ward" { return "bed" }
        if ["ct", "mri", "x-ray", "xray", "scanner", "ultrasound", "machine"].contains(where: { n.contains($0) }) { return "equipment" }
        if ["room", "theatre", "bay", "chair", "cubicle", "trolley"].contains(where: { n.contains($0) }) { return "room" }
        return "staff"
    }

    /// The target on utilisation (occupancy for beds): the declared one, or
    /// the default for beds; nil for none.
    public var effectiveTarget: Double? {
        if let t = targetUtilisation { return t }
        return Self.kind(declared: kind, name: name, label: label, area: area.rawValue) == "bed" ? Self.defaultBedTarget : nil
    }
}

public struct CensusInfo: Sendable, Codable, Equatable {
    public var name: String
    public var label: String
    public var area: Area
}

public struct PathwayInfo: Sendable, Codable, Equatable {
    public var name: String
    public var label: String
    public var area: Area
    public var description: String
    public var diagram: PathwayDiagram
}

/// A flow chart of a pathway, generated from its steps.
public struct PathwayDiagram: Sendable, Codable, Equatable {
    public struct Node: Sendable, Codable, Equatable {
        public var id: Int
        /// activity, seize, release, delay, branch, assign, milestone, patience, repeat, leave, wait, start
        public var kind: String
        public var text: String
        public var units: [String]
        /// Where the step stands in the file (e.g. "steps[3]"): pairs nodes across scenarios.
        public var key: String
    }
    public struct Edge: Sendable, Codable, Equatable {
        public var from: Int
        public var to: Int
        public var label: String
    }
    public var nodes: [Node] = []
    public var edges: [Edge] = []
}
