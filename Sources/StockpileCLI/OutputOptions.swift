import ArgumentParser
import Stockpile

/// A command whose report `--format` chooses; its CSV holds something of its own, which
/// the help says.
protocol ReportingCommand {
    /// The help of `--format`.
    static var formatHelp: ArgumentHelp { get }
}

/// `--format` and `--output`, which every command takes (see ``ModelOptions`` for how they
/// are checked).
struct OutputOptions<Command: ReportingCommand>: ParsableArguments {
    @Option(name: .shortAndLong, help: Command.formatHelp)
    var format: ReportFormat = .table

    @Option(name: .shortAndLong, help: "Write the report to FILE instead of standard output (replaced only when the run succeeds; see the README).")
    var output: String?

    /// Refuses an `--output` path that cannot be a file to write (a usage error, 64).
    func check() throws {
        try OutputPathCheck.validate(output, option: "--output")
    }
}
