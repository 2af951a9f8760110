import Foundation
import Testing
import UnrollCore
@testable import UnrollExplorer
import UnrollSharing
@testable import UnrollTerminal

/// The launcher's loop between the explorer, following and the home screen (the kiosk's), on a terminal in
/// memory.
@Suite struct KioskTests {
    static func home(_ lessons: [Lesson], sessions: [String] = []) -> ExplorerState {
        var state = ExplorerState(spec: ExperimentSpec())
        state.library = lessons
        state.sharedSessions = sessions
        state.screen = .home
        state.underlyingScreen = .home
        return state
    }

    /// Runs the launcher on `terminal`; the status, how often it came home, and whom it followed.
    static func launch(kiosk: Bool, on terminal: MemoryTerminal, shares: ShareDirectory? = nil, home: () -> ExplorerState,
                       follow: (String) -> (status: Int32, message: String?) = { _ in (0, nil) }) throws -> (status: Int32, homes: Int) {
        var homes = 0
        let directory = try shares ?? ShareDirectory(root: temporaryDirectory())
        let launcher = ExplorerLauncher(forceASCII: false, mouse: true, kiosk: kiosk, progressPath: { nil },
                                        outputs: SessionOutputs(shareDirectory: directory))
        let status = try launcher.run(home(), home: { homes += 1; return home() }, explore: { state, outputs in
            TerminalRuntime(forceASCII: false, outputs: outputs, rawKeys: kiosk).run(state, on: terminal, share: nil, recorder: nil)
        }, follow: follow)
        return (status, homes)
    }

    @Test func inTheKioskQuittingTheExplorerComesHomeAndOnlyTheHomeScreensQuitLeaves() throws {
        let lessons = try Course.lessons()
        try #require(!lessons.isEmpty)
        let terminal = MemoryTerminal()
        let shots = Shots()
        terminal.look(at: 100, into: shots, "explorer")
        terminal.at(100, keys: [.character("q")])
        terminal.look(at: 200, into: shots, "home")
        terminal.at(300, keys: [.enter])
        terminal.look(at: 400, into: shots, "lesson")
        terminal.at(500, keys: [.character("q")])
        terminal.look(at: 600, into: shots, "home again")
        terminal.at(700, keys: [.character("q")])
        var homes = 0
        let launcher = ExplorerLauncher(forceASCII: false, mouse: true, kiosk: true, progressPath: { nil },
                                        outputs: SessionOutputs(shareDirectory: ShareDirectory(root: try temporaryDirectory())))
        let status = try launcher.run(ExplorerState(spec: ExperimentSpec()), home: { homes += 1; return Self.home(lessons) }, explore: {
            TerminalRuntime(forceASCII: false, outputs: $1, rawKeys: true).run($0, on: terminal, share: nil, recorder: nil)
        }, follow: { _ in (0, nil) })
        #expect(status == 0)
        #expect(homes == 1)
        #expect(shots["explorer"].contains("Step t=0"))
        #expect(shots["home"].contains("Lessons: ↑ ↓ choose") && shots["home"].contains(lessons[0].title))
        #expect(shots["lesson"].contains("1/\(lessons[0].steps.count)"), "\(shots["lesson"])")
        #expect(shots["home again"].contains("Lessons: ↑ ↓ choose"), "a lesson's q comes home")
        #expect(terminal.milliseconds == 700)
    }

    @Test func outsideTheKioskQuittingTheExplorerLeaves() throws {
        let terminal = MemoryTerminal()
        terminal.at(100, keys: [.character("q")])
        terminal.at(300, keys: [.character("q")])
        let (status, homes) = try Self.launch(kiosk: false, on: terminal, home: { ExplorerState(spec: ExperimentSpec()) })
        #expect(status == 0 && homes == 0)
        #expect(terminal.milliseconds == 100, "the second q is never read")
    }

    @Test func followingASessionFromHomeComesBackHomeWithWhyItEnded() throws {
        let terminal = MemoryTerminal()
        let shots = Shots()
        // The shared session is the home screen's first item.
        terminal.at(100, keys: [.enter])
        terminal.look(at: 200, into: shots, "home")
        terminal.at(300, .end(129))
        var followed: [String] = []
        // A session shared now, for the home screen to find.
        let shares = ShareDirectory(root: try temporaryDirectory())
        let share = try ShareServer(name: "room1", group: nil, directory: shares)
        defer { share.close() }
        let (status, homes) = try Self.launch(kiosk: true, on: terminal, shares: shares, home: { Self.home([], sessions: ["room1"]) }, follow: {
            followed.append($0)
            return (0, "room1: the teacher quit.")
        })
        #expect(followed == ["room1"])
        #expect(homes == 1)
        #expect(shots["home"].contains("room1: the teacher quit."))
        #expect(status == 129, "a hang-up on the home screen leaves with 129")
    }

    @Test func aFollowerEndedByASignalEndsTheLauncherWithItsStatus() throws {
        let terminal = MemoryTerminal()
        terminal.at(100, keys: [.enter])
        let shares = ShareDirectory(root: try temporaryDirectory())
        let share = try ShareServer(name: "room1", group: nil, directory: shares)
        defer { share.close() }
        let (status, homes) = try Self.launch(kiosk: true, on: terminal, shares: shares, home: { Self.home([], sessions: ["room1"]) },
                                              follow: { _ in (143, nil) })
        #expect(status == 143 && homes == 0)
    }

    @Test func aLessonFromTheKioskMenuKeepsItsProgressAndCtrlCComesBackToTheMenuWithIt() throws {
        let lessons = try Course.lessons()
        let first = try #require(lessons.first)
        let path = try temporaryDirectory() + "/progress.json"
        // Coming home reads the progress afresh, as the kiosk's home screen does.
        let home = {
            var state = Self.home(lessons)
            state.progress = (try? ProgressSaving.read(path)) ?? LessonProgress()
            state.pointHomeCursorAtNextLesson()
            return state
        }
        let terminal = MemoryTerminal()
        let shots = Shots()
        terminal.at(100, keys: [.enter])
        terminal.at(200, keys: [.end, .character("n")])
        terminal.look(at: 300, into: shots, "step 2")
        terminal.at(300, keys: [.control("c")])
        terminal.look(at: 400, into: shots, "menu")
        terminal.at(500, keys: [.control("c")])
        let launcher = ExplorerLauncher(forceASCII: false, mouse: true, kiosk: true, progressPath: { path },
                                        outputs: SessionOutputs(shareDirectory: ShareDirectory(root: try temporaryDirectory())))
        let status = try launcher.run(home(), home: home, explore: {
            TerminalRuntime(forceASCII: false, progressPath: path, outputs: $1, rawKeys: true).run($0, on: terminal, share: nil, recorder: nil)
        }, follow: { _ in (0, nil) })
        #expect(status == 0)
        #expect(shots["step 2"].contains("2/\(first.steps.count)"), "\(shots["step 2"])")
        #expect(shots["menu"].contains("Lessons:") && shots["menu"].contains("step 2 of \(first.steps.count)"), "\(shots["menu"])")
        #expect(try ProgressSaving.read(path).lessons[first.id]?.step == 1)
    }
}
