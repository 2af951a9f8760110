/// A parsed lesson condition: a small expression over named live quantities, e.g.
/// `phase == "backward" and grad(1) / grad(length) < 1e-3`. Parsed and evaluated by Unroll, never run as code.
///
/// A run of one precedence group (`a and b and c`, `1 + 2 - 3`) is one `chain` node, so a long condition is a
/// wide tree rather than a deep one; only parentheses, calls, `not` and unary minus nest, and the parser
/// bounds them, so every walk over a condition is bounded.
public indirect enum Condition: Equatable, Sendable {
    case number(Double)
    case text(String)
    case boolean(Bool)
    /// A named quantity (`radius`, `step`, …).
    case name(String, column: Int)
    /// A function of quantities (`grad(t)`, `gate("f", 0)`, `abs(x)`, …).
    case call(String, [Condition], column: Int)
    case negate(Condition)
    case not(Condition)
    /// `first op₁ x₁ op₂ x₂ …` for the operators of one group (or; and; + −; × ÷), grouped to the left.
    case chain(Condition, [ChainLink])
    /// A comparison of two values (`<`, `<=`, `>`, `>=`, `==`, `!=`).
    case comparison(BinaryOperator, Condition, Condition, column: Int)

    /// The operators, loosest first in precedence groups: or; and; comparisons; + −; × ÷.
    public enum BinaryOperator: String, Sendable {
        case or, and
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="
        case plus = "+", minus = "-", times = "*", divide = "/"
    }

    /// One operator and its right operand in a chain.
    public struct ChainLink: Equatable, Sendable {
        public let op: BinaryOperator
        public let operand: Condition
        /// The operator's 1-based column.
        public let column: Int

        public init(_ op: BinaryOperator, _ operand: Condition, column: Int) {
            self.op = op
            self.operand = operand
            self.column = column
        }
    }

    /// How deep a walk over a parsed condition can go: each nesting level (parentheses, a call, `not`, unary
    /// minus) adds at most one node per precedence group (or, and, not, comparison, sum, product, minus, call).
    public static let maximumTreeDepth = (ConditionParser.maximumNesting + 1) * 8
}

/// A condition that could not be read, at a 1-based column of its text.
public struct ConditionSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public let column: Int
    public let message: String
    public var description: String { "column \(column): \(message)" }
}
