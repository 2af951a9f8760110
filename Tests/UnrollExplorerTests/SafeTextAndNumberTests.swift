import Testing
import UnrollCore
@testable import UnrollExplorer

/// Text and numbers from files on their way to the screen: control characters never pass, and no
/// Float-to-Int conversion traps.
@Suite struct SafeTextAndNumberTests {
    @Test func controlCharactersNeverReachTheTerminal() {
        let title = "Evil \u{1B}]0;pwned\u{07} title \u{9B}2J\u{7F}"
        let safe = TerminalText.sanitized(title)
        #expect(safe == "Evil ?]0;pwned? title ?2J?")
        #expect(!safe.unicodeScalars.contains(where: TerminalText.isControl))
        #expect(TerminalText.sanitized("a\nb\tc") == "a?b c")
        #expect(TerminalText.sanitized("a\nb\r\nc", keepingNewlines: true) == "a\nb?\nc")
        #expect(TerminalText.sanitized("plain ünïcödé ‖∂L‖") == "plain ünïcödé ‖∂L‖")
        let long = TerminalText.excerpt(String(repeating: "x", count: 10_000) + "\u{1B}", limit: 40)
        #expect(long.count == 40 && long.hasSuffix("…"))
        #expect(TerminalText.excerpt("line\none") == "line?one")
    }

    @Test func theCanvasDrawsControlCharactersAsReplacements() {
        var canvas = Canvas(width: 20, height: 1, theme: .plainUnicode)
        canvas.text(0, 0, "a\u{1B}[2Jb\u{9B}c")
        #expect(canvas.lines[0].hasPrefix("a?[2Jb?c"))
    }

    @Test func floatToIntNeverTraps() {
        #expect(Int(clamping: Double.nan, to: 0...10) == nil)
        #expect(Int(clamping: Double.infinity, to: 0...10) == 10)
        #expect(Int(clamping: -Double.infinity, to: 0...10) == 0)
        #expect(Int(clamping: 1e20, to: Int.min...Int.max) == Int.max)
        #expect(Int(clamping: -1e308, to: Int.min...Int.max) == Int.min)
        #expect(Int(clamping: Float(Int.max), to: Int.min...Int.max) == Int.max)
        #expect(Int(clamping: 2.7, to: -5...5) == 2 && Int(clamping: -2.7, to: -5...5) == -2)
        #expect(Int(wholeNumber: 3.0, in: 1...5) == 3)
        #expect(Int(wholeNumber: 3.5, in: 1...5) == nil)
        #expect(Int(wholeNumber: 1e20, in: 0...Int.max) == nil)
        #expect(Int(wholeNumber: 0x1p63, in: Int.min...Int.max) == nil)
        #expect(Int(wholeNumber: -0x1p63, in: Int.min...Int.max) == Int.min)
        #expect(Int(wholeNumber: Float.nan, in: 0...1) == nil)
        #expect(Int(wholeNumber: -0.0, in: 0...1) == 0)
    }

    @Test func numberFormattingTakesAnyDecimalsAndWrapAnyLineCount() {
        #expect(NumberFormat.fixed(1.5, decimals: 30).hasPrefix("1.5"))
        #expect(NumberFormat.fixed(1.5, decimals: -3) == "2")
        #expect(NumberFormat.scientific(123, digits: 40).hasSuffix("e+02"))
        #expect(TextWrap.lines("one two three", width: 3, theme: .plainUnicode, atMost: 0) == ["one two three"])
        #expect(TextWrap.lines("one two three", width: 3, theme: .plainUnicode, atMost: 2) == ["one", "two three"])
        #expect(Levels.magnitude(.infinity) == 8 && Levels.signed(-1e30) == -4)
    }
}

