import Testing
import UnrollCore
@testable import UnrollExplorer
@testable import UnrollTerminal

/// `unroll replay`: the clock and the seeking keys as a state machine, and the loop on a terminal in memory.
@Suite struct ReplayTests {
    /// Three steps forward at 1, 2 and 3 seconds (the last line's time is the whole recording's), the end at 4.
    static func recording() throws -> SessionRecording {
        let (text, _) = streamText(from: ExplorerState(spec: ExperimentSpec()), title: "lecture",
                                   actions: [(1000, .stepForward), (2000, .stepForward), (3000, .stepForward)], endAt: 4000)
        return try SessionRecording(text: text, file: "lecture.jsonl")
    }

    @Test func eachLineShowsAtItsTimeAndPlaybackPausesAtTheEnd() throws {
        var player = ReplayPlayer(recording: try Self.recording(), now: 10_000)
        #expect(player.timeout(now: 10_000) == 1000)
        player.advance(now: 10_999)
        #expect(player.viewer.mirror?.cursor == 0)
        player.advance(now: 11_500)
        #expect(player.viewer.mirror?.cursor == 1)
        #expect(player.viewer.replay?.milliseconds == 1500)
        #expect(player.timeout(now: 11_500) == 500)
        player.advance(now: 13_200)
        player.settle()
        #expect(player.index == 3 && player.viewer.mirror?.cursor == 3)
        #expect(player.paused, "the end pauses")
        #expect(player.timeout(now: 13_200) == -1, "nothing is due: the loop may block")
        // Space at the end plays from the start.
        _ = player.perform(.togglePause, now: 20_000)
        #expect(!player.paused && player.index == 0 && player.viewer.mirror?.cursor == 0)
    }

    @Test func pausingHoldsTheClock() throws {
        var player = ReplayPlayer(recording: try Self.recording(), now: 0)
        _ = player.perform(.togglePause, now: 600)
        player.advance(now: 60_000)
        #expect(player.index == 0 && player.paused)
        _ = player.perform(.togglePause, now: 60_000)
        player.advance(now: 60_399)
        #expect(player.index == 0)
        player.advance(now: 60_400)
        #expect(player.index == 1, "600 ms before the pause and 400 after reach the line at 1 s")
    }

    @Test func theSeekingKeysMoveByLinesTimeAndFraction() throws {
        var player = ReplayPlayer(recording: try Self.recording(), now: 0)
        func press(_ key: Key, at now: Int) throws {
            let action = try #require(player.viewer.action(for: key))
            let quits = player.perform(action, now: now)
            #expect(!quits)
        }
        try press(.right, at: 0)
        #expect(player.index == 1 && player.viewer.replay?.milliseconds == 1000)
        try press(.right, at: 0)
        try press(.left, at: 0)
        #expect(player.index == 1)
        try press(.character("]"), at: 0)
        #expect(player.index == 3 && player.viewer.replay?.milliseconds == 3000, "10 s on is clamped to the end")
        try press(.character("["), at: 0)
        #expect(player.index == 0 && player.viewer.replay?.milliseconds == 0)
        try press(.character("5"), at: 0)
        #expect(player.index == 1 && player.viewer.replay?.milliseconds == 1500, "50 % of 3 s")
        try press(.home, at: 0)
        #expect(player.index == 0)
        try press(.end, at: 0)
        #expect(player.index == 3)
        try press(.left, at: 0)
        try press(.left, at: 0)
        #expect(player.index == 1 && player.viewer.mirror?.cursor == 1)
        let quit = try #require(player.viewer.action(for: .character("q")))
        let quits = player.perform(quit, now: 0)
        #expect(quits)
    }

    @Test func theLoopOnATerminalPlaysPausesAndBlocksWhilePaused() throws {
        let terminal = MemoryTerminal(width: 80, height: 24)
        let shots = Shots()
        terminal.look(at: 1500, into: shots, "playing")
        terminal.at(1600, keys: [.character(" ")])
        terminal.look(at: 9000, into: shots, "paused")
        terminal.at(9000, keys: [.character("q")])
        let status = ReplayRuntime(recording: try Self.recording(), forceASCII: false).run(on: terminal)
        #expect(status == 0)
        #expect(shots["playing"].contains("replay 0:01/0:03") && shots["playing"].contains("t=1/"))
        #expect(shots["paused"].contains("paused 0:01/0:03") && shots["paused"].contains("t=1/"))
        #expect(!shots["paused"].contains("t=2/"), "nothing moves while paused")
        // While paused the loop waits without a limit: idle costs nothing.
        #expect(terminal.unlimitedWaits >= 1)
        #expect(terminal.milliseconds == 9000, "no wake-up between the pause and q: \(terminal.waits) waits")
    }

    @Test func aCopyTakenDuringAReplayHoldsPlaybackUntilBack() throws {
        let terminal = MemoryTerminal(width: 80, height: 24)
        let shots = Shots()
        terminal.at(500, keys: [.character("y")])
        terminal.at(700, keys: [.right, .right, .right, .right, .right])
        terminal.look(at: 800, into: shots, "copy")
        terminal.at(5000, keys: [.character("f")])
        terminal.look(at: 5400, into: shots, "back")
        terminal.look(at: 5600, into: shots, "on")
        terminal.at(5700, keys: [.control("c")])
        let status = ReplayRuntime(recording: try Self.recording(), forceASCII: false).run(on: terminal)
        #expect(status == 0)
        #expect(shots["copy"].contains("your copy, f: back") && shots["copy"].contains("t=5/"))
        // 500 ms had played before the copy; 400 more after it is not yet the line at 1 s, 600 more is.
        #expect(shots["back"].contains("t=0/") && shots["back"].contains(" replay 0:00/"))
        #expect(shots["on"].contains("t=1/"))
    }
}
