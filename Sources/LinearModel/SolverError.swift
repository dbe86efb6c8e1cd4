/// A failure to solve that is not an answer about the model: the model or options were
/// invalid, the solver failed internally, or a file could not be written.
///
/// An infeasible or unbounded model is not an error: it is a ``Solution`` with that status.
public struct SolverError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable {
        /// The model failed validation; see ``validationError``.
        case invalidModel = "invalid_model"
        /// The solver options are out of range.
        case invalidOptions = "invalid_options"
        /// The solver stopped on an internal error (for instance its memory limit) and was
        /// recovered; the process and later solves are unaffected.
        case internalError = "internal_error"
        /// A live problem was used after it was closed, or on another thread.
        case invalidUse = "invalid_use"
        /// A file could not be written.
        case io
    }

    /// What kind of failure this is.
    public var code: Code
    /// What went wrong and how to fix it.
    public var message: String
    /// For ``Code/invalidOptions``: the setting that is out of range.
    public var setting: SolverOptions.Setting?
    /// The validation issues, for ``Code/invalidModel``.
    public var validationError: ModelValidationError?
    /// The solver's own output around the failure, if any.
    public var solverOutput: String

    public init(
        _ code: Code, _ message: String, setting: SolverOptions.Setting? = nil, validationError: ModelValidationError? = nil,
        solverOutput: String = ""
    ) {
        self.code = code
        self.message = message
        self.setting = setting
        self.validationError = validationError
        self.solverOutput = solverOutput
    }

    public var description: String {
        var text = message
        if let validationError { text += "\n" + validationError.description }
        return text
    }
}
