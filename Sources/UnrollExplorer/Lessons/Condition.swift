/// A parsed lesson condition: a small expression over named live quantities, e.g.
/// `phase == "backward" and grad(1) / grad(length) < 1e-3`. Parsed and evaluated by Unroll, never run as code.
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
    case binary(BinaryOperator, Condition, Condition, column: Int)

    /// The operators, loosest first in precedence groups: or; and; comparisons; + −; × ÷.
    public enum BinaryOperator: String, Sendable {
        case or, and
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="
        case plus = "+", minus = "-", times = "*", divide = "/"
    }
}

/// A condition that could not be read, at a 1-based column of its text.
public struct ConditionSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public let column: Int
    public let message: String
    public var description: String { "column \(column): \(message)" }
}

/// Reads condition text.
public struct ConditionParser {
    private enum Token: Equatable {
        case number(Double), text(String), word(String), symbol(String), end
    }
    private var tokens: [(Token, Int)] = []
    private var position = 0

    /// Parses `text` into a condition, or says where and why it cannot.
    public static func parse(_ text: String) throws(ConditionSyntaxError) -> Condition {
        var parser = ConditionParser()
        parser.tokens = try tokenize(text)
        let condition = try parser.orExpression()
        if case let (token, column) = parser.tokens[parser.position], token != .end {
            throw ConditionSyntaxError(column: column, message: "unexpected \(describe(token)) after a complete condition")
        }
        return condition
    }

    private static func describe(_ token: Token) -> String {
        switch token {
        case let .number(n): "number \(n)"
        case let .text(s): "text \"\(s)\""
        case let .word(w): "'\(w)'"
        case let .symbol(s): "'\(s)'"
        case .end: "end of the condition"
        }
    }

    private static func tokenize(_ text: String) throws(ConditionSyntaxError) -> [(Token, Int)] {
        let chars = Array(text)
        var out: [(Token, Int)] = []
        var i = 0
        while i < chars.count {
            let c = chars[i], column = i + 1
            if c == " " || c == "\t" { i += 1; continue }
            if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i
                while j < chars.count, chars[j].isNumber || chars[j] == "." { j += 1 }
                if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var k = j + 1
                    if k < chars.count, chars[k] == "-" || chars[k] == "+" { k += 1 }
                    if k < chars.count, chars[k].isNumber {
                        j = k
                        while j < chars.count, chars[j].isNumber { j += 1 }
                    }
                }
                guard let value = Double(String(chars[i..<j])) else {
                    throw ConditionSyntaxError(column: column, message: "'\(String(chars[i..<j]))' is not a number")
                }
                out.append((.number(value), column))
                i = j
            } else if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                out.append((.word(String(chars[i..<j])), column))
                i = j
            } else if c == "\"" {
                var j = i + 1
                while j < chars.count, chars[j] != "\"" { j += 1 }
                guard j < chars.count else { throw ConditionSyntaxError(column: column, message: "text without its closing quote") }
                out.append((.text(String(chars[(i + 1)..<j])), column))
                i = j + 1
            } else if "<>=!".contains(c), i + 1 < chars.count, chars[i + 1] == "=" {
                out.append((.symbol(String(c) + "="), column))
                i += 2
            } else if "<>+-*/(),".contains(c) {
                out.append((.symbol(String(c)), column))
                i += 1
            } else {
                throw ConditionSyntaxError(column: column, message: c == "=" ? "'=' alone: write '==' to compare" : "unexpected character '\(c)'")
            }
        }
        out.append((.end, chars.count + 1))
        return out
    }

    private var current: (Token, Int) { tokens[position] }

    private mutating func accept(_ symbol: String) -> Bool {
        if case .symbol(symbol) = current.0 { position += 1; return true }
        if case .word(symbol) = current.0 { position += 1; return true }
        return false
    }

    private mutating func orExpression() throws(ConditionSyntaxError) -> Condition {
        try chain([.or]) { parser throws(ConditionSyntaxError) in try parser.andExpression() }
    }

    private mutating func andExpression() throws(ConditionSyntaxError) -> Condition {
        try chain([.and]) { parser throws(ConditionSyntaxError) in try parser.notExpression() }
    }

    /// `operand (op operand)*` for any of `ops` (words or symbols), grouped to the left.
    private mutating func chain(
        _ ops: [Condition.BinaryOperator], _ operand: (inout ConditionParser) throws(ConditionSyntaxError) -> Condition
    ) throws(ConditionSyntaxError) -> Condition {
        var left = try operand(&self)
        while true {
            let column = current.1
            var matched: Condition.BinaryOperator? = nil
            for op in ops where accept(op.rawValue) { matched = op; break }
            guard let op = matched else { return left }
            left = .binary(op, left, try operand(&self), column: column)
        }
    }

    private mutating func notExpression() throws(ConditionSyntaxError) -> Condition {
        if accept("not") { return .not(try notExpression()) }
        return try comparison()
    }

    private mutating func comparison() throws(ConditionSyntaxError) -> Condition {
        let left = try sum()
        for op in [Condition.BinaryOperator.lessOrEqual, .greaterOrEqual, .equal, .notEqual, .less, .greater] {
            let column = current.1
            if case .symbol(op.rawValue) = current.0 {
                position += 1
                return .binary(op, left, try sum(), column: column)
            }
        }
        return left
    }

    private mutating func sum() throws(ConditionSyntaxError) -> Condition {
        try chain([.plus, .minus]) { parser throws(ConditionSyntaxError) in try parser.product() }
    }

    private mutating func product() throws(ConditionSyntaxError) -> Condition {
        try chain([.times, .divide]) { parser throws(ConditionSyntaxError) in try parser.unary() }
    }

    private mutating func unary() throws(ConditionSyntaxError) -> Condition {
        if accept("-") { return .negate(try unary()) }
        return try primary()
    }

    private mutating func primary() throws(ConditionSyntaxError) -> Condition {
        let (token, column) = current
        switch token {
        case let .number(n): position += 1; return .number(n)
        case let .text(s): position += 1; return .text(s)
        case .word("true"): position += 1; return .boolean(true)
        case .word("false"): position += 1; return .boolean(false)
        case let .word(name) where !["and", "or", "not"].contains(name):
            position += 1
            guard accept("(") else { return .name(name, column: column) }
            var arguments: [Condition] = []
            if !accept(")") {
                repeat { arguments.append(try orExpression()) } while accept(",")
                guard accept(")") else { throw ConditionSyntaxError(column: current.1, message: "expected ')' to close \(name)(") }
            }
            return .call(name, arguments, column: column)
        case .symbol("("):
            position += 1
            let inner = try orExpression()
            guard accept(")") else { throw ConditionSyntaxError(column: current.1, message: "expected ')'") }
            return inner
        default:
            throw ConditionSyntaxError(column: column, message: "expected a number, a name or '(' but found \(Self.describe(token))")
        }
    }
}
