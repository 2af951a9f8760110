/// A malformed JSON text, or one past its limits, with the line and column where reading stopped.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line and column.
    public let line: Int, column: Int
    /// What was expected.
    public let message: String
    /// "line L, column C: message".
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// A strict JSON (RFC 8259) reader over UTF-8 bytes, within the limits its caller gives for the kind of
/// document. Invalid UTF-8 and `\u` escapes that are not whole characters (a high surrogate without its low
/// one, a low one alone) are refused rather than replaced, so what it returns is what the writer meant.
public enum JSONParser {
    /// Parses one JSON document; anything after it but white space is an error.
    public static func parse(_ text: String, limits: JSONLimits = .standard) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8), limits: limits)
    }

    /// Parses one JSON document from UTF-8 bytes. With `members`, the document must be an object and only
    /// those of its members are kept: the others are read as strictly but cost no memory (a trace's computed
    /// steps, when only its inputs are wanted).
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = .standard, keeping members: Set<String>? = nil)
        throws(JSONSyntaxError) -> JSONValue
    {
        guard bytes.count <= limits.bytes else {
            throw JSONSyntaxError(line: 1, column: 1, message: "\(byteCountText(bytes.count)) is more than \(limits.kind) "
                + "can be (at most \(byteCountText(limits.bytes)))")
        }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONValue in
            var reader = JSONReaderState(bytes: buffer, limits: limits)
            reader.skipSpace()
            let value = if let members { try reader.topObject(keeping: members) } else { try reader.value(build: true) }
            reader.skipSpace()
            if reader.index < buffer.count { throw reader.error("unexpected text after the JSON value") }
            return value
        }
    }
}

/// The parser's position in one document. Every method that reads takes `build`: false reads the value as
/// strictly but returns `.null` and keeps nothing.
private struct JSONReaderState {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: JSONLimits
    var index = 0
    var depth = 0
    var values = 0
    /// The current string's bytes, reused from string to string.
    var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    func error(_ message: String, at position: Int? = nil) -> JSONSyntaxError {
        var line = 1, column = 1
        for b in bytes[..<min(position ?? index, bytes.count)] {
            if b == UInt8(ascii: "\n") { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return JSONSyntaxError(line: line, column: column, message: message)
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// Counts one kept value against the limit.
    mutating func keep() throws(JSONSyntaxError) {
        values += 1
        if values > limits.values { throw error("more than \(limits.values) values, which is more than \(limits.kind) holds") }
    }

    mutating func value(build: Bool) throws(JSONSyntaxError) -> JSONValue {
        guard let b = current else { throw error("unexpected end of input, expected a value") }
        if build { try keep() }
        switch b {
        case UInt8(ascii: "{"): return try object(build: build)
        case UInt8(ascii: "["): return try array(build: build)
        case UInt8(ascii: "\""): return try string(build: build).map(JSONValue.string) ?? .null
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number(build: build)
        default: throw error("unexpected character, expected a value")
        }
    }

    mutating func literal(_ word: StaticString, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        let start = index
        for k in 0..<word.utf8CodeUnitCount {
            guard current == word.utf8Start[k] else {
                throw error("expected '\(word)'", at: start)  // the start of the broken word, not inside it
            }
            index += 1
        }
        return value
    }

    mutating func nest() throws(JSONSyntaxError) {
        depth += 1
        if depth > limits.depth { throw error("nesting deeper than \(limits.depth) levels") }
    }

    /// The document's top-level object with only the members named in `kept`.
    mutating func topObject(keeping kept: Set<String>) throws(JSONSyntaxError) -> JSONValue {
        guard current == UInt8(ascii: "{") else { throw error("expected a JSON object at the top level") }
        try keep()
        return try object(build: true, keeping: kept)
    }

    mutating func object(build: Bool, keeping kept: Set<String>? = nil) throws(JSONSyntaxError) -> JSONValue {
        try nest()
        index += 1
        var members: [(String, JSONValue)] = []
        skipSpace()
        if current == UInt8(ascii: "}") { index += 1; depth -= 1; return build ? .object(members) : .null }
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let keyNeeded = build
            let key = try string(build: keyNeeded) ?? ""
            skipSpace()
            guard current == UInt8(ascii: ":") else {
                throw error(keyNeeded ? "expected ':' after the key \"\(InputText.excerpt(key))\"" : "expected ':' after a key")
            }
            index += 1
            skipSpace()
            let keepValue = build && (kept?.contains(key) ?? true)
            let value = try value(build: keepValue)
            if keepValue { members.append((key, value)) }
            skipSpace()
            if current == UInt8(ascii: ",") { index += 1; continue }
            if current == UInt8(ascii: "}") { index += 1; depth -= 1; return build ? .object(members) : .null }
            throw error("expected ',' or '}' in an object")
        }
    }

    mutating func array(build: Bool) throws(JSONSyntaxError) -> JSONValue {
        try nest()
        index += 1
        var items: [JSONValue] = []
        skipSpace()
        if current == UInt8(ascii: "]") { index += 1; depth -= 1; return build ? .array(items) : .null }
        while true {
            skipSpace()
            let item = try value(build: build)
            if build { items.append(item) }
            skipSpace()
            if current == UInt8(ascii: ",") { index += 1; continue }
            if current == UInt8(ascii: "]") { index += 1; depth -= 1; return build ? .array(items) : .null }
            throw error("expected ',' or ']' in an array")
        }
    }

    mutating func number(build: Bool) throws(JSONSyntaxError) -> JSONValue {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") { index += 1 } else if digits() == 0 { throw error("expected digits") }
        if current == UInt8(ascii: ".") {
            index += 1
            if digits() == 0 { throw error("expected digits after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            if digits() == 0 { throw error("expected digits in the exponent") }
        }
        guard index - start <= limits.numberLength else {
            throw error("a number of \(index - start) characters, longer than the \(limits.numberLength) \(limits.kind) allows", at: start)
        }
        return build ? .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) : .null
    }

    mutating func digits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
        return index - start
    }

    /// A string's text (nil when not building); the opening quote is at `index`.
    mutating func string(build: Bool) throws(JSONSyntaxError) -> String? {
        let start = index
        index += 1
        scratch.removeAll(keepingCapacity: true)
        var length = 0
        while true {
            // The plain run up to the next quote, backslash or control character, taken whole.
            let runStart = index
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
                index += 1
            }
            length += index - runStart
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            if length > limits.stringBytes {
                throw error("a string longer than \(byteCountText(limits.stringBytes)), more than \(limits.kind) allows", at: start)
            }
            guard let b = current else { throw error("unterminated string") }
            switch b {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: scratch, as: UTF8.self) else { throw error("invalid UTF-8 in a string", at: start) }
                return build ? text : nil
            case UInt8(ascii: "\\"):
                length += try escape()
            default:
                throw error("control character in a string")
            }
        }
    }

