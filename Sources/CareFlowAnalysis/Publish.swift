import Foundation
internal import _CareFlowShims

/// An output could not be written (full disk, permission denied, a file
/// where a folder should be). The command line prints
/// `careflow: error: <path>: <reason>` and exits with status 3.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public init(path: String, errno code: Int32) {
        self.init(path: path, reason: String(cString: strerror(code)))
    }
    public var description: String { "\(path): \(reason)" }
}

/// Writing output files so that a reader sees a whole set or none of it.
///
/// A set of files (a run's summary.json, kpis.csv, series.json ...) is
/// written into a fresh hidden sibling folder and published with one
/// rename: onto the output folder if there is none yet, else by an atomic
/// exchange with it (Linux renameat2 RENAME_EXCHANGE), after which the old
/// folder is deleted. Entries of the old folder that are not part of the new
/// set are carried over as hard links. On failure the staging folder is
/// removed and the previous result stays as it was.
enum Publisher {
    /// Stops carrying over a folder's other contents past this many entries
    /// (then files are replaced one by one instead).
    static let carryOverLimit = 10_000

    static func publish(_ files: [(String, String)], into dir: String) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: dir).standardizedFileURL.path
        let parent = target.parentPath
        let base = (target as NSString).lastPathComponent
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: target, isDirectory: &isDir)
        if exists && !isDir.boolValue { throw OutputError(path: dir, reason: "exists and is not a directory") }
        try makeDirectory(parent, shown: dir.parentPath)
        // The working directory (or one above it) cannot be swapped away.
        let cwd = URL(fileURLWithPath: fm.currentDirectoryPath).standardizedFileURL.path
        if exists && (cwd == target || cwd.hasPrefix(target.hasSuffix("/") ? target : target + "/")) {
            return try replaceEach(files, in: dir)
        }
        let stage = (parent as NSString).appendingPathComponent(".\(base).new-\(getpid())")
        try? fm.removeItem(atPath: stage)
        do {
            try makeDirectory(stage, shown: dir)
            for (name, content) in files {
                let path = (stage as NSString).appendingPathComponent(name)
                try makeDirectory(path.parentPath, shown: dir)
                try writeFile(path, Array(content.utf8), shown: (dir as NSString).appendingPathComponent(name))
            }
            if !exists {
                guard rename(stage, target) == 0 else { throw OutputError(path: dir, errno: errno) }
                return
            }
            let mine = Set(files.compactMap { $0.0.split(separator: "/").first.map(String.init) })
            guard carryOver(from: target, to: stage, except: mine) else {
                try? fm.removeItem(atPath: stage)
                return try replaceEach(files, in: dir)
            }
            guard cf_rename_exchange(stage, target) == 0 else {
                let e = errno
                try? fm.removeItem(atPath: stage)
                // No atomic exchange on this kernel or file system.
                if e == ENOSYS || e == EINVAL || e == ENOTSUP { return try replaceEach(files, in: dir) }
                throw OutputError(path: dir, errno: e)
            }
            try? fm.removeItem(atPath: stage)        // now the old folder
        } catch {
            try? fm.removeItem(atPath: stage)
            throw error
        }
    }

    /// Hard-links the entries of `from` not named in `except` into `to`
    /// (folders recursively). False if that is not possible (too many
    /// entries, links not supported): the caller falls back.
    static func carryOver(from: String, to: String, except: Set<String>) -> Bool {
        let fm = FileManager.default
        guard let top = try? fm.contentsOfDirectory(atPath: from) else { return false }
        var budget = carryOverLimit
        func link(_ src: String, _ dst: String) -> Bool {
            budget -= 1
            guard budget > 0, let attrs = try? fm.attributesOfItem(atPath: src), let type = attrs[.type] as? FileAttributeType else { return false }
            switch type {
            case .typeDirectory:
                guard mkdir(dst, 0o755) == 0, let names = try? fm.contentsOfDirectory(atPath: src) else { return false }
                return names.allSatisfy { link((src as NSString).appendingPathComponent($0), (dst as NSString).appendingPathComponent($0)) }
            case .typeRegular:
                return Glibc.link(src, dst) == 0
            case .typeSymbolicLink:
                guard let dest = try? fm.destinationOfSymbolicLink(atPath: src) else { return false }
                return symlink(dest, dst) == 0
            default:
                return false
            }
        }
        // Staging folders of other (crashed) runs are not carried over.
        let leftover = { (n: String) in n.contains(".tmp-") || (n.hasPrefix(".") && n.contains(".new-")) }
        return top.filter { !except.contains($0) && !leftover($0) }
            .allSatisfy { link((from as NSString).appendingPathComponent($0), (to as NSString).appendingPathComponent($0)) }
    }

    /// Writes each file atomically on its own (temporary name, then rename).
    /// For single files and for folders that cannot be swapped as a whole.
    static func replaceEach(_ files: [(String, String)], in dir: String) throws {
        try makeDirectory(dir, shown: dir)
        for (name, content) in files {
            let path = (dir as NSString).appendingPathComponent(name)
            try makeDirectory(path.parentPath, shown: path.parentPath)
            let tmp = path + ".tmp-\(getpid())"
            do {
                try writeFile(tmp, Array(content.utf8), shown: path)
                guard rename(tmp, path) == 0 else { throw OutputError(path: path, errno: errno) }
            } catch {
                unlink(tmp)
                throw error
            }
        }
    }

    static func makeDirectory(_ path: String, shown: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue { return }
            throw OutputError(path: shown.isEmpty ? path : shown, reason: "exists and is not a directory")
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            // Name the reason the system gives (the first missing folder's).
            var p = path
            while !p.isEmpty && p != "/" && !FileManager.default.fileExists(atPath: p.parentPath) {
                p = p.parentPath
            }
            let code = mkdir(p, 0o755) == 0 ? EIO : errno
            throw OutputError(path: shown.isEmpty ? path : shown, errno: code)
        }
    }

    /// Writes bytes to a new file with POSIX calls, so that a full disk or a
    /// closed descriptor is an error (not a trap in FileHandle).
    static func writeFile(_ path: String, _ bytes: [UInt8], shown: String) throws {
        let w = try StreamFile(path: path, shown: shown)
        try w.write(bytes)
        try w.close()
    }
}

