import Foundation
import Testing
import UnrollCore

/// Randomised checks of the JSON reader: random bytes and mutated documents never crash it, what it accepts
/// stays within the limits it was given, and every document it writes reads back the same, whichever escape
/// forms spell its strings. Seeded, so a failure repeats; `UNROLL_FUZZ_ROUNDS` runs it longer.
@Suite struct JSONPropertyTests {
    static let rounds = ProcessInfo.processInfo.environment["UNROLL_FUZZ_ROUNDS"].flatMap { Int($0) } ?? 4000

    struct Shape: Equatable {
        var values = 0, depth = 0, longestString = 0, longestNumber = 0
    }

    /// What a parsed value holds, measured the way the limits count.
    static func shape(_ value: JSONValue, depth: Int = 0) -> Shape {
        var s = Shape(values: 1, depth: depth)
        switch value {
        case let .string(text): s.longestString = text.utf8.count
        case let .number(text): s.longestNumber = text.count
        case let .array(items):
            s.depth = depth + 1
            for item in items { s.merge(shape(item, depth: depth + 1)) }
        case let .object(members):
            s.depth = depth + 1
            for (key, item) in members {
                s.longestString = max(s.longestString, key.utf8.count)
                s.merge(shape(item, depth: depth + 1))
            }
        case .null, .bool: break
        }
        return s
    }

    /// A random value: every kind, nesting, strings of any scalar (control characters and astral ones too).
    static func value(_ g: inout SeededGenerator, depth: Int = 0) -> JSONValue {
        switch g.index(below: depth > 4 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(g.index(below: 2) == 0)
        case 2: return .float(Float(bitPattern: UInt32(truncatingIfNeeded: g.next())))
        case 3: return .int(Int(truncatingIfNeeded: g.next()) >> g.index(below: 64))
        case 4: return .string(string(&g))
        case 5: return .array((0..<g.index(below: 6)).map { _ in value(&g, depth: depth + 1) })
        default: return .object((0..<g.index(below: 6)).map { _ in (string(&g), value(&g, depth: depth + 1)) })
        }
    }

