import Foundation
import Testing
import UnrollCore
@testable import UnrollExplorer
import UnrollSharing
@testable import UnrollTerminal

/// The teacher, its recording and a follower, each on a terminal in memory; the stream between them is the
/// recording's text, given to the follower line by line as its socket would.
@Suite struct ClassroomTests {
    /// Runs a teacher on `terminal`, recording to a file; its status and the recording's lines.
    static func teach(_ initial: ExplorerState, on terminal: MemoryTerminal, title: String = "room1", in directory: String? = nil) throws
        -> (end: RunEnd, lines: [String]) {
        let path = try (directory ?? temporaryDirectory()) + "/session.jsonl"
        let runtime = TerminalRuntime(forceASCII: false, outputs: SessionOutputs(recordPath: path, title: title))
        let end = runtime.run(initial, on: terminal, share: nil, recorder: try GrowingFile(path: path))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"), "the recording is renamed into place")
        return (end, text.split(separator: "\n").map { String($0) + "\n" })
    }

    @Test func theTeachersRecordingHoldsEachActionAtItsTimeAndWhyItEnded() throws {
        let terminal = MemoryTerminal(width: 100, height: 30)
        terminal.at(250, keys: [.right])
        terminal.at(900, keys: [.right, .character("c")])
        terminal.at(1200, keys: [.character("q")])
        // While the session goes on, only the .partial file is there.
        let directory = try temporaryDirectory()
        var during: (partial: Bool, whole: Bool)? = nil
        terminal.at(1000, .run { during = (FileManager.default.fileExists(atPath: directory + "/session.jsonl.partial"),
                                           FileManager.default.fileExists(atPath: directory + "/session.jsonl")) })
        let (end, lines) = try Self.teach(ExplorerState(spec: ExperimentSpec(cell: .gru)), on: terminal, in: directory)
        #expect(during.map { $0.partial && !$0.whole } == true, "\(String(describing: during))")
        #expect(lines.first?.contains("\"format\":\"unroll-session/1\"") == true)
        #expect(end == .quit(fromHome: false))
        #expect(terminal.stopped)
        #expect(terminal.screen.text.contains("ssm H=8"), "c after gru is the ssm")
        let recording = try SessionRecording(text: lines.joined(), file: "session.jsonl")
        #expect(recording.title == "room1")
        #expect(recording.times == [0, 250, 900, 900, 1200])
        #expect(recording.states.map(\.cursor) == [0, 1, 2, 2, 2])
        #expect(recording.states.last?.spec.cell == .ssm)
        #expect(recording.endReason == "the teacher quit")
    }

    @Test func aHangUpEndsTheTeacherWith129AndSaysSoToFollowers() throws {
        let terminal = MemoryTerminal()
        terminal.at(100, keys: [.right])
        terminal.at(300, .end(129))
        let (end, lines) = try Self.teach(ExplorerState(spec: ExperimentSpec()), on: terminal)
        #expect(end == .status(129))
        #expect(try SessionRecording(text: lines.joined(), file: "s").endReason == "the teacher's terminal hung up")
        let stopped = MemoryTerminal()
        stopped.at(100, .end(15))
        let (signalled, signalledLines) = try Self.teach(ExplorerState(spec: ExperimentSpec()), on: stopped)
        #expect(signalled == .status(143))
        #expect(try SessionRecording(text: signalledLines.joined(), file: "s").endReason == "the teacher's session was stopped")
    }

