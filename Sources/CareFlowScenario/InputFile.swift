import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a scenario or sweep file (the file given and every file it
/// `extends`): only regular files, at most `maxBytes`, UTF-8 text.
public enum InputFile {
    /// The largest scenario or sweep file read (10 MB): far above any real
    /// scenario (the shipped ones are under 20 kB), far below what would
    /// exhaust memory when parsed.
    public static let maxBytes = 10 * 1024 * 1024

    public enum Problem: Error, Equatable {
        case noSuchFile
        /// A directory, FIFO, device or socket: what it is.
        case notRegular(String)
        case tooLarge(Int)
        case notUTF8
        case unreadable(String)

        public var message: String {
            switch self {
            case .noSuchFile: return "no such file"
            case .notRegular(let kind): return "is \(kind), not a regular file"
            case .tooLarge(let n): return "the file has \(n) bytes, more than the limit of \(InputFile.maxBytes) (10 MB)"
            case .notUTF8: return "cannot read the file as UTF-8 text"
            case .unreadable(let why): return "cannot read the file: \(why)"
            }
        }
    }

    /// The bytes and text of `path`. Opened without blocking (a FIFO does
    /// not hang the read) and checked with fstat on the open file, so what is
    /// checked is what is read.
    public static func read(_ path: String) -> Result<(bytes: [UInt8], text: String), Problem> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let e = errno
            return .failure(e == ENOENT || e == ENOTDIR ? .noSuchFile : .unreadable(String(cString: strerror(e))))
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(.unreadable(String(cString: strerror(errno)))) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .failure(.notRegular("a directory"))
        case S_IFIFO: return .failure(.notRegular("a FIFO (named pipe)"))
        case S_IFCHR, S_IFBLK: return .failure(.notRegular("a device"))
        case S_IFSOCK: return .failure(.notRegular("a socket"))
        default: return .failure(.notRegular("not a file"))
        }
        guard st.st_size <= off_t(maxBytes) else { return .failure(.tooLarge(Int(st.st_size))) }
        var bytes = [UInt8](repeating: 0, count: Int(st.st_size))
        var got = 0
        // Reads until end of file, but never more than the limit (the file
        // may grow after fstat).
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(String(cString: strerror(errno))))
            }
            if n == 0 { break }
            guard got + n <= maxBytes else { return .failure(.tooLarge(got + n)) }
            if got + n > bytes.count { bytes.append(contentsOf: repeatElement(0, count: got + n - bytes.count)) }
            bytes.replaceSubrange(got..<(got + n), with: chunk[0..<n])
            got += n
        }
        bytes.removeSubrange(got..<bytes.count)
        guard let text = String(data: Data(bytes), encoding: .utf8) else { return .failure(.notUTF8) }
        return .success((bytes, text))
    }
}

private func systemRead(_ fd: Int32, _ buf: UnsafeMutableRawPointer?, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buf, n)
    #else
    return Darwin.read(fd, buf, n)
    #endif
}
