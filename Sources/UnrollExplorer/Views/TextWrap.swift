/// Text laid out in columns as the terminal will show it: wrapped after the theme's substitutions (so an
/// ASCII stand-in such as `x_1` for `x₁` is measured at its real width), at spaces where it can be, and
/// inside a word only when the word alone is wider than the column. A relation or operator standing alone
/// (`a > 0`, `t = 30`) stays on the line of the words either side of it, where they fit on one line: "with
/// a" at a line's end reads as the article.
enum TextWrap {
    /// Words that bind to their neighbours, in UTF-8 and as ASCII spells them (→ is ->).
    static let operators: Set<String> = [
        "=", ">", "<", "≥", "≤", "≠", "≈", "+", "−", "-", "·", "×", "→", "*", "/", ">=", "<=", "==", "!=", "~", "->",
    ]

    /// The words grouped into the runs that should not be broken: each operator with the words beside it.
    static func unbroken(_ words: [String]) -> [[String]] {
        var runs: [[String]] = [], glueNext = false
        for word in words {
            if operators.contains(word), !runs.isEmpty {
                runs[runs.count - 1].append(word)
                glueNext = true
            } else if glueNext {
                runs[runs.count - 1].append(word)
                glueNext = false
            } else {
                runs.append([word])
            }
        }
        return runs
    }

    /// Wraps one paragraph to `width` columns. The first line starts with `first`, the rest with `rest`
    /// (a hanging indent such as "1 " then "  " for a numbered choice).
    static func lines(_ text: String, width: Int, theme: Theme, first: String = "", rest: String = "") -> [String] {
        let width = max(width, 1)
        let firstPrefix = theme.displayable(first), restPrefix = theme.displayable(rest)
        var out: [String] = []
        var current: [Character] = firstPrefix
        var used = DisplayWidth.of(firstPrefix), prefixWidth = used
        func newLine() {
            out.append(String(current))
            current = restPrefix
            used = DisplayWidth.of(restPrefix)
            prefixWidth = used
        }
        let words = theme.displayable(text).split(separator: " ", omittingEmptySubsequences: true)
        // A run that fits on a line is placed as one word; a longer one word by word.
        let runs = unbroken(words.map { String($0) }).flatMap { run -> [String] in
            let joined = run.joined(separator: " ")
            return run.count > 1 && DisplayWidth.of(joined) <= width - DisplayWidth.of(restPrefix) ? [joined] : run
        }
        for word in runs {
            let separator = used > prefixWidth ? 1 : 0, wordWidth = DisplayWidth.of(word)
            if used + separator + wordWidth <= width {
                if separator == 1 { current.append(" ") }
                current.append(contentsOf: word)
                used += separator + wordWidth
                continue
            }
            if used > prefixWidth { newLine() }
            // A word wider than a whole line is cut across lines, a character at a time.
            for character in word {
                let columns = DisplayWidth.of(character)
                if used + columns > width && used > prefixWidth { newLine() }
                current.append(character)
                used += columns
            }
        }
        if used > prefixWidth || out.isEmpty { out.append(String(current)) }
        return out
    }

    /// Wraps one paragraph into at most `lines` lines, the rest of the text on the last one, for its
    /// drawing to cut at the area's edge.
    static func lines(_ text: String, width: Int, theme: Theme, atMost lines: Int) -> [String] {
        let all = self.lines(text, width: width, theme: theme), lines = max(lines, 1)
        guard all.count > lines else { return all }
        // The lines are consecutive pieces of the text with its spaces collapsed, broken at a space or (a
        // word wider than the line) inside a word: what is left after the first ones is the text's rest.
        var rest = Substring(theme.displayable(text).split(separator: " ").map { String($0) }.joined(separator: " "))
        for line in all.prefix(lines - 1) {
            rest = rest.dropFirst(line.count)
            if rest.first == " " { rest = rest.dropFirst() }
        }
        return Array(all.prefix(lines - 1)) + [String(rest)]
    }

    /// Wraps prose: paragraphs apart by a blank line, a paragraph's lines joined, and a block whose lines all
    /// start with four spaces (an equation, a table) kept line by line, each cut into pieces that fit.
    static func prose(_ text: String, width: Int, theme: Theme) -> [String] {
        var out: [String] = []
        for paragraph in text.components(separatedBy: "\n\n") {
            let lines = paragraph.split(separator: "\n", omittingEmptySubsequences: false)
            guard lines.contains(where: { !$0.allSatisfy(\.isWhitespace) }) else { continue }
            if !out.isEmpty { out.append("") }
            if lines.allSatisfy({ $0.hasPrefix("    ") }) {
                for line in lines {
                    let kept = String(line.dropFirst(4))
                    out += DisplayWidth.of(theme.displayable(kept)) <= width
                        ? [String(theme.displayable(kept))]
                        : TextWrap.lines(kept, width: width, theme: theme, first: "", rest: "  ")
                }
            } else {
                out += TextWrap.lines(lines.joined(separator: " "), width: width, theme: theme)
            }
        }
        return out
    }
}
