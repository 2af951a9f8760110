import Foundation
import Testing
import UnrollCore
@testable import UnrollExplorer
import UnrollSharing
@testable import UnrollTerminal

/// Training on a terminal in memory: the schedule's clock is the terminal's, and its compute runs in line,
/// each update counted as a millisecond, so every screen is the same on every run.
@Suite struct TrainingTests {
    static let spec = ExperimentSpec(cell: .rnnTanh, hidden: 8, length: 30)

    /// Runs the explorer on `terminal` with training in line, recording to `path` when given.
    static func run(_ terminal: MemoryTerminal, record path: String? = nil) throws -> RunEnd {
        var runtime = TerminalRuntime(forceASCII: false, outputs: SessionOutputs(recordPath: path, title: "room1"))
        runtime.training = .inLine(millisecondsPerUpdate: 1)
        // The work off the key path (the steps' timing at the start) done when asked, on the test's clock.
        runtime.analysis = .inLine
        return runtime.run(ExplorerState(spec: spec), on: terminal, share: nil, recorder: try path.map { try GrowingFile(path: $0) })
    }

    /// The step a run's row of the race table shows.
    static func step(_ cell: String, in screen: String) -> Int? {
        for line in screen.split(separator: "\n") {
            guard let range = line.range(of: " \(cell) ") else { continue }
            if let number = line[range.upperBound...].split(separator: " ").first.flatMap({ Int($0) }) { return number }
        }
        return nil
    }

    @Test func aRaceMovesWithTheClockPausesResumesAndChangesPace() throws {
        let terminal = MemoryTerminal()
        let shots = Shots()
        terminal.at(100, keys: [.character("R")])
        terminal.look(at: 1100, into: shots, "1 s")
        terminal.look(at: 2100, into: shots, "2 s")
        terminal.at(2100, keys: [.character(" ")])
        terminal.look(at: 2200, into: shots, "paused")
        terminal.look(at: 9000, into: shots, "paused later")
        terminal.at(9000, keys: [.character(" ")])
        terminal.look(at: 10_000, into: shots, "resumed")
        // Four times slower: 25 ms after each round, measured over the second after the first frame at that pace.
        terminal.at(10_000, keys: [.character("<"), .character("<"), .character("<"), .character("<")])
        terminal.look(at: 10_150, into: shots, "slowed")
        terminal.look(at: 11_150, into: shots, "slowed a second")
        terminal.at(11_150, keys: [.character(">"), .character(">"), .character(">"), .character(">")])
        terminal.look(at: 12_150, into: shots, "full speed again")
        terminal.at(12_150, keys: [.character("q")])
        let end = try Self.run(terminal)
        #expect(end == .quit(fromHome: false), "q mid-run leaves the training screen's session")
        #expect(terminal.stopped)
        let steps = ["1 s", "2 s", "paused", "paused later", "resumed", "slowed", "slowed a second", "full speed again"].map { Self.step("rnn_tanh", in: shots[$0]) ?? -1 }
        let gru = ["1 s", "2 s"].map { Self.step("gru", in: shots[$0]) ?? -1 }
        // Four runs share a millisecond an update: about 250 updates a second each at full speed.
        #expect(steps[0] > 150 && steps[0] < 300, "\(steps) \(shots["1 s"])")
        #expect(steps[1] - steps[0] > 150 && gru[1] > gru[0], "the curves move on: \(steps) \(gru)")
        #expect(shots["1 s"] != shots["2 s"])
        #expect(shots["paused"] == shots["paused later"], "nothing moves while paused")
        #expect(steps[4] - steps[3] > 150, "resumed: \(steps)")
        // Slowed, a round is four updates and 25 ms: about 35 updates a second each.
        #expect(steps[6] - steps[5] > 25 && steps[6] - steps[5] < 45, "slowed: \(steps[6] - steps[5]) in \(steps)")
        #expect(shots["slowed"].contains("25 ms an update"))
        #expect(steps[7] - steps[6] > 150, "full speed again: \(steps)")
    }

    @Test func theLoopBlocksOnceTrainingIsPausedOrHasEnded() throws {
        // A loop that kept waking would wait a hundred milliseconds at a time until the signal; one that blocks
        // waits once, without a limit, for it.
        for paused in [true, false] {
            let terminal = MemoryTerminal()
            terminal.at(100, keys: [.character("t")])
            if paused { terminal.at(500, keys: [.character(" ")]) }
            terminal.at(600_000, .end(15))
            let end = try Self.run(terminal)
            #expect(end == .status(143), "paused: \(paused)")
            #expect(terminal.unlimitedWaits == 2, "before t, and once training is \(paused ? "paused" : "over")")
            #expect(terminal.waits < 100, "\(terminal.waits) waits")
            let screen = terminal.screen.text
            #expect(paused ? screen.contains("paused") : screen.contains("done"), "\(screen)")
            if !paused { #expect(Self.step("rnn_tanh", in: screen) == 3000, "\(screen)") }
        }
    }

    @Test func aFollowerSeesTheTeachersTrainingProgress() throws {
        let teacher = MemoryTerminal()
        teacher.at(100, keys: [.character("R")])
        teacher.at(1500, keys: [.character("q")])
        let path = try temporaryDirectory() + "/session.jsonl"
        _ = try Self.run(teacher, record: path)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { String($0) + "\n" }
        #expect(lines.filter { $0.contains("\"training_progress\"") }.count > 10, "progress goes to the recording as it is shown")
        let follower = MemoryTerminal()
        let source = MemorySessionSource(name: "room1")
        let shots = Shots()
        follower.at(0, .run { source.send(lines.dropLast().joined()) })
        follower.look(at: 10, into: shots, "following")
        follower.at(20, .run { source.send(lines.last ?? "") })
        _ = FollowerRuntime.follow(name: "room1", owner: "ada", from: source, on: follower)
        // The teacher's last progress came with q, after its last frame: the recording's last state has it.
        let taught = try #require(try SessionRecording(text: lines.joined(), file: "session.jsonl").states.last?.training)
        let taughtSteps = taught.runs.map { $0.records.last?.step ?? 0 }
        #expect(taughtSteps[0] > 100, "\(taughtSteps)")
        #expect(["rnn_tanh", "lstm", "gru", "ssm"].map { Self.step($0, in: shots["following"]) ?? -1 } == taughtSteps, "\(shots["following"])")
    }
}

/// The explorer's loop with the triangle computed off the key path (in line here, so the frames are the same
/// every run): the key's own frame says "computing …", the next one has the triangle.
@Suite struct JacobianLoopTests {
    @Test func theKeysFrameComesFirstAndTheTriangleAfter() throws {
        let terminal = MemoryTerminal()
        terminal.at(100, keys: [.character("g")])
        terminal.at(200, keys: [.character("q")])
        var runtime = TerminalRuntime(forceASCII: false)
        runtime.analysis = .inLine
        _ = runtime.run(ExplorerState(spec: ExperimentSpec(cell: .lstm, hidden: 24, length: 40)), on: terminal, share: nil, recorder: nil)
        let texts = terminal.frames.map(\.text)
        let computing = try #require(texts.firstIndex { $0.contains("computing …") }, "no frame said computing")
        let filled = try #require(texts.firstIndex { $0.contains("‖∂h_T/∂h₁‖ = ") }, "the triangle never arrived")
        #expect(computing < filled)
        #expect(texts[computing].contains("‖term k of ∂L/∂W_hh‖"), "the rest of the screen came with the key")
    }
}
