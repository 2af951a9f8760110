/// Text that came from someone else (a teacher's stream, a recording, a file) made safe for a terminal:
/// a control character would be obeyed there (retitle the window, move the cursor, clear the screen), so
/// each becomes a visible `?`, and text longer than a message needs is cut.
public enum SafeText {
    /// Whether a character holds a control character (C0, DEL or C1), which a terminal obeys instead of showing.
    public static func isControl(_ character: Character) -> Bool {
        if let ascii = character.asciiValue { return ascii < 0x20 || ascii == 0x7F || character.unicodeScalars.count > 1 }
        return character.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// `text` with every control character as `?` (newlines and tabs kept when `multiline`), cut to at
    /// most `limit` characters with `…` when longer.
    public static func sanitized(_ text: String, multiline: Bool = false, limit: Int = 1000) -> String {
        var out = ""
        var count = 0
        for character in text {
            if count >= limit {
                out.append("…")
                break
            }
            if multiline && (character == "\n" || character == "\t") { out.append(character) } else { out.append(isControl(character) ? "?" : character) }
            count += 1
        }
        return out
    }
}
