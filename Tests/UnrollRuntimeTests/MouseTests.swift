import Testing
import UnrollCore
@testable import UnrollExplorer
@testable import UnrollTerminal

/// Clicks and the wheel as the terminal sends them (SGR reports), through the explorer's loop in memory.
@Suite struct MouseTests {
    static func report(_ button: Int, _ x: Int, _ y: Int, _ end: String) -> [UInt8] { Array("\u{1b}[<\(button);\(x);\(y)\(end)".utf8) }

    @Test func aClickAndTheWheelMoveTheCursorAndAClickOnTheKeyBarPressesItsKey() throws {
        let initial = ExplorerState(spec: ExperimentSpec(cell: .rnnTanh, length: 20))
        // Where things are on the first frame: step 10's tick label, and "backward" on the key bar.
        var first = Canvas(width: 80, height: 24, theme: .plainUnicode)
        ExplorerView.render(initial, on: &first)
        let timeline = Array(first.lines[1])
        let column = try #require((0..<(timeline.count - 1)).first { timeline[$0] == "1" && timeline[$0 + 1] == "0" })
        let bar = Array(first.lines[23])
        let word = try #require((0..<(bar.count - 8)).first { String(bar[$0..<($0 + 8)]) == "backward" })

        let terminal = MemoryTerminal()
        let shots = Shots()
        terminal.at(100, .bytes(Self.report(0, column + 1, 2, "M") + Self.report(0, column + 1, 2, "m")))
        terminal.look(at: 200, into: shots, "clicked")
        terminal.at(300, .bytes(Self.report(65, column + 1, 8, "M") + Self.report(65, column + 1, 8, "M")))
        terminal.look(at: 400, into: shots, "wheel")
        terminal.at(500, .bytes(Self.report(0, word + 1, 24, "M") + Self.report(0, word + 1, 24, "m")))
        terminal.look(at: 600, into: shots, "backward")
        terminal.at(700, keys: [.character("q")])
        let end = TerminalRuntime(forceASCII: false).run(initial, on: terminal, share: nil, recorder: nil)
        #expect(end == .quit(fromHome: false))
        #expect(shots["clicked"].contains("Step t=10") && shots["clicked"].contains("t=10/20 forward"))
        #expect(shots["wheel"].contains("t=12/20"))
        #expect(shots["backward"].contains("Step t=20 · backward"))
    }
}
