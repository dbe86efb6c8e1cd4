import ArgumentParser

/// The tool's exit statuses (documented in the README and `stockpile --help`).
enum ExitStatus {
    /// Every target is met.
    static let success = ExitCode(0)
    /// A plan was made, but some target cannot be met.
    static let shortfall = ExitCode(3)
    /// The command line is wrong (ArgumentParser's own validation failures use 64 too).
    static let usage = ExitCode(64)
    /// The model file is invalid.
    static let invalidModel = ExitCode(65)
    /// The solver failed, or an output file could not be written.
    static let solverFailure = ExitCode(70)
}
