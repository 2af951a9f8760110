import CNcurses
import UnrollExplorer

/// Draws a canvas on the terminal: runs of cells with one style go out as one string, and ncurses sends
/// only what changed since the last frame.
struct TerminalScreen {
    let palette: TerminalTheme

    func draw(_ canvas: Canvas) {
        unroll_erase()
        for y in 0..<canvas.height {
            var x = 0
            while x < canvas.width {
                let style = canvas[x, y].style
                var run = ""
                let start = x
                while x < canvas.width, canvas[x, y].style == style {
                    // The second column of a two-column character is the character's own.
                    if canvas[x, y].glyph != CanvasCell.continuation { run.append(canvas[x, y].glyph) }
                    x += 1
                }
                // The bottom-right cell would scroll some terminals; leave it.
                if y == canvas.height - 1 && x == canvas.width { run = String(run.dropLast()) }
                let a = palette.attributes(style)
                run.withCString { unroll_put(Int32(y), Int32(start), $0, a.pair, a.bold, a.reverse, a.dim, a.underline) }
            }
        }
        unroll_refresh()
    }
}
