import CareFlowReport
import Foundation

/// How `careflow serve` runs: the folder it serves, where it listens, the
/// token, and the limits that keep one browser from exhausting the machine.
public struct ServeConfiguration: Sendable {
    /// The folder scenario files are read from (nothing outside it is read).
    public var folder: String
    public var host: String
    /// 0 picks a free port (tests).
    public var port: Int
    /// Required on every request when set; mandatory for a non-loopback host.
    public var token: String?
    /// Results of finished jobs are written under this folder.
    public var resultsFolder: String
    /// Jobs running at once (default: cores).
    public var concurrency: Int
    /// Worker threads per job.
    public var workersPerJob: Int
    /// Jobs waiting beyond the running ones; more are refused with 503.
    public var maxQueued: Int
    /// Finished jobs kept in memory (older ones stay on disk only).
    public var maxJobsInMemory: Int
    public var maxBodyBytes: Int
    public var maxReplications: Int
    public var maxWhatIfs: Int
    /// A secret the page sends back on state-changing requests.
    public var csrfToken: String
    /// The page's and the reports' language (`--lang`, else CAREFLOW_LANG);
    /// nil: the browser's Accept-Language, else English. The page's toggle overrides it.
    public var language: ReportLanguage?

    public init(folder: String, host: String = "127.0.0.1", port: Int = 8080, token: String? = nil,
                resultsFolder: String = "Results/serve") {
        self.folder = folder
        self.host = host
        self.port = port
        self.token = token
        self.resultsFolder = resultsFolder
        let cores = ProcessInfo.processInfo.activeProcessorCount
        concurrency = max(1, cores)
        workersPerJob = max(1, cores)
        maxQueued = 200
        maxJobsInMemory = 32
        maxBodyBytes = 64 * 1024
        maxReplications = 1000
        maxWhatIfs = 8
        csrfToken = ServeConfiguration.randomToken()
        language = nil
    }

    /// The language for a request: `--lang`, else Accept-Language (the
    /// first of en and sv by q-value), else English.
    public func language(acceptLanguage: String?) -> ReportLanguage {
        if let language { return language }
        var best: (lang: ReportLanguage, q: Double)?
        for part in (acceptLanguage ?? "").split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = fields.first, let lang = ReportLanguage(rawValue: String(tag.lowercased().prefix(2))),
                  tag.count == 2 || tag.dropFirst(2).first == "-" else { continue }
            let q = fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if q > 0, q > (best?.q ?? 0) { best = (lang, q) }
        }
        return best?.lang ?? .en
    }

    /// True for 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { p in UInt8(p) != nil }
    }

    /// 32 random bytes as hex (SystemRandomNumberGenerator reads the OS's CSPRNG).
    public static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let h = String(g.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - h.count) + h
        }.joined()
    }

    /// The configuration error, if any: another address needs a token.
    public var problem: String? {
        if !ServeConfiguration.isLoopback(host), (token ?? "").isEmpty {
            return "listening on \(host) needs --token (or let serve generate one)"
        }
        if let t = token, t.count < 16 { return "--token must be at least 16 characters" }
        return nil
    }
}
