import ArgumentParser
import Foundation
import Stockpile

/// A command whose report `--format` chooses; its CSV holds something of its own, which
/// the help says.
protocol ReportingCommand {
    /// The help of `--format`.
    static var formatHelp: ArgumentHelp { get }
    /// The formats the command writes; others are a usage error (64) naming these.
    static var formats: [ReportFormat] { get }
}

extension ReportingCommand {
    /// Every format but the workbook, which only `plan` writes.
    static var formats: [ReportFormat] { ReportFormat.allCases.filter { $0 != .xlsx } }
}

/// `--format` and `--output`, which every command takes (see ``ModelOptions`` for how they
/// are checked).
struct OutputOptions<Command: ReportingCommand>: ParsableArguments {
    @Option(name: .shortAndLong, help: Command.formatHelp)
    var format: ReportFormat = .table

    @Option(name: .shortAndLong, help: "Write the report to FILE instead of standard output (replaced only when the run succeeds; see the README).")
    var output: String?

    /// Refuses, as usage errors (64): an `--output` path that cannot be a file to write, a
    /// format the command does not write, and a workbook (bytes) bound for a terminal.
    func check() throws {
        try OutputPathCheck.validate(output, option: "--output")
        guard Command.formats.contains(format) else {
            throw ValidationError(
                "--format \(format.rawValue) is not one this command writes; give one of "
                    + Command.formats.map(\.rawValue).joined(separator: ", "))
        }
        if format.isBinary, Self.isTerminal(output) {
            throw ValidationError(
                "--format \(format.rawValue) writes a binary file, which a terminal cannot show; give --output FILE, e.g. "
                    + "--output plan.\(format.rawValue)")
        }
    }

    /// Whether the report would reach a terminal: standard output when `path` is nil, else
    /// a path that is a terminal device (`/dev/stdout` or `/dev/tty` at a terminal).
    private static func isTerminal(_ path: String?) -> Bool {
        guard let path else { return isatty(STDOUT_FILENO) != 0 }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFCHR else { return false }
        // Non-blocking and without becoming our controlling terminal: only to ask.
        let descriptor = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return isatty(descriptor) != 0
    }
}