extension SafeTextAndNumberTests {
    /// Prose wraps at spaces to the pane, keeps indented lines whole where they fit, and cuts only a word
    /// wider than the pane; a step's text has a size limit, so wrapping all of it costs a frame little.
    @Test func proseWrapsToThePaneAndAStepHasALimit() {
        let wrapped = TextWrap.prose("one two three four five\n\n    a = b + c\n\nlast", width: 10, theme: .plainUnicode)
        #expect(wrapped == ["one two", "three four", "five", "", "a = b + c", "", "last"])
        let long = TextWrap.lines(String(repeating: "x", count: 25) + " y", width: 10, theme: .plainUnicode)
        #expect(long == ["xxxxxxxxxx", "xxxxxxxxxx", "xxxxx y"])
        let hanging = TextWrap.lines("It saturates near plus one", width: 12, theme: .plainUnicode, first: "2 ", rest: "  ")
        #expect(hanging == ["2 It", "  saturates", "  near plus", "  one"])
        // Wrapped after the ASCII stand-ins: ‖x‖ is |x| there, and ≤ is <=, two columns.
        #expect(TextWrap.lines("a ≤ b ≤ c", width: 6, theme: .plainASCII) == ["a <= b", "<= c"])
        // A relation keeps the words beside it: "with a" at a line's end reads as the article.
        #expect(TextWrap.lines("counts the units with a > 0 at every step", width: 24, theme: .plainUnicode)
                == ["counts the units with", "a > 0 at every step"])
        #expect(TextWrap.lines("it starts at t = 30 here", width: 14, theme: .plainUnicode) == ["it starts at", "t = 30 here"])
        var words: [String] = []
        var g = SeededGenerator(seed: 4)
        for _ in 0..<1000 { words.append(String(repeating: "w", count: 1 + g.index(below: 12))) }
        let text = "---\nid: long\ntitle: Long\n---\n## Long\n\n" + words.joined(separator: " ") + "\n"
        let problems = LessonParser.parse(text, file: "long.md").problems.map(\.description)
        #expect(problems.contains { $0.hasPrefix("long.md:5:1: a step's text is at most 4000 characters") }, "\(problems)")
    }
}

/// Characters that take two terminal columns take two canvas cells, so the text after them stays aligned,
/// and wrapping counts them as two.
@Suite struct WideCharacterTests {
    @Test func aWideCharacterTakesTwoCellsAndTheRowKeepsItsWidth() {
        var canvas = Canvas(width: 8, height: 2, theme: .plainUnicode)
        let end = canvas.text(0, 0, "日本ab")
        #expect(end == 6)
        #expect(canvas.lines[0] == "日本ab  ")
        #expect(canvas[1, 0].glyph == CanvasCell.continuation && canvas[4, 0].glyph == "a")
        // At the last column there is no room for it: text stops before it, a lone glyph becomes "?".
        #expect(canvas.text(7, 1, "日") == 7)
        canvas.put(7, 1, "日")
        #expect(canvas[7, 1].glyph == "?")
        // Overwriting half of one blanks the other half.
        canvas.put(1, 0, "x")
        #expect(canvas.lines[0] == " x本ab  ")
        #expect(TextWrap.lines("日本語 テキスト", width: 7, theme: .plainUnicode) == ["日本語", "テキス", "ト"])
    }

    @Test func bidirectionalOverridesAreControls() {
        #expect(TerminalText.sanitized("a\u{202E}b") == "a?b")
    }
}

@Suite struct ShownNumberTests {
    @Test func aLessonsCountsReadAsWholeNumbersAndOtherNumbersKeepTheirDecimals() throws {
        #expect(NumberFormat.shown(33, isCount: true) == "33")
        #expect(NumberFormat.shown(-4, isCount: true) == "-4")
        #expect(NumberFormat.shown(2_000_000, isCount: true) == NumberFormat.compact(2_000_000))
        #expect(NumberFormat.shown(.nan, isCount: true) == "nan")
        #expect(NumberFormat.shown(1, isCount: false) == "1.00")
        func count(_ text: String) throws -> Bool { LiveQuantities.isCount(try ConditionParser.parse(text)) }
        #expect(try count("parameters"))
        #expect(try count("rnn_ops(length) - 2 * state_size"))
        #expect(try !count("sigma_max"))
        #expect(try !count("parameters / 2"))
        #expect(try !count("grad(1) / grad(length)"))
    }
}
