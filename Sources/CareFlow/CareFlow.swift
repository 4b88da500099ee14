// The umbrella module: `import CareFlow` gives the whole public API.
@_exported import CareFlowRandom
@_exported import CareFlowStats
@_exported import CareFlowEngine
@_exported import CareFlowScenario
@_exported import CareFlowAnalysis
@_exported import CareFlowReport
@_exported import CareFlowReplay
@_exported import CareFlowSweep
@_exported import CareFlowBuildInfo
