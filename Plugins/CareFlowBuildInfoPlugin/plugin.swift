import Foundation
import PackagePlugin

/// Embeds the git commit CareFlow is built from: before every build it runs
/// scripts/build-info.sh, which writes GitCommit.swift (rewritten only when
/// the commit or the dirty flag changed, so nothing recompiles otherwise).
/// Without git, or outside a repository, the commit is "unknown"
/// (CAREFLOW_GIT_COMMIT overrides it, e.g. for builds from a tarball).
@main
struct CareFlowBuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let out = context.pluginWorkDirectoryURL.appendingPathComponent("Generated")
        let script = context.package.directoryURL.appendingPathComponent("scripts/build-info.sh")
        return [.prebuildCommand(displayName: "CareFlow build info (git commit)",
                                 executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: [script.path, context.package.directoryURL.path, out.path],
                                 outputFilesDirectory: out)]
    }
}
