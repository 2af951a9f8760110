/// "Did you mean" for a misspelt name in a lesson, so a message can stay one short line instead of listing
/// every name the language knows.
public enum NameSuggestion {
    /// The known name closest to `word` in edits, when it is close enough to be a slip (at most a third of its
    /// letters, and at most 3).
    public static func closest(to word: String, in names: [String]) -> String? {
        let typed = Array(word.prefix(40))
        var best: (name: String, distance: Int)? = nil
        for name in names {
            let d = distance(typed, Array(name))
            if d < (best?.distance ?? Int.max) { best = (name, d) }
        }
        guard let best, best.distance <= min(3, max(1, best.name.count / 3)) else { return nil }
        return best.name
    }

    /// The message tail for an unknown `word` of a `kind` ("name", "function", "model option").
    public static func hint(for word: String, in names: [String], kind: String) -> String {
        if let name = closest(to: word, in: names) { return "did you mean '\(name)'?" }
        return "lessons/README.md lists every \(kind)"
    }

    /// Edits between two words (insert, delete, replace, or swap two neighbours), three rows at a time.
    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1), previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], before[j - 2] + 1) }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
