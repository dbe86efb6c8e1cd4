import Foundation

/// Reads a whole file, turning a failure into the operating system's reason
/// ("No such file or directory", "Is a directory", "Permission denied").
enum FileContents {
    static func read(_ path: String) -> Result<Data, FileReadFailure> {
        do {
            return .success(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            if let posix = (error as? CocoaError)?.underlying as? POSIXError {
                return .failure(FileReadFailure(reason: String(cString: strerror(posix.code.rawValue))))
            }
            return .failure(FileReadFailure(reason: error.localizedDescription))
        }
    }

    /// Reads a UTF-8 text file (a leading byte order mark is kept; the YAML parser skips it).
    static func readText(_ path: String) -> Result<String, FileReadFailure> {
        read(path).flatMap { data in
            guard let text = String(data: data, encoding: .utf8) else {
                return .failure(FileReadFailure(reason: "not UTF-8 text; save the file as UTF-8"))
            }
            return .success(text)
        }
    }
}

/// Why a file could not be read.
struct FileReadFailure: Error, Sendable, Hashable {
    var reason: String
}
