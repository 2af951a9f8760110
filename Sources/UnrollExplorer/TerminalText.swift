/// Text from a file, a stream or a peer made safe to reach a terminal: a terminal obeys the control characters
/// in what it prints (ESC ] 0 ; … BEL retitles the window, ESC [ 2 J clears it), so none may pass through.
public enum TerminalText {
    /// What stands in for a control character.
    public static let replacement: Character = "?"

    /// Whether a scalar is a control character a terminal may act on: C0 (U+0000–U+001F), DEL (U+007F) and
    /// C1 (U+0080–U+009F, which some terminals read as ESC sequences in UTF-8 too).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || bidirectionalControls.contains(scalar.value)
            || prependedMarks.contains(scalar.value)
    }

    /// The format characters that join the character after them into one (the Arabic number signs and their
    /// kin, Unicode's Prepend class): a cell would hold a mark of no width with a letter, which terminals
    /// draw in one column or two as they please.
    static let prependedMarks: Set<UInt32> = [0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06DD, 0x070F, 0x0890, 0x0891,
                                              0x08E2, 0x110BD, 0x110CD]

    /// The formatting characters that reorder what follows them (U+202E turns a line around), which a
    /// terminal applies to the text after them as surely as it obeys ESC.
    static let bidirectionalControls: Set<UInt32> = [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                                     0x2066, 0x2067, 0x2068, 0x2069]

    /// Whether a character holds a control character.
    public static func isControl(_ character: Character) -> Bool { character.unicodeScalars.contains(where: isControl) }

    /// `text` with every control character replaced by `replacement`; with `keepingNewlines`, line feeds
    /// stay (for text laid out over several lines). A tab becomes one space. With a `limit`, text longer
    /// than that many characters is cut there and ends in "…".
    public static func sanitized(_ text: String, keepingNewlines: Bool = false, limit: Int? = nil) -> String {
        let kept = limit.map { String(text.prefix(max($0, 0))) } ?? text
        let cut = kept.count < text.count ? "…" : ""
        guard kept.unicodeScalars.contains(where: isControl) else { return kept + cut }
        var out = String.UnicodeScalarView()
        for scalar in kept.unicodeScalars {
            if !isControl(scalar) || (keepingNewlines && scalar == "\n") {
                out.append(scalar)
            } else {
                out.append(contentsOf: (scalar == "\t" ? " " : String(replacement)).unicodeScalars)
            }
        }
        return String(out) + cut
    }

    /// A short, one-line, safe excerpt of `text` to quote in a message: control characters (newlines
    /// included) replaced, cut to `limit` characters with "…".
    public static func excerpt(_ text: String, limit: Int = 40) -> String {
        let safe = sanitized(String(text.prefix(max(limit, 1) + 1)))
        return safe.count > limit ? String(safe.prefix(max(limit - 1, 0))) + "…" : safe
    }
}
