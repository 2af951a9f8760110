/// Reads condition text. Its work is bounded for any text: at most `maximumLength` characters, chains read in
/// a loop, and at most `maximumNesting` levels of parentheses, calls, `not` and unary minus, so neither the
/// parser nor anything that walks its result can run out of stack.
public struct ConditionParser {
    /// The longest condition, in characters.
    public static let maximumLength = 1000
    /// The deepest nesting of parentheses, calls, `not` and unary minus.
    public static let maximumNesting = 64

    private enum Token: Equatable {
        case number(Double), text(String), word(String), symbol(String), end
    }
    private var tokens: [(Token, Int)] = []
    private var position = 0
    private var depth = 0

    /// Parses `text` into a condition, or says where and why it cannot.
    public static func parse(_ text: String) throws(ConditionSyntaxError) -> Condition {
        let count = text.count
        if count > maximumLength {
            throw ConditionSyntaxError(column: maximumLength + 1, message: "a condition is at most \(maximumLength) characters; this one has \(count)")
        }
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
        case let .text(s): "text \"\(TerminalText.excerpt(s))\""
        case let .word(w): "'\(TerminalText.excerpt(w))'"
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
            if c.isASCIIDigit || (c == "." && i + 1 < chars.count && chars[i + 1].isASCIIDigit) {
                var j = i
                while j < chars.count, chars[j].isASCIIDigit || chars[j] == "." { j += 1 }
                if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var k = j + 1
                    if k < chars.count, chars[k] == "-" || chars[k] == "+" { k += 1 }
                    if k < chars.count, chars[k].isASCIIDigit {
                        j = k
                        while j < chars.count, chars[j].isASCIIDigit { j += 1 }
                    }
                }
                guard let value = Double(String(chars[i..<j])) else {
                    throw ConditionSyntaxError(column: column, message: "'\(TerminalText.excerpt(String(chars[i..<j])))' is not a number")
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
                let shown = c.unicodeScalars.contains(where: TerminalText.isControl)
                    ? "a control character" : "character '\(c)'"
                throw ConditionSyntaxError(column: column, message: c == "=" ? "'=' alone: write '==' to compare" : "unexpected \(shown)")
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

    /// Enters one nesting level at `column`, or refuses when that goes past `maximumNesting`.
    private mutating func nest(_ column: Int) throws(ConditionSyntaxError) {
        depth += 1
        if depth > Self.maximumNesting {
            throw ConditionSyntaxError(column: column, message: "conditions nest deeper than \(Self.maximumNesting) levels")
        }
    }

    private mutating func orExpression() throws(ConditionSyntaxError) -> Condition {
        try chain([.or]) { parser throws(ConditionSyntaxError) in try parser.andExpression() }
    }

    private mutating func andExpression() throws(ConditionSyntaxError) -> Condition {
        try chain([.and]) { parser throws(ConditionSyntaxError) in try parser.notExpression() }
    }

    /// `operand (op operand)*` for any of `ops` (words or symbols), read in a loop into one chain node.
    private mutating func chain(
        _ ops: [Condition.BinaryOperator], _ operand: (inout ConditionParser) throws(ConditionSyntaxError) -> Condition
    ) throws(ConditionSyntaxError) -> Condition {
        let first = try operand(&self)
        var links: [Condition.ChainLink] = []
        while true {
            let column = current.1
            var matched: Condition.BinaryOperator? = nil
            for op in ops where accept(op.rawValue) { matched = op; break }
            guard let op = matched else { break }
            links.append(Condition.ChainLink(op, try operand(&self), column: column))
        }
        return links.isEmpty ? first : .chain(first, links)
    }

    private mutating func notExpression() throws(ConditionSyntaxError) -> Condition {
        let column = current.1
        guard accept("not") else { return try comparison() }
        try nest(column)
        defer { depth -= 1 }
        return .not(try notExpression())
    }

    private mutating func comparison() throws(ConditionSyntaxError) -> Condition {
        let left = try sum()
        for op in [Condition.BinaryOperator.lessOrEqual, .greaterOrEqual, .equal, .notEqual, .less, .greater] {
            let column = current.1
            if case .symbol(op.rawValue) = current.0 {
                position += 1
                return .comparison(op, left, try sum(), column: column)
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
        let column = current.1
        guard accept("-") else { return try primary() }
        try nest(column)
        defer { depth -= 1 }
        return .negate(try unary())
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
            try nest(column)
            defer { depth -= 1 }
            var arguments: [Condition] = []
            if !accept(")") {
                repeat { arguments.append(try orExpression()) } while accept(",")
                guard accept(")") else {
                    throw ConditionSyntaxError(column: current.1, message: "expected ')' to close \(TerminalText.excerpt(name))(")
                }
            }
            return .call(name, arguments, column: column)
        case .symbol("("):
            try nest(column)
            defer { depth -= 1 }
            position += 1
            let inner = try orExpression()
            guard accept(")") else { throw ConditionSyntaxError(column: current.1, message: "expected ')'") }
            return inner
        default:
            throw ConditionSyntaxError(column: column, message: "expected a number, a name or '(' but found \(Self.describe(token))")
        }
    }
}

extension Character {
    /// 0–9 only: `isNumber` also takes digits of other scripts and fractions like "½", which `Double` refuses.
    var isASCIIDigit: Bool { isASCII && isNumber }
}
