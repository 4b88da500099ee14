// swift-tools-version: 6.0
// CareFlow: discrete-event simulation of hospital and primary-care capacity.
import PackageDescription

let package = Package(
    name: "CareFlow",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "CareFlow", targets: ["CareFlow"]),
        .executable(name: "careflow", targets: ["careflow"]),
        .executable(name: "careflow-bench", targets: ["careflow-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // GNU GSL through a module map over one header of static inline wrappers.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // Random streams, distributions and the few GSL numerics the rest needs.
        // The only module that imports CGSL.
        .target(name: "CareFlowRandom", dependencies: ["CGSL"]),
        // Statistics primitives: tallies, time-weighted levels, quantile histograms.
        .target(name: "CareFlowStats"),
        // C helpers for the hot loop (prefetch) and publishing outputs (rename exchange); not API.
        .target(name: "_CareFlowShims"),
        // The event-queue core: no I/O, no strings in the hot loop.
        .target(name: "CareFlowEngine", dependencies: ["CareFlowRandom", "CareFlowStats", "_CareFlowShims"]),
        // Dates, Swedish public holidays, dated arrival rates and capacity calendars (compile time only).
        .target(name: "CareFlowCalendar"),
        // Scenario files: YAML with locations, extends/overrides, compiler to a Model.
        .target(name: "CareFlowScenario", dependencies: ["CareFlowEngine", "CareFlowRandom", "CareFlowCalendar", "Yams"]),
        // Output analysis: parallel replications, confidence intervals, CRN comparisons, JSON.
        .target(name: "CareFlowAnalysis", dependencies: ["CareFlowEngine", "CareFlowRandom", "CareFlowScenario", "CareFlowCalendar", "_CareFlowShims"]),
        // Build facts embedded at build time (git commit, through the plugin below).
        .target(name: "CareFlowBuildInfo", plugins: ["CareFlowBuildInfoPlugin"]),
        .plugin(name: "CareFlowBuildInfoPlugin", capability: .buildTool()),
        // Parameter sweeps: designs, SQLite results, resume, shards, Slurm.
        .target(name: "CareFlowSweep", dependencies: ["CareFlowAnalysis", "CareFlowBuildInfo", "CareFlowScenario", "CareFlowEngine", .product(name: "GRDB", package: "GRDB.swift")]),
        // careflow optimise: the cheapest configuration that meets the targets (sequential feasibility checks, CRN).
        .target(name: "CareFlowOptimise", dependencies: ["CareFlowSweep", "CareFlowAnalysis", "CareFlowScenario", "CareFlowEngine", "CareFlowReport", .product(name: "GRDB", package: "GRDB.swift")]),
        // Self-contained HTML reports with inline SVG charts.
        .target(name: "CareFlowReport", dependencies: ["CareFlowAnalysis", "CareFlowCalendar"]),
        // Replays: one replication's step events as an animated, self-contained page.
        .target(name: "CareFlowReplay", dependencies: ["CareFlowAnalysis", "CareFlowReport", "CareFlowScenario", "CareFlowEngine"]),
        // Spreadsheet export of a comparison: tidy CSV and XLSX (ZIPFoundation for the container).
        .target(name: "CareFlowExport", dependencies: ["CareFlowReport", "CareFlowAnalysis", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // The what-if workbench: `careflow serve`, a local web app over Hummingbird 2.
        .target(
            name: "CareFlowServe",
            dependencies: [
                "CareFlowAnalysis", "CareFlowScenario", "CareFlowReport", "CareFlowExport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // Event logs in and out: `careflow run --event-log`, `careflow fit` (maximum-likelihood
        // fitting of arrivals, durations and routing to a draft scenario) and `careflow check`.
        .target(name: "CareFlowFit", dependencies: ["CareFlowEngine", "CareFlowRandom", "CareFlowCalendar", "CareFlowScenario", "CareFlowAnalysis", "CareFlowReport"]),
        // The umbrella: re-exports the public API.
        .target(name: "CareFlow", dependencies: ["CareFlowRandom", "CareFlowStats", "CareFlowEngine", "CareFlowCalendar", "CareFlowScenario", "CareFlowAnalysis", "CareFlowReport", "CareFlowReplay", "CareFlowSweep", "CareFlowBuildInfo", "CareFlowExport"]),
        .executableTarget(
            name: "careflow",
            dependencies: [
                "CareFlow",
                "CareFlowServe",
                "CareFlowFit",
                "CareFlowOptimise",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "careflow-bench", dependencies: ["CareFlowEngine", "CareFlowRandom", "CareFlowStats"]),
        // Times `careflow fit` phase by phase (release builds without the CLI's server dependencies).
        .executableTarget(name: "careflow-fit-bench", dependencies: ["CareFlowFit", "CareFlowReport"]),
        .testTarget(name: "CareFlowRandomTests", dependencies: ["CareFlowRandom"]),
        .testTarget(name: "CareFlowStatsTests", dependencies: ["CareFlowStats"]),
        .testTarget(name: "CareFlowCalendarTests", dependencies: ["CareFlowCalendar", "CareFlowScenario", "CareFlowEngine", "CareFlowRandom", "CareFlowAnalysis"]),
        .testTarget(name: "CareFlowEngineTests", dependencies: ["CareFlowEngine", "CareFlowRandom", "CareFlowStats"]),
        .testTarget(name: "CareFlowScenarioTests", dependencies: ["CareFlowScenario", "CareFlowEngine", "CareFlowAnalysis", "CareFlowRandom"], exclude: ["Fixtures"]),
        .testTarget(name: "CareFlowAnalysisTests", dependencies: ["CareFlowAnalysis", "CareFlowScenario", "CareFlowEngine", "CareFlowRandom"]),
        .testTarget(name: "CareFlowSweepTests", dependencies: ["CareFlowSweep", "CareFlowAnalysis", "CareFlowScenario"]),
        .testTarget(name: "CareFlowOptimiseTests", dependencies: ["CareFlowOptimise", "CareFlowSweep", "CareFlowAnalysis", "CareFlowScenario", "CareFlowEngine", "CareFlowReport"]),
        .testTarget(name: "CareFlowReplayTests", dependencies: ["CareFlowReplay", "CareFlowAnalysis", "CareFlowScenario", "CareFlowEngine"]),
        .testTarget(name: "CareFlowReportTests", dependencies: ["CareFlowReport", "CareFlowAnalysis", "CareFlowScenario"]),
        .testTarget(name: "CareFlowExportTests", dependencies: ["CareFlowExport", "CareFlowReport", "CareFlowAnalysis", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "CareFlowFitTests", dependencies: ["CareFlowFit", "CareFlowScenario", "CareFlowEngine", "CareFlowRandom", "CareFlowAnalysis"], exclude: ["Fixtures"]),
        .testTarget(
            name: "CareFlowServeTests",
            dependencies: [
                "CareFlowServe", "CareFlowScenario", "CareFlowAnalysis", "CareFlowReport", "CareFlowExport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ]
)
