/// A decision variable (a column) of a ``Model``: a typed handle, cheap to copy.
///
/// A handle is only meaningful for the model that created it; a solver rejects a model
/// whose rows refer to a variable the model does not have.
public struct Variable: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Position of the variable in its model, 0-based.
    public let index: Int

    /// Makes a handle for the variable at `index` (0-based) of a model.
    public init(index: Int) { self.index = index }

    public static func < (lhs: Variable, rhs: Variable) -> Bool { lhs.index < rhs.index }

    public var description: String { "x\(index)" }
}

/// Whether a variable takes any real value in its bounds or only whole numbers.
public enum VariableKind: String, Sendable, Hashable, CaseIterable {
    /// Any real value between the bounds.
    case continuous
    /// A whole number between the bounds (bounds must be whole numbers too).
    case integer
    /// 0 or 1.
    case binary
}
