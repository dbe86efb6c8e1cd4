import ArgumentParser
import Foundation
import Stockpile

/// `stockpile init [--xlsx] DIR`: writes a starting model that plans as it is.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented template model (model.yaml, and with --xlsx model.xlsx) that plans as it is.",
        discussion: """
            DIR is made if missing. An existing file is never replaced: each file is written \
            under a temporary name in DIR and linked to its name only if that name is free, so \
            a device, link or earlier model is left alone (and nothing is written when either \
            name is taken). The workbook holds the same example as the YAML file, in the \
            layout of docs/spreadsheets.md. \
            Exit status: 0 written; 64 a file already exists or DIR is not a folder; 70 the \
            files could not be written.
            """)

    @Argument(help: "The folder to write the template into (made if missing).")
    var directory: String

    @Flag(help: "Also write the same model as a workbook, model.xlsx.")
    var xlsx = false

    func run() throws {
        try CLIError.printed { () throws(CLIError) in
            var files: [(name: String, bytes: [UInt8])] = [(ModelTemplate.yamlName, Array(ModelTemplate.yaml.utf8))]
            if xlsx {
                do {
                    files.append((ModelTemplate.workbookName, Array(try ModelTemplate.workbook.data())))
                } catch {
                    throw CLIError("cannot make the workbook: \(error)")
                }
            }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder) {
                guard isFolder.boolValue else {
                    throw CLIError("`\(directory)` exists and is not a folder; name a folder to write the model into", status: 64)
                }
            } else {
                do {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    throw CLIError("cannot make the folder `\(directory)`: \(error.localizedDescription)")
                }
            }
            let paths = files.map { NSString(string: directory).appendingPathComponent($0.name) }
            for path in paths {
                var status = stat()
                if lstat(path, &status) == 0 {
                    throw CLIError("`\(path)` already exists; init never replaces a file: move it away or name another folder", status: 64)
                }
            }
            for (file, path) in zip(files, paths) { try Self.create(path, with: file.bytes) }
            print("Wrote \(paths.joined(separator: " and ")); plan it with `stockpile plan \(paths[0])`.")
        }
    }

    /// Writes `bytes` to a new file at `path`: to a temporary file beside it (made
    /// exclusively, as every output is staged), then linked to `path`, which fails rather
    /// than replace anything there.
    static func create(_ path: String, with bytes: [UInt8]) throws(CLIError) {
        let folder = NSString(string: path).deletingLastPathComponent
        let temporary = try OutputTransaction.temporaryFile(
            with: .bytes(Data(bytes)), in: folder.isEmpty ? "." : folder, stem: "init", mode: OutputTransaction.newFileMode, for: "`\(path)`")
        defer { unlink(temporary) }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { throw CLIError("`\(path)` already exists; init never replaces a file", status: 64) }
            throw CLIError("cannot write `\(path)`: \(String(cString: strerror(errno)))")
        }
    }
}
