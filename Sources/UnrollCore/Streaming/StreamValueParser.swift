/// One line of a stream of values, read: the numbers of one step, or why the line is not one.
public enum StreamLine: Equatable, Sendable {
    /// A step's values, as many as the model reads (nan and inf included: they are data).
    case values([Float])
    /// A first line of names, not numbers (a CSV file's header).
    case header
    /// What is wrong with the line.
    case problem(String)
}

/// Reads the lines `unroll stream` is given: numbers one per line, or CSV rows of as many numbers as the model
/// has inputs, separated by commas (spaces around them allowed; `nan`, `inf` and `-inf` are numbers).
public struct StreamValueParser: Sendable {
    /// Numbers a line must hold.
    public let columns: Int
    /// The longest line read; longer ones are refused.
    public static let longestLine = 4096

    /// A parser for lines of `columns` numbers.
    public init(columns: Int) { self.columns = columns }

    /// The line `text` (without its newline), the `number`th of the stream (counted from 1).
    public func parse(_ text: Substring, number: Int) -> StreamLine {
        var line = text
        if line.last == "\r" { line = line.dropLast() }
        if line.utf8.count > Self.longestLine { return .problem("longer than \(Self.longestLine) characters") }
        if line.allSatisfy({ $0 == " " || $0 == "\t" }) { return .problem("an empty line, not \(describe(columns))") }
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        var values: [Float] = []
        values.reserveCapacity(fields.count)
        var firstNonNumber: Substring? = nil
        for field in fields {
            if let value = Self.number(field) { values.append(value) } else if firstNonNumber == nil { firstNonNumber = field }
        }
        if let bad = firstNonNumber {
            // A first line of names (none of them a number) is a CSV header.
            if number == 1, values.isEmpty, fields.allSatisfy({ !$0.isEmpty }) { return .header }
            return .problem(bad.isEmpty ? "an empty field, not a number" : "'\(InputText.excerpt(String(bad)))' is not a number")
        }
        guard values.count == columns else {
            return .problem("\(values.count) \(values.count == 1 ? "number" : "numbers"), but the model reads \(describe(columns)) a step")
        }
        return .values(values)
    }

    private func describe(_ n: Int) -> String { n == 1 ? "one number" : "\(n) numbers" }

    /// A number as a person or a program writes it: decimal or exponent notation, `nan`, `inf`, `-inf`
    /// (any case). Hexadecimal floats and the rest of what `Float(_:)` takes are not numbers here.
    static func number(_ field: Substring) -> Float? {
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        // A number starts, after its signs, with a digit or a point, and holds only digits, points, signs and e.
        if let first = field.utf8.first(where: { $0 != 0x2B && $0 != 0x2D }), isDigit(first) || first == 0x2E {
            guard field.utf8.allSatisfy({ isDigit($0) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45 }) else { return nil }
            return Float(field)
        }
        switch field.lowercased() {
        case "nan", "+nan", "-nan": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }
}

extension Substring {
    /// Without the spaces and tabs at either end.
    var trimmingSpaces: Substring {
        var s = self
        while let first = s.first, first == " " || first == "\t" { s = s.dropFirst() }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return s
    }
}
