import Testing
@testable import UnrollCore

/// The JSON reader's edges: escapes that are not whole characters, the limits a caller gives, members it
/// reads without keeping, and messages that quote what they were given.
@Suite struct JSONReaderTests {
    func message(_ text: String, limits: JSONLimits = .standard) -> String? {
        do {
            _ = try JSONParser.parse(text, limits: limits)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func surrogatePairsDecodeAndBrokenOnesAreRefused() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00 \uD83D\uDE00""#) == .string("😀 😀"))
        #expect(try JSONParser.parse(#""\u0000\u00e9\uffff""#) == .string("\u{0}é\u{FFFF}"))
        // A high surrogate followed by anything but a low one used to trap on `low - 0xDC00`.
        let broken: [(String, String)] = [
            (#""\ud800\u0041""#, "\\uD800 is the first half of a surrogate pair and must be followed by a second half (\\uDC00 to \\uDFFF), not \\u0041"),
            (#""\ud800\ud800""#, "not \\uD800"),
            (#""\udbff\uffff""#, "not \\uFFFF"),
            (#""\ud800""#, "\\uD800 is the first half of a surrogate pair"),
            (#""\ud800x""#, "\\uD800 is the first half of a surrogate pair"),
            (#""\ud800\n""#, "\\uD800 is the first half of a surrogate pair"),
            (#""\ud800\u12""#, "expected four hex digits"),
            (#""\udc00""#, "\\uDC00 is the second half of a surrogate pair without a first half before it"),
            (#""a\uDFFFb""#, "\\uDFFF is the second half"),
        ]
        for (text, expected) in broken {
            let got = message(text)
            #expect(got?.contains(expected) == true, "\(text): \(got ?? "accepted")")
        }
        // The place named is the escape itself.
        #expect(message(#"["ab\ud800"]"#)?.hasPrefix("line 1, column 5:") == true)
    }

    @Test func invalidUTF8IsRefusedNotRepaired() {
        for bytes: [UInt8] in [[0x22, 0xC3, 0x28, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xFF, 0x22], [0x22, 0xE2, 0x82, 0x22]] {
            #expect(throws: JSONSyntaxError.self, "\(bytes)") { try JSONParser.parse(bytes) }
        }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0xEF, 0xBB, 0xBF, 0x5B, 0x5D]) }  // a byte-order mark
        #expect((try? JSONParser.parse(Array(#""é😀""#.utf8))) == .string("é😀"))
    }

    @Test func everyLimitIsEnforcedAtItsBound() throws {
        func limits(bytes: Int = 1 << 20, values: Int = 1 << 20, string: Int = 1 << 20, number: Int = 64, depth: Int = 256) -> JSONLimits {
            JSONLimits(kind: "a test document", bytes: bytes, values: values, stringBytes: string, numberLength: number, depth: depth)
        }
        // An array and its five numbers are six values.
        #expect(message("[1, 2, 3, 4, 5]", limits: limits(values: 6)) == nil)
        #expect(message("[1, 2, 3, 4, 5]", limits: limits(values: 5)) == "line 1, column 14: more than 5 values, which is more than a test document holds")
        #expect(message(#""abcd""#, limits: limits(string: 4)) == nil)
        #expect(message(#""abcde""#, limits: limits(string: 4))?.contains("a string longer than 4 bytes") == true)
        // Escapes count by what they decode to: \u00e9 is two bytes.
        #expect(message(#""ab\u00e9""#, limits: limits(string: 4)) == nil)
        #expect(message(#""abc\u00e9""#, limits: limits(string: 4)) != nil)
        #expect(message("-1.5e-10", limits: limits(number: 8)) == nil)
        #expect(message("-1.5e-100", limits: limits(number: 8))?.contains("a number of 9 characters") == true)
        #expect(message("[[[]]]", limits: limits(depth: 3)) == nil)
        #expect(message("[[[[]]]]", limits: limits(depth: 3))?.contains("nesting deeper than 3 levels") == true)
        #expect(message("[1, 2]", limits: limits(bytes: 6)) == nil)
        #expect(message("[1, 22]", limits: limits(bytes: 6))?.contains("more than a test document can be") == true)
        // The standard depth still holds.
        #expect(message(String(repeating: "[", count: 300))?.contains("nesting deeper than 256 levels") == true)
    }

    @Test func membersNotKeptAreReadStrictlyButCostNothing() throws {
        let big = "[" + Array(repeating: "[0.5, \"nan\", {\"a\": [true, null]}]", count: 20_000).joined(separator: ",") + "]"
        let text = #"{"keep": [1, 2], "steps": \#(big), "also": "x"}"#
        let limits = JSONLimits(kind: "a test document", bytes: 1 << 24, values: 8, stringBytes: 64)
        let value = try JSONParser.parse(Array(text.utf8), limits: limits, keeping: ["keep", "also"])
        #expect(value == .object([("keep", .array([.number("1"), .number("2")])), ("also", .string("x"))]))
        // Without skipping, the same document is far past those limits.
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(text.utf8), limits: limits) }
        // A member not kept is still checked: the broken escape deep inside is reported where it is.
        let broken = #"{"keep": 1, "steps": [[0], ["\ud800\u0041"]]}"#
        #expect(throws: JSONSyntaxError(line: 1, column: 30, message: "\\uD800 is the first half of a surrogate pair and must be followed by a second half (\\uDC00 to \\uDFFF), not \\u0041")) {
            try JSONParser.parse(Array(broken.utf8), limits: limits, keeping: ["keep"])
        }
        #expect(throws: JSONSyntaxError(line: 1, column: 1, message: "expected a JSON object at the top level")) {
            try JSONParser.parse(Array("[0, 0, 0]".utf8), limits: limits, keeping: ["keep"])
        }
    }

    @Test func messagesQuoteAShortCleanExcerpt() throws {
        let huge = String(repeating: "x", count: 10_000_000)
        #expect(InputText.excerpt(huge) == String(repeating: "x", count: 40) + "…")
        #expect(InputText.excerpt("short") == "short")
        #expect(InputText.excerpt("a\u{1B}]0;owned\u{7}b\nc\u{202E}d") == "a?]0;owned?b?c?d")
        // A character of ten thousand combining marks is still cut at forty scalars.
        #expect(InputText.excerpt("e" + String(repeating: "\u{301}", count: 10_000)).unicodeScalars.count == 41)
        // A key the parser quotes.
        let key = String(repeating: "k", count: 100_000)
        let error = try #require(message("{\"\(key)\" 1}"))
        #expect(error.count < 120 && error.contains("after the key \"kkkk") && error.contains("…"), "\(error)")
        #expect(byteCountText(512) == "512 bytes" && byteCountText(64 << 10) == "64 KiB" && byteCountText(5 << 29) == "2.5 GiB")
    }
}
