import Foundation

/// What a result was made with (CareFlow's version is Outputs.softwareVersion):
/// the git commit it was built from (embedded at build time by the CareFlowBuildInfoPlugin; see
/// scripts/build-info.sh), the Swift compiler and the machine.
public enum BuildInfo {
    /// The full commit hash, or "unknown" when built without git.
    public static let gitCommit: String = GeneratedBuildInfo.gitCommit
    /// Tracked files differed from the commit when it was built.
    public static let gitDirty: Bool = GeneratedBuildInfo.gitDirty
    /// "abc123..." or "abc123...-dirty" or "unknown".
    public static var commitDescription: String { gitCommit + (gitDirty ? "-dirty" : "") }

    /// The compiler that built this binary (the newest version it is at least).
    public static var swiftVersion: String {
        #if compiler(>=6.5)
        return ">= 6.5"
        #elseif compiler(>=6.4)
        return "6.4"
        #elseif compiler(>=6.3.2)
        return "6.3.2+"
        #elseif compiler(>=6.3.1)
        return "6.3.1"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }

    /// "Linux x86_64 (Debian GNU/Linux 12 (bookworm))"
    public static let operatingSystem: String = {
        var u = utsname()
        uname(&u)
        func field<T>(_ v: T) -> String {
            withUnsafeBytes(of: v) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
        }
        var s = "\(field(u.sysname)) \(field(u.release)) \(field(u.machine))"
        if let release = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
           let line = release.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") }) {
            s += " (" + line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) + ")"
        }
        return s
    }()

    /// The host name (looked up once).
    public static let host: String = ProcessInfo.processInfo.hostName

    /// Logical cores of the machine.
    public static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }
}
