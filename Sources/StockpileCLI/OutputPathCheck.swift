import ArgumentParser
import Foundation

/// Checks, before anything is planned, that an output path can name a file to write: not
/// empty, not a directory, in a folder that exists. A bad one is a usage error (64) that
/// says what to give instead, not a failure to write after the work is done.
enum OutputPathCheck {
    /// Throws a `ValidationError` when `path`, given to `option` (e.g. `--output`), cannot
    /// be a file to write; nil (the option not given) passes.
    static func validate(_ path: String?, option: String) throws {
        guard let path else { return }
        if let problem = problem(with: path) { throw ValidationError("\(option) \(problem)") }
    }

    /// What is wrong with `path` as a file to write, as the end of a sentence; nil when
    /// nothing is.
    static func problem(with path: String) -> String? {
        guard !path.isEmpty else { return "is empty; give a file name, e.g. plan.txt" }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "`\(path)` is a directory; give a file path, e.g. \(NSString(string: path).appendingPathComponent("plan.txt"))"
        }
        if path.hasSuffix("/") { return "`\(path)` ends in `/`, which names a folder; give a file path" }
        let folder = NSString(string: path).deletingLastPathComponent
        guard !folder.isEmpty else { return nil }  // the current directory
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            return "`\(path)`: the folder `\(folder)` does not exist; create it first (mkdir -p \(folder)) or write elsewhere"
        }
        guard isDirectory.boolValue else { return "`\(path)`: `\(folder)` is a file, not a folder" }
        guard access(folder, W_OK) == 0 else { return "`\(path)`: the folder `\(folder)` is not writable" }
        return nil
    }
}