    @Test func aFollowerWatchesLiveChangesOnlyItsOwnScreenAndIsToldWhenTheTeacherQuits() throws {
        let teacher = MemoryTerminal(width: 100, height: 30)
        teacher.at(100, keys: [.right])
        teacher.at(200, keys: [.right])
        teacher.at(300, keys: [.character("c")])
        teacher.at(400, keys: [.character("q")])
        let (_, lines) = try Self.teach(ExplorerState(spec: ExperimentSpec(cell: .gru)), on: teacher)
        #expect(lines.count == 6, "start, four actions (q too), end")
        // The follower has another size, and no UTF-8.
        let follower = MemoryTerminal(width: 80, height: 24, theme: Theme(glyphSet: .ascii, colors: .none))
        let source = MemorySessionSource(name: "room1")
        let shots = Shots()
        follower.at(0, .run { source.send(lines[0] + lines[1] + lines[2]) })
        follower.look(at: 10, into: shots, "watching")
        // Its keys move nothing of the teacher's.
        follower.at(20, keys: [.right, .character("b")])
        follower.look(at: 30, into: shots, "keys")
        follower.at(40, keys: [.tab, .tab])
        follower.look(at: 50, into: shots, "view")
        follower.at(60, keys: [.character("y")])
        follower.at(70, keys: [.right])
        follower.look(at: 80, into: shots, "copy")
        follower.at(90, .run { source.send(lines[3]) })
        follower.look(at: 95, into: shots, "copy while the teacher changes")
        follower.at(100, keys: [.character("f")])
        follower.look(at: 110, into: shots, "back")
        follower.at(120, .run { source.send(lines[4] + lines[5]) })
        let (status, message) = FollowerRuntime.follow(name: "room1", owner: "ada", from: source, on: follower)
        #expect(status == 0)
        #expect(message == "room1: the teacher quit.")
        #expect(shots["watching"].contains("gru H=8 T=30") && shots["watching"].contains("following room1 by ada"))
        #expect(shots["watching"].contains("t=2/30 forward"))
        #expect(shots["keys"].contains("t=2/30 forward"), "the follower's → and b change nothing")
        #expect(shots["view"].contains("view: sources"))
        #expect(shots["copy"].contains("your copy") && shots["copy"].contains("t=3/30"))
        #expect(shots["copy while the teacher changes"].contains("gru H=8"), "the copy is the follower's own")
        #expect(shots["back"].contains("ssm H=8") && shots["back"].contains("following room1"))
        #expect(follower.frames.allSatisfy { $0.text.unicodeScalars.allSatisfy(\.isASCII) }, "an ASCII follower gets ASCII only")
    }

    @Test func aSessionThatEndsWhileTheFollowerPlaysItsCopySaysSoAndLeavesOnF() throws {
        let (_, lines) = streamText(from: ExplorerState(spec: ExperimentSpec()), title: "room2", actions: [(100, .stepForward)], endAt: 200)
        let follower = MemoryTerminal()
        let source = MemorySessionSource(name: "room2")
        let shots = Shots()
        follower.at(0, .run { source.send(lines[0] + lines[1]) })
        follower.at(10, keys: [.character("y")])
        follower.at(20, .run { source.send(lines[2]) })
        follower.look(at: 30, into: shots, "ended")
        follower.at(40, keys: [.character("f")])
        let (status, message) = FollowerRuntime.follow(name: "room2", owner: "ada", from: source, on: follower)
        #expect(status == 0 && message == "room2: the teacher quit.")
        #expect(shots["ended"].contains("The teacher quit. f or q leaves your copy and quits."))
    }

    @Test func aLostConnectionOrALineThisFollowerCannotReadEndsFollowingWithWhy() throws {
        for (text, closed, why) in [
            ("", true, "room3: the connection to 'room3' was lost."),
            ("{oops\n", false, "room3: the teacher's unroll sent something this one cannot read"),
        ] {
            let follower = MemoryTerminal()
            let source = MemorySessionSource(name: "room3")
            let (start, _) = streamText(from: ExplorerState(spec: ExperimentSpec()), title: "room3", actions: [], endAt: 0)
            follower.at(0, .run { source.send(String(start.split(separator: "\n")[0]) + "\n") })
            follower.at(10, .run { source.send(text, closed: closed) })
            let (status, message) = FollowerRuntime.follow(name: "room3", owner: "ada", from: source, on: follower)
            #expect(status == 0)
            #expect(message?.hasPrefix(why) == true, "\(message ?? "nil")")
        }
    }

    @Test func anEndReasonWithEscapesIsShownNotObeyed() throws {
        let (start, _) = streamText(from: ExplorerState(spec: ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 10)), title: "evil",
                                    actions: [], endAt: 0)
        let follower = MemoryTerminal()
        let source = MemorySessionSource(name: "evil")
        follower.at(0, .run { source.send(String(start.split(separator: "\n")[0]) + "\n") })
        follower.at(10, .run { source.send("{\"t\":5,\"kind\":\"end\",\"reason\":\"\\u001b]0;pwned\\u0007\\u001b[2Jbye\"}\n") })
        let (status, message) = FollowerRuntime.follow(name: "evil", owner: "mallory", from: source, on: follower)
        #expect(status == 0)
        #expect(message == "evil: ?]0;pwned??[2Jbye.")
    }

    @Test func aSignalOrHangUpEndsTheFollowerWithItsStatus() throws {
        for (code, status) in [(Int32(129), Int32(129)), (15, 143)] {
            let follower = MemoryTerminal()
            let source = MemorySessionSource(name: "room4")
            follower.at(10, .end(code))
            #expect(FollowerRuntime.follow(name: "room4", owner: "ada", from: source, on: follower) == (status, nil))
        }
    }
}

private func == (a: (status: Int32, message: String?), b: (Int32, String?)) -> Bool { a.status == b.0 && a.message == b.1 }
