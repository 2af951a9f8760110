import Testing
import UnrollTestSupport
import UnrollCore
@testable import UnrollExplorer

@Suite struct LayoutTests {
    /// Below 80x24 the screen says so, centred: on one line where it fits, else on three, else as much of the
    /// first as the terminal holds.
    @Test func tooSmallSaysSo() throws {
        func blank(_ n: Int, _ width: Int) -> [String] { Array(repeating: String(repeating: " ", count: width), count: n) }
        func line(_ text: String, left: Int, right: Int) -> String { String(repeating: " ", count: left) + text + String(repeating: " ", count: right) }
        let wide = "terminal too small (need 80x24, have 79x24)"
        ScreenSnapshot.expect(try screen(width: 79, height: 24).1, equals: blank(11, 79) + [line(wide, left: 18, right: 18)] + blank(12, 79))
        let short = "terminal too small (need 80x24, have 80x23)"
        ScreenSnapshot.expect(try screen(width: 80, height: 23).1, equals: blank(11, 80) + [line(short, left: 18, right: 19)] + blank(11, 80))
        ScreenSnapshot.expect(try screen(width: 40, height: 10).1, equals: blank(3, 40) + [
            line("terminal too small", left: 11, right: 11), line("need 80x24", left: 15, right: 15), line("have 40x10", left: 15, right: 15),
        ] + blank(4, 40))
        ScreenSnapshot.expect(try screen(width: 1, height: 1).1, equals: ["t"])
    }

    @Test(arguments: [(80, 24), (100, 30), (132, 43), (220, 60)])
    func everyScreenRendersAtEverySize(width: Int, height: Int) throws {
        for cell in CellKind.allCases {
            for keys in ["", "Right Right Right", "End b Left", "g", "?", "s Down Down Right"] {
                let (state, canvas) = try screen(ExperimentSpec(cell: cell, length: 40), keys: keys, width: width, height: height)
                // The header and the key bar are their views' alone: nothing of the body's reaches their rows.
                let layout = ExplorerLayout(width: width, height: height)
                var alone = Canvas(width: width, height: height, theme: .plainUnicode)
                HeaderView.render(state, in: layout.header, on: &alone)
                KeyBarView.render(state, in: layout.keyBar, on: &alone)
                #expect(canvas.lines[0] == alone.lines[0] && canvas.lines[height - 1] == alone.lines[height - 1], "\(cell) \(keys) \(width)x\(height)")
                // The header always names the model and holds the loss; the program's name where it fits.
                #expect(canvas.lines[0].contains(" \(cell.rawValue) H=8 T=") && (canvas.lines[0].contains("  L_T ") || canvas.lines[0].contains("  Σₜ Lₜ ")), "\(cell) \(keys) \(width)x\(height)")
                #expect(canvas.lines[0].contains("Unroll") || width <= 80, "\(cell) \(keys) \(width)x\(height)")
                #expect(canvas.lines[height - 1].contains("quit") || canvas.lines[height - 1].contains("step"))
            }
        }
    }

    @Test func moreRoomShowsMoreTime() throws {
        let spec = ExperimentSpec(cell: .rnnTanh, length: 200)
        let (_, narrow) = try screen(spec, keys: "End")
        let (_, wide) = try screen(spec, keys: "End", width: 200, height: 50)
        let narrowCells = narrow.lines[narrow.firstRow(startingWith: "▸u0")!].filter { $0 != " " }.count
        let wideCells = wide.lines[wide.firstRow(startingWith: "▸u0")!].filter { $0 != " " }.count
        #expect(wideCells > narrowCells)
    }

    @Test func longSequencesScrollWithTheCursor() throws {
        let spec = ExperimentSpec(cell: .gru, length: 1000)
        let (state, canvas) = try screen(spec, keys: "End Left Left")
        #expect(state.cursor == 998)
        #expect(canvas.lines[1].contains("▼"))
        #expect(canvas.lines[1].contains("990") || canvas.lines[1].contains("1000"))
    }

    @Test(arguments: ["", "Right Right", "End b End", "g", "?", "s"])
    func asciiModeIsPureASCII(keys: String) throws {
        for cell in CellKind.allCases {
            let (_, canvas) = try screen(ExperimentSpec(cell: cell, hidden: 6, length: 20), keys: keys, theme: .plainASCII)
            let bad = canvas.lines.joined().unicodeScalars.filter { !$0.isASCII }
            #expect(bad.isEmpty, "\(cell) \(keys): \(String(String.UnicodeScalarView(bad)))")
        }
    }

    @Test func theLegendNamesTheScale() throws {
        let (state, canvas) = try screen(keys: "End")
        let largest = state.model.trace.directions[0].states.map { abs($0) }.max()!
        #expect(canvas.text.contains("-\(NumberFormat.compact(largest)) ") && canvas.text.contains(" +\(NumberFormat.compact(largest))"))
    }
}
