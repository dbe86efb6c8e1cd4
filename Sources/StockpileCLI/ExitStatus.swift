import ArgumentParser

/// The tool's exit statuses other than success (0) and usage errors (64, ArgumentParser's
/// own); all are documented in docs/commands.md and `stockpile --help`.
enum ExitStatus {
    /// A plan was made, but some target cannot be met.
    static let shortfall = ExitCode(3)
    /// The model file is invalid.
    static let invalidModel = ExitCode(65)
    /// The solver failed, an output file could not be written, or the model is too large
    /// for the memory the process may have.
    static let solverFailure = ExitCode(70)
}
