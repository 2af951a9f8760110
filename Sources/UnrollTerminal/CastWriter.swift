import UnrollCore
import UnrollExplorer
import UnrollSharing

#if canImport(Glibc)
import Glibc
#endif

/// Writes what the screen showed as an asciicast v2 recording (asciinema's format): a header line, then one
/// `[seconds, "o", text]` event per frame with only the rows that changed, and `"r"` events on resize.
final class CastWriter {
    private let file: GrowingFile
    private let start = ContinuousClock.now
    private var previous: [[CanvasCell]] = []
    private var size = (width: 0, height: 0)
    private let title: String

    init(path: String, title: String) throws(TextFile.Failure) {
        file = try GrowingFile(path: path)
        self.title = title
    }

    /// Records a frame (nothing when nothing changed).
    func frame(_ canvas: Canvas, palette: TerminalTheme) {
        let rows = (0..<canvas.height).map { y in (0..<canvas.width).map { canvas[$0, y] } }
        if size.width == 0 {
            size = (canvas.width, canvas.height)
            let term = getenv("TERM").map { String(cString: $0) } ?? "xterm-256color"
            file.append(JSONValue.object([
                ("version", .int(2)), ("width", .int(canvas.width)), ("height", .int(canvas.height)),
                ("timestamp", .int(time(nil))), ("title", .string(title)),
                ("env", .object([("TERM", .string(term)), ("SHELL", .string("unroll"))])),
            ]).serializedOnOneLine() + "\n")
            event("o", "\u{1B}[?25l\u{1B}[2J")
        } else if size != (canvas.width, canvas.height) {
            size = (canvas.width, canvas.height)
            previous = []
            event("r", "\(canvas.width)x\(canvas.height)")
            event("o", "\u{1B}[2J")
        }
        var out = ""
        for (y, row) in rows.enumerated() where y >= previous.count || previous[y] != row {
            out += "\u{1B}[\(y + 1);1H"
            var x = 0
            while x < row.count {
                let style = row[x].style
                out += palette.sgr(style)
                while x < row.count, row[x].style == style {
                    if row[x].glyph != CanvasCell.continuation { out.append(row[x].glyph) }
                    x += 1
                }
            }
            out += "\u{1B}[0m"
        }
        previous = rows
        if !out.isEmpty { event("o", out) }
    }

    private func event(_ kind: String, _ data: String) {
        let stamp = ((ContinuousClock.now - start).inSeconds * 1e6).rounded() / 1e6
        file.append("[\(stamp), \"\(kind)\", " + JSONValue.string(data).serializedOnOneLine() + "]\n")
    }

    /// Ends the recording (the cursor shown again, as the terminal was left) and moves it into place.
    func finish() {
        if size.width > 0 { event("o", "\u{1B}[0m\u{1B}[?25h") }
        file.finish()
    }
}