    static func string(_ g: inout SeededGenerator) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<g.index(below: 8) {
            let pick = g.index(below: 6)
            let code: UInt32 = switch pick {
            case 0: UInt32(g.index(below: 0x20))            // control characters
            case 1: UInt32(0x20 + g.index(below: 0x60))     // ASCII, quotes and backslashes included
            case 2: UInt32(0x80 + g.index(below: 0xD780))   // the rest of the BMP below the surrogates
            case 3: UInt32(0xE000 + g.index(below: 0x2000))
            case 4: UInt32(0x10000 + g.index(below: 0x100000))
            default: [0x22, 0x5C, 0x2F, 0x7F, 0xFEFF, 0x2028, 0xFFFF][g.index(below: 7)]
            }
            if let s = Unicode.Scalar(code) { scalars.append(s) }
        }
        return String(scalars)
    }

    /// `text` as a JSON string literal with each scalar spelled one of the ways JSON allows.
    static func spelled(_ text: String, _ g: inout SeededGenerator) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            let short: [Unicode.Scalar: String] = ["\"": "\\\"", "\\": "\\\\", "/": "\\/", "\u{8}": "\\b", "\u{C}": "\\f",
                                                   "\n": "\\n", "\r": "\\r", "\t": "\\t"]
            let mustEscape = scalar == "\"" || scalar == "\\" || scalar.value < 0x20
            switch g.index(below: 3) {
            case 0 where short[scalar] != nil: out += short[scalar]!
            case 1, 0:
                // \uXXXX, as a surrogate pair above the BMP, in either case.
                let units = Array(String(scalar).utf16)
                let upper = g.index(below: 2) == 0
                for unit in units {
                    let hex = String(unit, radix: 16, uppercase: upper)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            default:
                if mustEscape { out += short[scalar] ?? String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// `value` written with every string spelled at random and random white space between tokens.
    static func written(_ value: JSONValue, _ g: inout SeededGenerator) -> String {
        let space = ["", " ", "\n", "\t", "\r\n  "][g.index(below: 5)]
        switch value {
        case let .string(s): return spelled(s, &g)
        case let .array(items): return "[" + space + items.map { written($0, &g) }.joined(separator: "," + space) + space + "]"
        case let .object(members):
            return "{" + space + members.map { spelled($0.0, &g) + space + ":" + space + written($0.1, &g) }.joined(separator: ",") + "}"
        default: return value.serializedOnOneLine()
        }
    }

    @Test func writtenDocumentsReadBackTheSameWhateverTheirEscapes() throws {
        var g = SeededGenerator(seed: 0x15_0A)
        for _ in 0..<Self.rounds {
            let original = Self.value(&g)
            #expect(try JSONParser.parse(original.serialized()) == original)
            #expect(try JSONParser.parse(original.serializedOnOneLine()) == original)
            let respelled = Self.written(original, &g)
            #expect(try JSONParser.parse(respelled) == original, "\(respelled)")
        }
    }

    @Test func randomBytesNeverCrashAndWhatIsAcceptedRoundTrips() throws {
        var g = SeededGenerator(seed: 0xB17E5)
        let tokens = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "d83d", "DE00", "dc00", "d800", "0", "-", "1e", "E+",
                      ".", "9", "true", "false", "null", "nul", " ", "\n", "\u{0}", "é", "\u{FFFD}", "\\n", "\\x", "\"a\""]
        var accepted = 0
        for _ in 0..<(Self.rounds * 4) {
            var bytes: [UInt8] = []
            for _ in 0..<g.index(below: 40) {
                if g.index(below: 4) == 0 { bytes.append(UInt8(truncatingIfNeeded: g.next())) } else { bytes += Array(tokens[g.index(below: tokens.count)].utf8) }
            }
            if try check(bytes, &g) { accepted += 1 }
        }
        #expect(accepted > 10, "\(accepted) accepted")
    }

    @Test func mutatedDocumentsNeverCrashAndStayWithinTheirLimits() throws {
        var g = SeededGenerator(seed: 0x3A7E)
        var accepted = 0
        for _ in 0..<Self.rounds {
            var bytes = Array(Self.written(Self.value(&g), &g).utf8)
            for _ in 0..<(1 + g.index(below: 4)) where !bytes.isEmpty {
                let k = g.index(below: bytes.count)
                switch g.index(below: 5) {
                case 0: bytes[k] ^= UInt8(1) << UInt8(g.index(below: 8))                       // one flipped bit
                case 1: bytes.remove(at: k)
                case 2: bytes.insert(Array("\"\\{}[],:u0eE-.".utf8)[g.index(below: 14)], at: k)
                case 3: bytes.removeLast(g.index(below: bytes.count))                              // cut short
                default: bytes.insert(contentsOf: Array("\\ud800\\u0041".utf8), at: k)           // a broken pair
                }
            }
            if try check(bytes, &g) { accepted += 1 }
        }
        #expect(accepted > Self.rounds / 50 && accepted < Self.rounds, "\(accepted) accepted")
    }

    /// Parses `bytes` under random limits: an error is fine, a crash is not, and an accepted document is within
    /// the limits and reads back the same from what the writer makes of it.
    @discardableResult
    func check(_ bytes: [UInt8], _ g: inout SeededGenerator) throws -> Bool {
        let limits = JSONLimits(kind: "a random document", bytes: 8 + g.index(below: 400), values: 1 + g.index(below: 60),
                                stringBytes: g.index(below: 40), numberLength: 1 + g.index(below: 30), depth: 1 + g.index(below: 8))
        let keep: Set<String>? = g.index(below: 4) == 0 ? ["a", "", "\u{1F600}"] : nil
        guard let value = try? JSONParser.parse(bytes, limits: limits, keeping: keep) else { return false }
        let shape = Self.shape(value)
        #expect(bytes.count <= limits.bytes && shape.values <= limits.values && shape.depth <= limits.depth, "\(bytes)")
        #expect(shape.longestString <= limits.stringBytes && shape.longestNumber <= limits.numberLength, "\(bytes)")
        #expect(String(validating: bytes, as: UTF8.self) != nil, "accepted invalid UTF-8: \(bytes)")
        #expect(try JSONParser.parse(value.serialized()) == value)
        if keep == nil {
            // Without member selection the text itself is the document: the standard limits read it too.
            #expect(try JSONParser.parse(bytes) == value)
        }
        return true
    }
}

extension JSONPropertyTests.Shape {
    mutating func merge(_ other: Self) {
        values += other.values
        depth = max(depth, other.depth)
        longestString = max(longestString, other.longestString)
        longestNumber = max(longestNumber, other.longestNumber)
    }
}