    /// Appends the character of the escape at `index` to `scratch`; returns its UTF-8 length.
    mutating func escape() throws(JSONSyntaxError) -> Int {
        let start = index
        index += 1
        guard let e = current else { throw error("unterminated escape") }
        index += 1
        let simple: UInt8? = switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): e
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
        if let simple {
            scratch.append(simple)
            return 1
        }
        guard e == UInt8(ascii: "u") else {
            let shown = e < 0x7F && e >= 0x20 ? "'\\\(Character(Unicode.Scalar(e)))'" : "after '\\'"
            throw error("unknown escape \(shown)", at: start)
        }
        let first = try hex4()
        var value = first
        switch first {
        case 0xD800...0xDBFF:
            guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("\\u\(hex(first)) is the first half of a surrogate pair and must be followed by a "
                            + "second half (\\uDC00 to \\uDFFF)", at: start)
            }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw error("\\u\(hex(first)) is the first half of a surrogate pair and must be followed by a "
                            + "second half (\\uDC00 to \\uDFFF), not \\u\(hex(low))", at: start)
            }
            value = 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
        case 0xDC00...0xDFFF:
            throw error("\\u\(hex(first)) is the second half of a surrogate pair without a first half before it", at: start)
        default:
            break
        }
        // Every value left is a Unicode scalar: surrogates are gone and a pair tops out at U+10FFFF.
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        let before = scratch.count
        UTF8.encode(scalar) { scratch.append($0) }
        return scratch.count - before
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let b = current, let d = Self.hexDigit(b) else { throw error("expected four hex digits") }
            v = v << 4 | d
            index += 1
        }
        return v
    }

    func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func hexDigit(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
