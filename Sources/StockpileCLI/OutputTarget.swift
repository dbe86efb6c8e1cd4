import Foundation

/// Where one output file goes and how it is to be written, found before anything is
/// written.
struct OutputTarget {
    /// How the output reaches its file.
    enum Kind: Equatable {
        /// A device, FIFO or socket (`/dev/null`, `/dev/stdout` on a terminal or pipe):
        /// opened as it is and written in place; a rename would put a file in its stead.
        case device
        /// A regular file reached through a file-descriptor link (`/dev/stdout` redirected
        /// to a file): appended to in place, so `>>` in the shell keeps what came before.
        case descriptor
        /// A regular file with other hard links: rewritten in place, so every name of it
        /// sees the new contents.
        case hardLinked
        /// A regular file (its permission bits kept), or nothing yet (`mode` nil): replaced
        /// by a file renamed over it.
        case replace(mode: mode_t?)
    }

    /// The path as given on the command line, for messages.
    let path: String
    /// `path` with every symbolic link followed: the file that is written or replaced.
    let resolved: String
    let kind: Kind
    let identity: FileIdentity

    /// Looks at `path`; throws (status 70) when it cannot be written at all.
    init(_ path: String) throws(CLIError) {
        self.path = path
        var info = stat()
        guard stat(path, &info) == 0 else {
            guard errno == ENOENT else { throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))") }
            let (resolved, _) = try Self.followLinks(path)
            self.resolved = resolved
            kind = .replace(mode: nil)
            identity = FileIdentity(path, resolved: resolved)
            return
        }
        identity = .inode(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        let type = info.st_mode & S_IFMT
        guard type != S_IFDIR else {
            throw CLIError("cannot write \(path): it is a folder; give a file name", status: 64)
        }
        guard type == S_IFREG else {
            resolved = path
            kind = .device
            return
        }
        let (resolved, throughDescriptor) = try Self.followLinks(path)
        self.resolved = resolved
        if throughDescriptor {
            kind = .descriptor
        } else if info.st_nlink > 1 {
            kind = .hardLinked
        } else {
            kind = .replace(mode: info.st_mode & 0o777)
        }
    }

    /// Whether the file is written in place at commit rather than replaced.
    var inPlace: Bool {
        if case .replace = kind { false } else { true }
    }

    /// The folder of ``resolved``: where its temporary file goes, so the rename stays
    /// within one file system.
    var folder: String {
        guard let slash = resolved.lastIndex(of: "/") else { return "." }
        return slash == resolved.startIndex ? "/" : String(resolved[..<slash])
    }

    /// The file name of ``resolved``.
    var name: String {
        guard let slash = resolved.lastIndex(of: "/") else { return resolved }
        return String(resolved[resolved.index(after: slash)...])
    }

    /// `path` with its symbolic links followed (each link's target read relative to the
    /// link's folder) up to a file or a name that does not exist yet, and whether a link
    /// on the way is in `/proc` (a file-descriptor link, as `/dev/stdout` leads to).
    private static func followLinks(_ path: String) throws(CLIError) -> (String, Bool) {
        var current = path
        var throughDescriptor = false
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return (current, throughDescriptor) }
            if current.hasPrefix("/proc/") { throughDescriptor = true }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count >= 0 else { throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))") }
            let target = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if target.hasPrefix("/") {
                current = target
            } else {
                let slash = current.lastIndex(of: "/")
                current = slash.map { String(current[...$0]) + target } ?? target
            }
        }
        throw CLIError("cannot write \(path): too many levels of symbolic links")
    }
}
