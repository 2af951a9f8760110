/// Where two screens of text first differ, said the way a reader can act on: `at (x, y): expected …, got …`
/// and how many other cells differ, followed by both screens with the differing rows marked.
public struct ScreenDifference: CustomStringConvertible, Sendable {
    /// The first differing column and row, 0-based.
    public let x: Int, y: Int
    /// The characters expected and found there ("" past the end of a row or screen).
    public let expected: String, actual: String
    /// How many cells differ besides the first (a character past the end of the shorter row counts).
    public let others: Int
    /// Both screens, rows marked where they differ.
    public let listing: String

    /// Compares `actual` with `expected` row by row; nil when they are the same.
    public init?(expected: [String], actual: [String]) {
        guard expected != actual else { return nil }
        let rows = max(expected.count, actual.count)
        var first: (x: Int, y: Int)?
        var listing = ""
        var differing = 0
        for y in 0..<rows {
            let e = y < expected.count ? Array(expected[y]) : [], a = y < actual.count ? Array(actual[y]) : []
            let same = e == a
            differing += (0..<max(e.count, a.count)).filter { $0 >= e.count || $0 >= a.count || e[$0] != a[$0] }.count
            if !same, first == nil {
                let x = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
                first = (x, y)
            }
            let mark = same ? "  " : "≠ "
            listing += "\(mark)\(y < 10 ? " " : "")\(y) expected |\(String(e))|\n"
            if !same { listing += "        got |\(String(a))|\n" }
        }
        let (x, y) = first ?? (0, 0)
        func character(_ lines: [String], _ x: Int, _ y: Int) -> String {
            guard y < lines.count else { return "" }
            let row = Array(lines[y])
            return x < row.count ? String(row[x]) : ""
        }
        self.x = x
        self.y = y
        self.expected = character(expected, x, y)
        self.actual = character(actual, x, y)
        self.others = max(differing - 1, 0)
        self.listing = listing
    }

    /// "at (x, y): expected 'e', got 'a' (and n other cells)", then the listing.
    public var description: String {
        func quoted(_ s: String) -> String { s.isEmpty ? "nothing" : "'\(s)'" }
        let rest = others == 0 ? "" : " (and \(others) other cell\(others == 1 ? "" : "s"))"
        return "at (\(x), \(y)): expected \(quoted(expected)), got \(quoted(actual))\(rest)\n\(listing)"
    }
}
