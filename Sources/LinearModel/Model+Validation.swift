/// Something in a ``Model`` that no solver should be given.
public struct ModelIssue: Sendable, Hashable, CustomStringConvertible {
    /// The variable or constraint at fault, as "variable 'name' (#3)" or "constraint 'name' (#0)".
    public var subject: String
    /// What is wrong and what is allowed.
    public var message: String

    public var description: String { "\(subject): \(message)" }
}

/// A model that failed ``Model/validate()``, with every issue found.
public struct ModelValidationError: Error, Sendable, CustomStringConvertible {
    /// All issues, in model order.
    public var issues: [ModelIssue]

    public var description: String {
        "invalid model (\(issues.count) issue\(issues.count == 1 ? "" : "s")):\n"
            + issues.map { "  - \($0)" }.joined(separator: "\n")
    }
}

extension Model {
    /// Largest magnitude of a finite number in a model: beyond it solvers lose all precision
    /// (GLPK answered "optimal" with x = inf for a bound of -1.7e308).
    public static let largestMagnitude = 1e20

    /// Longest name, in UTF-8 bytes, that solvers accept (GLPK's limit).
    public static let maximumNameLength = 255

    /// Checks everything a solver relies on and reports every issue at once.
    ///
    /// Numbers must be finite and within ±``largestMagnitude`` (bounds may be infinite on
    /// their open side), lower bounds at
    /// most upper bounds, integer bounds whole numbers, matrix entries must refer to
    /// variables of this model, and names at most ``maximumNameLength`` bytes without
    /// control characters.
    public func validate() throws(ModelValidationError) {
        var issues: [ModelIssue] = []
        func variableSubject(_ index: Int) -> String { Self.subject("variable", variableNames[index], index) }
        func constraintSubject(_ index: Int) -> String { Self.subject("constraint", constraintNames[index], index) }

        if let problem = Self.nameProblem(name) {
            issues.append(ModelIssue(subject: "model name", message: problem))
        }
        if !objectiveConstant.isFinite {
            issues.append(ModelIssue(subject: "objective", message: "constant is \(objectiveConstant); it must be a finite number"))
        }
        for index in 0..<variableCount {
            let lower = variableLower[index]
            let upper = variableUpper[index]
            if let problem = Self.boundsProblem(lower: lower, upper: upper) {
                issues.append(ModelIssue(subject: variableSubject(index), message: problem))
            } else if variableKinds[index] != .continuous,
                (lower.isFinite && lower.rounded() != lower) || (upper.isFinite && upper.rounded() != upper)
            {
                issues.append(
                    ModelIssue(
                        subject: variableSubject(index),
                        message: "integer variable has bounds \(lower) ... \(upper); integer bounds must be whole numbers"))
            }
            if !(objectiveCoefficients[index].isFinite && abs(objectiveCoefficients[index]) <= Self.largestMagnitude) {
                issues.append(
                    ModelIssue(
                        subject: variableSubject(index),
                        message: "objective coefficient is \(objectiveCoefficients[index]); it must be a finite number within ±1e20"))
            }
            if let problem = Self.nameProblem(variableNames[index]) {
                issues.append(ModelIssue(subject: variableSubject(index), message: problem))
            }
        }
        for row in 0..<constraintCount {
            if let problem = Self.boundsProblem(lower: constraintLower[row], upper: constraintUpper[row]) {
                issues.append(ModelIssue(subject: constraintSubject(row), message: problem))
            }
            for entry in rowStart[row]..<rowStart[row + 1] {
                let column = entryColumns[entry]
                if column < 0 || column >= variableCount {
                    issues.append(
                        ModelIssue(
                            subject: constraintSubject(row),
                            message: "refers to variable #\(column), but the model has \(variableCount) variables; "
                                + "use handles made by this model's addVariable"))
                } else if !(entryValues[entry].isFinite && abs(entryValues[entry]) <= Self.largestMagnitude) {
                    issues.append(
                        ModelIssue(
                            subject: constraintSubject(row),
                            message: "coefficient of \(variableSubject(column)) is \(entryValues[entry]); it must be a finite number within ±1e20"))
                }
            }
            if let problem = Self.nameProblem(constraintNames[row]) {
                issues.append(ModelIssue(subject: constraintSubject(row), message: problem))
            }
        }
        if !issues.isEmpty { throw ModelValidationError(issues: issues) }
    }

    private static func subject(_ kind: String, _ name: String, _ index: Int) -> String {
        name.isEmpty ? "\(kind) #\(index)" : "\(kind) '\(name.prefix(60))' (#\(index))"
    }

    private static func boundsProblem(lower: Double, upper: Double) -> String? {
        if lower.isNaN || upper.isNaN {
            return "bounds are \(lower) ... \(upper); NaN is not a number a solver can use"
        }
        if lower == .infinity || upper == -.infinity {
            return "bounds are \(lower) ... \(upper); a lower bound cannot be +infinity nor an upper bound -infinity"
        }
        if lower > upper {
            return "lower bound \(lower) is greater than upper bound \(upper)"
        }
        if (lower.isFinite && abs(lower) > largestMagnitude) || (upper.isFinite && abs(upper) > largestMagnitude) {
            return "bounds are \(lower) ... \(upper); finite bounds must be within ±1e20 (use infinity for no bound)"
        }
        return nil
    }

    private static func nameProblem(_ name: String) -> String? {
        var name = name
        return name.withUTF8 { bytes in
            if bytes.count > maximumNameLength {
                return "name is \(bytes.count) bytes long; at most \(maximumNameLength) are allowed"
            }
            // A byte scan, since this runs for every name: C0 controls and DEL (which GLPK
            // rejects), and C1 controls (U+0080 to U+009F, encoded 0xC2 0x80...0x9F).
            var previous: UInt8 = 0
            for byte in bytes {
                if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) {
                    return "name contains a control character; use printable characters only"
                }
                previous = byte
            }
            return nil
        }
    }
}
