import Testing
import UnrollTestSupport
import UnrollCore
@testable import UnrollExplorer

@Suite struct LayoutTests {
    @Test(arguments: [(79, 24), (80, 23), (40, 10), (1, 1)])
    func tooSmallSaysSo(width: Int, height: Int) throws {
        let (_, canvas) = try screen(width: width, height: height)
        let text = canvas.lines.joined()
        #expect(text.contains("terminal too small") || width < 18)
        if width >= 44 { #expect(text.contains("need 80x24, have \(width)x\(height)")) }
    }

    @Test(arguments: [(80, 24), (100, 30), (132, 43), (220, 60)])
    func everyScreenRendersAtEverySize(width: Int, height: Int) throws {
        for cell in CellKind.allCases {
            for keys in ["", "Right Right Right", "End b Left", "g", "?", "s Down Down Right"] {
                let (_, canvas) = try screen(ExperimentSpec(cell: cell, length: 40), keys: keys, width: width, height: height)
                #expect(canvas.lines.count == height && canvas.lines.allSatisfy { $0.count == width })
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
