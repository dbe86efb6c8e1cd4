import Stockpile

extension PlanningError {
    /// The error as the command line says it: the library's words
    /// (``PlanningError/description``) with what to do here (the flag to raise, the command
    /// to use instead).
    var commandLineText: String {
        switch self {
        case .notSolved, .rangingFailed:
            description + (termination == .timeLimit ? "; raise --time-limit" : "")
        case .needsLinearProgram:
            description + "; plan it with `stockpile plan`, or remove those rules to explain the linear model"
        default:
            description
        }
    }
}
