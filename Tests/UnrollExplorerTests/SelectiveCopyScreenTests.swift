import Testing
import UnrollCore
@testable import UnrollExplorer

/// Selective copying on screen: the target row shows the answers alone, as only they are scored.
@Suite struct SelectiveCopyScreenTests {
    @Test func theTargetRowShowsOnlyTheAnswers() throws {
        let spec = ExperimentSpec(cell: .gru, hidden: 8, length: 30, task: .selectiveCopy, loss: .crossEntropyAll)
        let state = KeyScript.run(try KeyScript.keys("End"), from: ExplorerState(spec: spec))
        let lines = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode).lines
        let target = try #require(lines.first { $0.hasPrefix("tgt") })
        let shown = target.prefix(while: { $0 != "│" }).dropFirst(3).filter { $0 != " " }
        let sequence = state.model.trace.sequence
        let answers = (26..<30).map { t in (0..<10).first { sequence.targets[t * 10 + $0] == 1 }! }
        #expect(String(shown) == answers.map(String.init).joined(), "\(target)")
    }
}