/// A file written sequentially with POSIX calls; every failure is an
/// `OutputError` naming `shown`.
public final class StreamFile {
    private var fd: Int32
    public let shown: String

    public init(path: String, shown: String? = nil) throws {
        self.shown = shown ?? path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw OutputError(path: self.shown, errno: errno) }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw OutputError(path: shown, errno: errno)
                }
                off += n
            }
        }
    }

    public func close() throws {
        guard fd >= 0 else { return }
        let r = Glibc.close(fd)
        fd = -1
        if r != 0 { throw OutputError(path: shown, errno: errno) }
    }

    deinit { if fd >= 0 { _ = Glibc.close(fd) } }
}

/// A file that appears at its path only when complete: written as
/// `PATH.tmp-PID` and renamed on `commit()`; removed if never committed.
public final class AtomicFile {
    public let path: String
    private let tmp: String
    private let file: StreamFile
    private var buffer: [UInt8] = []
    private var committed = false

    public init(path: String) throws {
        self.path = path
        tmp = path + ".tmp-\(getpid())"
        try Publisher.makeDirectory(path.parentPath.isEmpty ? "." : path.parentPath,
                                    shown: path.parentPath)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw OutputError(path: path, reason: "is a directory")
        }
        file = try StreamFile(path: tmp, shown: path)
        buffer.reserveCapacity(1 << 16)
    }

    /// Buffered; flushed every 64 KB.
    public func write(_ s: String) throws {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try file.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    public func commit() throws {
        try flush()
        try file.close()
        guard rename(tmp, path) == 0 else { throw OutputError(path: path, errno: errno) }
        committed = true
    }

    deinit { if !committed { unlink(tmp) } }
}
