import Testing
import UnrollCore
@testable import UnrollExplorer

/// How a learner moves through the course: from home into a lesson, on to the next, back home, and back
/// to the lesson's model whatever they changed.
@Suite struct LessonFlowTests {
    static func lesson(_ id: String, steps: String, model: String = "  cell: rnn_tanh\n  hidden: 3\n  length: 5\n") -> Lesson {
        let text = "---\nid: \(id)\ntitle: Lesson \(id)\nmodel:\n\(model)---\n\(steps)"
        return LessonParser.parse(text, file: "\(id).md").lesson!
    }

    static let course = [
        lesson("one", steps: "## Read\n\nJust read.\n\n## End\n\n```unroll\nwait: step == length\n```\n"),
        lesson("two", steps: "## Read\n\nMore.\n\n## Bias\n\n```unroll\nset: forget_bias=2, cell=lstm\n```\n\n## Last\n\nDone.\n"),
    ]

    static func home() -> ExplorerState {
        var state = ExplorerState(spec: ExperimentSpec())
        state.library = course
        state.screen = .home
        state.underlyingScreen = .home
        return state
    }

    static func press(_ keys: String, _ state: ExplorerState) throws -> ExplorerState {
        KeyScript.run(try KeyScript.keys(keys), from: state)
    }

    /// The key that ends the walk back passes a step waiting for walked_back; it used to take one key more.
    @Test func theKeyThatEndsTheWalkBackPassesTheStep() throws {
        let walk = Self.lesson("walk", steps: "## Walk\n\n```unroll\nwait: walked_back\n```\n\n## Next\n\nDone.\n")
        let state = try Self.press("End b End", ExplorerState(lesson: walk))
        #expect(state.lessonSession?.walkedBack == true)
        #expect(state.lessonSession?.passed.first == true)
    }

    @Test func nAfterTheLastStepOpensTheNextLesson() throws {
        var state = try Self.press("Enter n End n", Self.home())
        #expect(state.lessonSession?.complete == true)
        #expect(state.lessonSession?.message == "Lesson complete. n opens lesson 2, Lesson two.")
        state = try Self.press("n", state)
        #expect(state.lessonSession?.lesson.id == "two" && state.lessonSession?.stepIndex == 0)
        #expect(state.returnsHome && state.library.count == 2)
    }

    @Test func qInALessonFromHomeGoesHomeOnTheNextLesson() throws {
        let done = try Self.press("Enter n End n q", Self.home())
        #expect(!done.quitting && done.screen == .home)
        #expect(done.homeMenu[done.homeCursor] == .lesson(1), "the cursor is on the lesson after the one finished")
        let canvas = KeyScript.render(done, width: 80, height: 24, theme: .plainUnicode)
        #expect(canvas.lines[2].contains("Next: 2. Lesson two"), "\(canvas.lines[2])")
        let unfinished = try Self.press("Down Enter q", Self.home())
        #expect(unfinished.homeMenu[unfinished.homeCursor] == .lesson(1), "an unfinished lesson keeps the cursor")
        #expect(try Self.press("q", unfinished).quitting, "q on the home screen quits")
        let freePlay = try Self.press("Down Down Enter q", Self.home())
        #expect(freePlay.screen == .home && !freePlay.quitting)
        // Opened on its own, a lesson's q quits.
        #expect(try Self.press("q", ExplorerState(lesson: Self.course[0])).quitting)
    }

    @Test func uRestoresTheLessonsModelAndRIsOffInALesson() throws {
        let atBias = try Self.press("n", ExplorerState(lesson: Self.course[1]))
        #expect(atBias.spec.cell == .lstm && atBias.spec.initOptions.forgetBias == 2)
        let changed = try Self.press("+ + c", atBias)
        #expect(changed.spec.cell == .gru && changed.spec.recurrentScale > 1.2)
        let restored = try Self.press("U", changed)
        #expect(restored.spec == atBias.spec)
        #expect(KeyBindings.action(for: .character("r"), in: atBias, randomSeed: 9) == nil, "a new seed would make the text untrue")
        #expect(KeyBindings.action(for: .character("r"), in: ExplorerState(spec: ExperimentSpec()), randomSeed: 9) == .reseed(9))
        // Outside a lesson U goes back to the opening model.
        let free = try Self.press("r c + U", ExplorerState(spec: ExperimentSpec(cell: .gru, hidden: 5)))
        #expect(free.spec == ExperimentSpec(cell: .gru, hidden: 5))
    }

    @Test func aResumedLessonHasItsEarlierStepsSettingsAndItsFrontMattersClipping() throws {
        let resumed = ExplorerState(lesson: Self.course[1], step: 2)
        #expect(resumed.spec.cell == .lstm && resumed.spec.initOptions.forgetBias == 2)
        let clipped = Self.lesson("three", steps: "## A\n\nText.\n", model: "  cell: gru\n  clipping: on\n")
        #expect(ExplorerState(lesson: clipped).clipping)
    }
}
