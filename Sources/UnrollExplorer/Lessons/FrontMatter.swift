/// A lesson's front matter, read as the small part of YAML lessons use: `key: value` lines, and one level of
/// indented `key: value` lines under a key with no value (`model:`). Values are plain, or quoted in `"…"`
/// (with escapes) or `'…'`, on one line; `#` starts a comment.
///
/// Everything else YAML has is refused with its line and column before anything is built: anchors and
/// aliases (a few hundred bytes of them expand into billions of nodes), tags, flow collections, block
/// scalars, lists, complex keys. A single pass over the lines with no recursion, so it takes time linear in
/// its input whatever that is.
struct FrontMatter {
    /// The most front matter, in bytes of UTF-8.
    static let maximumBytes = 8192

    /// One `key: value`, where it is (1-based line and column).
    struct Entry {
        let key: String
        let line: Int, column: Int
        var value: Value
        let valueLine: Int, valueColumn: Int
    }

    enum Value {
        case scalar(String)
        /// Indented entries under a key with no value of its own.
        case mapping([Entry])
    }

    /// A problem at a 1-based line and column.
    struct Problem {
        let line: Int, column: Int
        let message: String
    }

    private(set) var entries: [Entry] = []
    private(set) var problems: [Problem] = []

    /// Reads `lines`, the first of which is line `firstLine` of the file.
    init(lines: ArraySlice<String>, firstLine: Int) {
        let bytes = lines.reduce(0) { $0 + $1.utf8.count + 1 }
        if bytes > Self.maximumBytes {
            problems.append(Problem(line: firstLine, column: 1, message: "the front matter is \(bytes) bytes; at most \(Self.maximumBytes)"))
            return
        }
        // The entry that indented lines belong to (a key with no value), and their indentation.
        var parent: Int? = nil, childIndent: Int? = nil
        var seen: [String: Int] = [:], seenChildren: [String: Int] = [:]
        for (offset, text) in lines.enumerated() {
            let number = firstLine + offset
            let line = Array(text)
            var indent = 0
            while indent < line.count, line[indent] == " " { indent += 1 }
            if indent < line.count, line[indent] == "\t" {
                problems.append(Problem(line: number, column: indent + 1, message: "YAML indents with spaces, not tabs"))
                continue
            }
            if indent == line.count || line[indent] == "#" { continue }
            if indent == 0 {
                parent = nil
                childIndent = nil
                guard let (entry, empty) = read(line, at: 0, number: number) else { continue }
                if let first = seen[entry.key] {
                    problems.append(Problem(line: number, column: 1, message: "duplicate key '\(TerminalText.excerpt(entry.key))' (first on line \(first))"))
                    continue
                }
                seen[entry.key] = number
                seenChildren = [:]
                entries.append(entry)
                if empty { parent = entries.count - 1 }
                continue
            }
            guard let p = parent else {
                problems.append(Problem(line: number, column: indent + 1, message: "unexpected indentation: only the options under 'model:' are indented"))
                continue
            }
            if let expected = childIndent, expected != indent {
                problems.append(Problem(line: number, column: indent + 1,
                                        message: "indent every option under '\(TerminalText.excerpt(entries[p].key))' by \(expected) spaces; nothing nests deeper"))
                continue
            }
            childIndent = indent
            guard let (child, _) = read(line, at: indent, number: number) else { continue }
            if let first = seenChildren[child.key] {
                problems.append(Problem(line: number, column: indent + 1, message: "duplicate key '\(TerminalText.excerpt(child.key))' (first on line \(first))"))
                continue
            }
            seenChildren[child.key] = number
            var children: [Entry] = []
            if case let .mapping(existing) = entries[p].value { children = existing }
            entries[p].value = .scalar("")  // lets `children` grow in place
            children.append(child)
            entries[p].value = .mapping(children)
        }
    }

