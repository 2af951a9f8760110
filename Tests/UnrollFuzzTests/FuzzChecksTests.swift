import Testing
@testable import UnrollExplorer
import UnrollFuzzTargets

/// The canvas check the targets and the monkey rely on: it must refuse what shifts a terminal's row, or every
/// render they pass proves nothing.
@Suite struct FuzzChecksTests {
    private func problem(_ draw: (inout Canvas) -> Void) -> String? {
        var canvas = Canvas(width: 10, height: 2, theme: Theme(glyphSet: .unicode, colors: .full))
        draw(&canvas)
        do { try FuzzChecks.canvas(canvas, width: 10, height: 2, "a test"); return nil } catch { return error.description }
    }

    @Test func aWideCharacterWithItsContinuationCellPasses() {
        #expect(problem { $0.text(0, 0, "隠れ x") } == nil)
    }

    @Test func aWideCharacterInOneCellIsReported() throws {
        let message = try #require(problem { $0[3, 0] = CanvasCell(glyph: "隠", style: .normal) })
        #expect(message.contains("two columns wide drawn in one cell"))
        #expect(message.contains("(3, 0)"))
    }

    @Test func aContinuationCellAfterANarrowCharacterIsReported() throws {
        let message = try #require(problem { canvas in
            canvas.text(0, 1, "ab")
            canvas[2, 1] = CanvasCell(glyph: CanvasCell.continuation, style: .normal)
        })
        #expect(message.contains("continuation cell after a character one column wide"))
    }

    @Test func aCharacterOfNoWidthIsReported() throws {
        let message = try #require(problem { $0[1, 0] = CanvasCell(glyph: "\u{0301}", style: .normal) })
        #expect(message.contains("no width"))
    }
}
