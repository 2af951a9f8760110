/// Lesson text as the pane shows it: Markdown's inline marks (`code`, **strong**, *emphasis*) are for readers
/// of the file; on screen the words stand alone. Underscores stay: lessons write subscripts with them (h_{t-1}).
public enum MarkdownText {
    /// `text` without backticks and without the asterisks that open and close emphasis.
    public static func plain(_ text: String) -> String {
        guard text.contains(where: { $0 == "`" || $0 == "*" }) else { return text }
        var out = ""
        var inCode = false
        let characters = Array(text)
        for (k, c) in characters.enumerated() {
            if c == "`" { inCode.toggle(); continue }
            if !inCode, c == "*", isEmphasisMark(characters, k) { continue }
            out.append(c)
        }
        return out
    }

    /// A `*` that opens or closes emphasis: next to a word on one side and not the other. One inside a word
    /// (a*b) or standing alone (a * b) is kept.
    private static func isEmphasisMark(_ characters: [Character], _ k: Int) -> Bool {
        func isWord(_ i: Int) -> Bool {
            guard i >= 0, i < characters.count else { return false }
            let c = characters[i]
            return !(c.isWhitespace || c.isPunctuation || c == "*")
        }
        var left = k - 1, right = k + 1
        while left >= 0, characters[left] == characters[k] { left -= 1 }
        while right < characters.count, characters[right] == characters[k] { right += 1 }
        return isWord(left) != isWord(right)
    }
}
