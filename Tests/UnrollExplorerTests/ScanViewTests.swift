import Testing
import UnrollCore
import UnrollTestSupport
@testable import UnrollExplorer

/// The scan screen: the tree's rounds step with → and ←, and every prefix it finishes is the loop's state.
@Suite struct ScanViewTests {
    @Test(arguments: [CellKind.ssm, .mingru, .selective])
    func everyFinishedPrefixIsTheLoops(_ cell: CellKind) throws {
        let spec = ExperimentSpec(cell: cell, hidden: 4, length: 40)
        for (keys, round, done) in [("End S", 0, 1), ("End S Right Right Right", 3, 4), ("End S End", 7, 16), ("End S End Left", 6, 9)] {
            let (state, canvas) = try screen(spec, keys: keys)
            #expect(state.screen == .scan && state.scanRound == round, "\(cell) \(keys)")
            let reading = try #require(ScanView.reading(state))
            #expect(reading.first == 25 && reading.tree.width == 16)
            #expect(reading.prefixes.compactMap { $0 }.count == done, "\(cell) \(keys)")
            // Each finished prefix from the tree's composed steps against the trace's own state.
            let trace = state.model.trace, k = ScanView.entry(state)
            for (i, prefix) in reading.prefixes.enumerated() {
                guard let prefix else { continue }
                let loop = trace.recurrentState(entry: k, after: 24 + i)
                #expect(abs(prefix - loop) <= 1e-5 * max(1, abs(loop)), "\(cell) step \(25 + i): \(prefix) vs \(loop)")
            }
            #expect(canvas.text.contains("round \(round) of 7"), "\(canvas.text)")
            #expect(canvas.text.contains("\(done) of 16 prefixes done"), "\(canvas.text)")
            let marks = try #require(canvas.lines.first { $0.hasPrefix("done") })
            #expect(marks.filter { $0 == "✓" }.count == done && !marks.contains("✗"), "\(marks)")
        }
    }

    @Test func aCellWithAMatrixIsToldWhyNot() throws {
        let (_, canvas) = try screen(ExperimentSpec(cell: .lstm), keys: "S")
        #expect(canvas.text.contains("needs a recurrence linear in its state"), "\(canvas.text)")
    }

    @Test func theTreeFitsBesideALesson() throws {
        // 41 columns is what the lesson pane leaves at 80x24: two columns a step.
        var canvas = Canvas(width: 41, height: 22, theme: .plainUnicode)
        let (state, _) = try screen(ExperimentSpec(cell: .ssm, length: 50), keys: "S End")
        ScanView.render(state, in: canvas.bounds, on: &canvas)
        let rows = canvas.lines.filter { $0.hasPrefix("up") || $0.hasPrefix("down") }
        // Every pair of every round is drawn whole: 8 in the first, 1 in the fourth, 7 in the last.
        #expect(rows.map { $0.filter { $0 == "●" }.count } == [8, 4, 2, 1, 1, 3, 7], "\(rows)")
        #expect(canvas.text.contains("16 of 16 prefixes done"), "\(canvas.text)")
    }
}
