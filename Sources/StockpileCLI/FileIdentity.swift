import Foundation

/// Which file a path names, for telling whether two paths name the same file: the device
/// and inode of the file it leads to (links followed) when it exists, else its absolute,
/// standardized path.
enum FileIdentity: Hashable {
    case inode(device: UInt64, inode: UInt64)
    case path(String)

    /// The identity of `path`; `resolved` is its path with symbolic links followed, used
    /// when nothing exists there yet.
    init(_ path: String, resolved: String? = nil) {
        var info = stat()
        if stat(path, &info) == 0 {
            self = .inode(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        } else {
            self = .path(Self.absolute(resolved ?? path))
        }
    }

    /// `path` made absolute against the working folder, with `.`, `..` and doubled
    /// slashes taken out.
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
