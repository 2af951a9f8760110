import Testing
import UnrollCore
@testable import UnrollExplorer

@Suite struct ViewerTests {

    @Test func theViewerLooksItsOwnWayWithoutTouchingTheTeachersState() throws {
        var teacher = ExplorerState(spec: ExperimentSpec(cell: .lstm, hidden: 4, length: 10))
        for action in [Action.toEnd, .toggleBackward, .stepBack] { _ = update(&teacher, action) }
        var viewer = ViewerState(title: "demo")
        viewer.mirror = teacher
        #expect(viewer.action(for: .right) == nil, "a follower's arrow keys do nothing")
        #expect(viewer.action(for: .character("b")) == nil)
        _ = viewer.apply(.cycleView)
        _ = viewer.apply(.cycleView)
        #expect(viewer.view == .sources)
        let shown = try #require(viewer.display)
        #expect(shown.screen == .sources && shown.jacobians?.spec == teacher.spec)
        #expect(viewer.mirror?.screen == .main)
        let canvas = KeyScript.render(shown, width: 100, height: 30, theme: .plainUnicode)
        #expect(canvas.text.contains("∂h"))
        // Help is the viewer's, not the explorer's.
        _ = viewer.apply(.toggleHelp)
        var help = Canvas(width: 100, height: 30, theme: .plainUnicode)
        ViewerView.render(viewer, on: &help)
        #expect(help.text.contains("Try it yourself"))
        #expect(help.text.contains("following demo"))
        #expect(viewer.action(for: .escape) == .closeHelp)
        // The next view is the unrolled net, drawn from the teacher's model and position.
        _ = viewer.apply(.closeHelp)
        _ = viewer.apply(.cycleView)
        #expect(viewer.view == .unrolled)
        let unrolled = KeyScript.render(try #require(viewer.display), width: 100, height: 30, theme: .plainUnicode)
        #expect(unrolled.text.contains("Unrolled LSTM, backward, gradient at t=9 of 10") && viewer.mirror?.screen == .main)
    }

    @Test func tryingItYourselfCopiesTheScreenAndDropsTheLesson() throws {
        let lesson = try #require(LessonParser.parse(try String(contentsOf: LessonTests.lessonsDirectory.appendingPathComponent("01-hidden-state.md"), encoding: .utf8),
                                                     file: "01-hidden-state.md").lesson)
        var teacher = ExplorerState(lesson: lesson)
        _ = update(&teacher, .stepForward)
        var viewer = ViewerState(title: "class")
        viewer.mirror = teacher
        #expect(viewer.action(for: .character("y")) == .tryItYourself)
        _ = viewer.apply(.tryItYourself)
        var own = try #require(viewer.own)
        #expect(own.lessonSession == nil && own.cursor == teacher.cursor && own.spec == teacher.spec)
        _ = update(&own, .stepForward)
        viewer.own = own
        #expect(viewer.display?.cursor == 2 && viewer.mirror?.cursor == 1)
        // Watching again, the explorer's view puts the step panel where the lesson's text was.
        let watching = viewer
        viewer.own = nil
        _ = viewer.apply(.cycleView)
        var panel = Canvas(width: 90, height: 26, theme: .plainUnicode)
        ViewerView.render(viewer, on: &panel)
        #expect(panel.text.contains("Step t=1") && panel.text.contains("view: step panel") && viewer.mirror?.lessonSession != nil)
        viewer = watching
        var canvas = Canvas(width: 90, height: 26, theme: .plainUnicode)
        ViewerView.render(viewer, on: &canvas)
        #expect(canvas.lines[0].contains("your copy"))
        _ = viewer.apply(.backToClass)
        #expect(viewer.display?.cursor == 1)
    }

    @Test func everyScreenSurvivesOddTerminalSizes() throws {
        var states: [ExplorerState] = []
        for screen in Screen.allCases where screen != .training {
            var state = ExplorerState(spec: ExperimentSpec(cell: .gru, hidden: 5, length: 9))
            state.sharedSessions = ["a-very-long-session-name-that-goes-on"]
            _ = update(&state, .show(screen))
            states.append(state)
        }
        var training = ExplorerState(spec: ExperimentSpec(hidden: 4, length: 8))
        _ = update(&training, .startTraining(race: true))
        states.append(training)
        for state in states {
            for (w, h) in [(0, 0), (1, 1), (3, 200), (200, 2), (79, 24), (80, 23), (80, 24), (81, 25), (400, 120)] {
                var canvas = Canvas(width: w, height: h, theme: .plainUnicode)
                ExplorerView.render(state, on: &canvas)
                var viewer = ViewerState(title: "x", replay: ReplayPosition(milliseconds: 0, totalMilliseconds: 5000, paused: true))
                viewer.mirror = state
                viewer.helpOpen = w % 2 == 0
                ViewerView.render(viewer, on: &canvas)
                // Where the screen has room, the replay's clock is on its top line, whatever the screen under it.
                if w >= 80 && h >= 24 { #expect(canvas.lines[0].hasSuffix(" paused 0:00/0:05 "), "\(w)x\(h): \(canvas.lines[0])") }
                if w >= 18 && h >= 3 && (w < 80 || h < 24) { #expect(canvas.text.contains("too small")) }
            }
        }
    }

    @Test func aRecordingReadsWholeAndSeeksByTime() throws {
        var state = ExplorerState(spec: ExperimentSpec(cell: .rnnTanh, hidden: 3, length: 6))
        var text = SessionStream.startLine(state, title: "rec")
        for (k, action) in [Action.stepForward, .stepForward, .toggleBackward, .stepBack].enumerated() {
            _ = update(&state, action)
            text += SessionStream.line(for: action, after: state, milliseconds: 1000 * (k + 1))
        }
        text += SessionStream.endLine(reason: "the teacher quit", milliseconds: 4500)
        let recording = try SessionRecording(text: text, file: "rec.unroll")
        #expect(recording.states.count == 5 && recording.times == [0, 1000, 2000, 3000, 4000])
        #expect(recording.title == "rec" && recording.endReason == "the teacher quit")
        #expect(recording.states[2].cursor == 2 && recording.states[4].phase == .backward && recording.states[4].cursor == 5)
        #expect(recording.index(atMilliseconds: 2999) == 2 && recording.index(atMilliseconds: 3000) == 3 && recording.index(atMilliseconds: 99_999) == 4)
        // A damaged line is reported where it is.
        var lines = text.split(separator: "\n").map(String.init)
        lines[2] = String(lines[2].dropLast(5))
        do {
            _ = try SessionRecording(text: lines.joined(separator: "\n"), file: "rec.unroll")
            Issue.record("a damaged recording was read")
        } catch {
            #expect(error.description.hasPrefix("rec.unroll:3: not JSON"))
        }
        #expect(throws: RecordingProblem.self) { try SessionRecording(text: "{\"hello\": 1}\n", file: "x") }
    }
}
