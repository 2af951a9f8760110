import Testing
import UnrollCore
@testable import UnrollExplorer

@Suite struct ProgressAndHomeTests {
    static func library() throws -> [Lesson] {
        try LessonTests.shipped().map { try #require(LessonParser.parse($0.1, file: $0.0).lesson) }
    }

    @Test func progressIsSavedWheneverTheLessonMoves() throws {
        let lesson = try #require(try Self.library().first)
        var state = ExplorerState(lesson: lesson)
        let effects = update(&state, .lessonNext)
        #expect(effects.contains(.saveLessonProgress(id: lesson.id, step: 1, passed: [true] + [Bool](repeating: false, count: lesson.steps.count - 1))))
        #expect(update(&state, .show(.help)).isEmpty, "nothing to save when the lesson did not move")
        #expect(state.progress.lessons[lesson.id]?.step == 1)
    }

    @Test func progressRoundTripsThroughJSON() throws {
        let progress = LessonProgress(lessons: ["a": (2, [true, true, false]), "b": (0, [false])])
        let text = progress.json.serialized()
        #expect(LessonProgress(json: try JSONParser.parse(text)) == progress)
        // Damaged entries are skipped, the rest kept.
        let damaged = try JSONParser.parse(#"{"lessons": {"a": {"step": 1, "passed": [true, false]}, "b": {"step": "x"}}}"#)
        #expect(LessonProgress(json: damaged).lessons.keys.sorted() == ["a"])
    }

    @Test func homeOpensALessonWhereItWasLeft() throws {
        let library = try Self.library()
        var state = ExplorerState(spec: ExperimentSpec())
        state.library = library
        let steps = library[1].steps.count
        state.progress = LessonProgress(lessons: [library[1].id: (2, [true, true] + [Bool](repeating: false, count: steps - 2))])
        state.screen = .home
        let canvas = Snapshot.render(state, width: 80, height: 24, theme: .plainUnicode)
        #expect(canvas.text.contains("1. \(library[0].title)") && canvas.text.contains("not started"))
        #expect(canvas.text.contains("step 3 of \(steps)"))
        state = Snapshot.run(try Snapshot.keys("Down Enter"), from: state)
        #expect(state.lessonSession?.lesson.id == library[1].id && state.lessonSession?.stepIndex == 2)
        #expect(state.lessonSession?.passed.prefix(2) == [true, true])
        #expect(state.library.count == library.count, "the library survives opening a lesson")
        var free = ExplorerState(spec: ExperimentSpec())
        free.library = library
        free.screen = .home
        free = Snapshot.run(try Snapshot.keys(String(repeating: "Down ", count: library.count) + "Enter"), from: free)
        #expect(free.screen == .main && free.lessonSession == nil)
    }
}