    /// The `key: value` of `line` from column `start` (0-based), or nil after recording why it is not one.
    /// `empty` tells a key with no value (`scalar("")`), which indented lines may follow.
    private mutating func read(_ line: [Character], at start: Int, number: Int) -> (Entry, empty: Bool)? {
        func fail(_ column: Int, _ message: String) -> (Entry, empty: Bool)? {
            problems.append(Problem(line: number, column: column + 1, message: message))
            return nil
        }
        var i = start
        let key: String
        if let refusal = Self.refusal(line, at: i, forKey: true) { return fail(i, refusal) }
        if line[i] == "\"" || line[i] == "'" {
            switch Self.quoted(line, at: i) {
            case let .failure(problem): return fail(problem.column, problem.message)
            case let .success((text, end)): key = text; i = end
            }
            while i < line.count, line[i] == " " { i += 1 }
            guard i < line.count, line[i] == ":" else { return fail(i, "expected ':' after the key") }
        } else {
            var j = i
            while j < line.count, !(line[j] == ":" && (j + 1 == line.count || line[j + 1] == " ")) {
                if line[j] == "#", j > i, line[j - 1] == " " { break }
                j += 1
            }
            guard j < line.count, line[j] == ":" else {
                if let colon = line[i..<j].firstIndex(of: ":") { return fail(colon + 1, "put a space after ':'") }
                return fail(start, "expected 'key: value' (front matter keys: id, title, minutes, model)")
            }
            key = String(line[i..<j]).trimmingTrailingSpace
            i = j
        }
        i += 1  // the colon
        guard i == line.count || line[i] == " " else { return fail(i, "put a space after ':'") }
        while i < line.count, line[i] == " " { i += 1 }
        if i == line.count || line[i] == "#" {
            return (Entry(key: key, line: number, column: start + 1, value: .scalar(""), valueLine: number, valueColumn: i + 1), true)
        }
        if let refusal = Self.refusal(line, at: i, forKey: false) { return fail(i, refusal) }
        let valueColumn = i + 1
        if line[i] == "\"" || line[i] == "'" {
            switch Self.quoted(line, at: i) {
            case let .failure(problem): return fail(problem.column, problem.message)
            case let .success((text, end)):
                var k = end
                while k < line.count, line[k] == " " { k += 1 }
                guard k == line.count || (line[k] == "#" && k > end) else { return fail(k, "only a comment may follow a quoted value") }
                return (Entry(key: key, line: number, column: start + 1, value: .scalar(text), valueLine: number, valueColumn: valueColumn), false)
            }
        }
        var j = i
        while j < line.count {
            if line[j] == "#", line[j - 1] == " " { break }
            if line[j] == ":", j + 1 == line.count || line[j + 1] == " " { return fail(j, "a value with ': ' in it must be quoted") }
            j += 1
        }
        let value = String(line[i..<j]).trimmingTrailingSpace
        return (Entry(key: key, line: number, column: start + 1, value: .scalar(value), valueLine: number, valueColumn: valueColumn), false)
    }

    /// Why a key or value may not start at `line[i]`: the YAML indicators lessons do not use.
    private static func refusal(_ line: [Character], at i: Int, forKey: Bool) -> String? {
        let next: Character = i + 1 < line.count ? line[i + 1] : " "
        switch line[i] {
        case "&", "*": return "anchors (&) and aliases (*) are not used in lessons; write the value out"
        case "!": return "YAML tags (!) are not used in lessons"
        case "[", "{":
            return "'\(line[i])' starts a YAML list or mapping, which lessons do not use; quote the \(forKey ? "key" : "value")"
        case "|", ">": return "block values (| and >) are not used in lessons; keep the value on one line"
        case "-" where next == " ", "?" where next == " ", ":" where next == " ":
            return "the front matter is 'key: value' lines, not a list or a complex key"
        case "@", "`", "%", ",", "]", "}": return "quote a \(forKey ? "key" : "value") that starts with '\(line[i])'"
        default: return nil
        }
    }

    /// A `"…"` or `'…'` scalar starting at `line[start]`: its text and the index after its closing quote.
    private static func quoted(_ line: [Character], at start: Int) -> Result<(String, Int), QuoteProblem> {
        let quote = line[start]
        var text = ""
        var i = start + 1
        while i < line.count {
            let c = line[i]
            if c == quote {
                if quote == "'", i + 1 < line.count, line[i + 1] == "'" { text.append("'"); i += 2; continue }
                return .success((text, i + 1))
            }
            if quote == "\"", c == "\\" {
                guard i + 1 < line.count else { break }
                let e = line[i + 1]
                let digits: Int? = e == "x" ? 2 : e == "u" ? 4 : e == "U" ? 8 : nil
                if let digits {
                    let hex = line[min(i + 2, line.count)..<min(i + 2 + digits, line.count)]
                    guard hex.count == digits, let code = UInt32(String(hex), radix: 16), let scalar = Unicode.Scalar(code) else {
                        return .failure(QuoteProblem(column: i, message: "'\\\(e)' takes \(digits) hexadecimal digits of a character"))
                    }
                    guard !TerminalText.isControl(scalar) else {
                        return .failure(QuoteProblem(column: i, message: "control characters are not allowed in a lesson"))
                    }
                    text.unicodeScalars.append(scalar)
                    i += 2 + digits
                    continue
                }
                switch e {
                case "\"", "\\", "/": text.append(e)
                case " ": text.append(" ")
                case "0", "a", "b", "t", "n", "v", "f", "r", "e", "N", "L", "P", "_":
                    return .failure(QuoteProblem(column: i, message: "'\\\(e)' is a control or layout character, which a lesson's front matter does not take"))
                default:
                    return .failure(QuoteProblem(column: i, message: "unknown escape '\\\(TerminalText.excerpt(String(e)))'"))
                }
                i += 2
                continue
            }
            text.append(c)
            i += 1
        }
        return .failure(QuoteProblem(column: start, message: "a quoted value must end on its own line with \(quote)"))
    }

    private struct QuoteProblem: Error {
        let column: Int
        let message: String
    }
}
