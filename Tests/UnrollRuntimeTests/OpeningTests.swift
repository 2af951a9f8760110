import Testing
import UnrollCore
@testable import UnrollExplorer

/// What the launcher opens a session with goes through `update` as `.open`.
@Suite struct OpeningTests {
    @Test func theHomeScreenOpensOnTheNextLessonWithTheNoticeAndTheSessions() throws {
        let lessons = try Course.lessons()
        try #require(lessons.count >= 3)
        var state = ExplorerState(spec: ExperimentSpec())
        let done = LessonProgress(lessons: [lessons[0].id: (lessons[0].steps.count - 1, [Bool](repeating: true, count: lessons[0].steps.count))])
        let effects = update(&state, .open(Opening(course: lessons, progress: done, sessions: ["room1"], notice: "room1: the teacher quit.", home: true)))
        #expect(effects.isEmpty)
        #expect(state.screen == .home && state.underlyingScreen == .home)
        #expect(state.library.map(\.id) == lessons.map(\.id) && state.sharedSessions == ["room1"])
        // The items are the session, then the lessons: the cursor is on the second lesson, the first not done.
        #expect(state.homeCursor == 2)
        #expect(state.homeNotice == "room1: the teacher quit.")
        var canvas = Canvas(width: 100, height: 30, theme: .plainUnicode)
        ExplorerView.render(state, on: &canvas)
        #expect(canvas.text.contains("room1: the teacher quit."))
        // Moving on the menu clears the notice, as before.
        _ = update(&state, .homeDown)
        #expect(state.homeNotice == nil)
    }

    @Test func aLessonOpenedWhereItWasLeftKeepsTheStepsPassedThen() throws {
        let lessons = try Course.lessons()
        let lesson = try #require(lessons.first { $0.steps.count >= 3 })
        var passed = [Bool](repeating: false, count: lesson.steps.count)
        passed[0] = true
        passed[1] = true
        var state = ExplorerState(lesson: lesson, step: 2)
        _ = update(&state, .open(Opening(course: lessons, progress: LessonProgress(lessons: [lesson.id: (2, passed)]))))
        #expect(state.lessonSession?.passed == passed)
        #expect(state.lessonSession?.stepIndex == 2)
        #expect(state.progress.lessons[lesson.id]?.passed == passed)
        #expect(state.library.count == lessons.count)
        // Progress written for another version of the lesson (another number of steps) is not taken.
        var other = ExplorerState(lesson: lesson, step: 0)
        _ = update(&other, .open(Opening(progress: LessonProgress(lessons: [lesson.id: (0, [true])]))))
        #expect(other.lessonSession?.passed == ExplorerState(lesson: lesson, step: 0).lessonSession?.passed)
        #expect(other.lessonSession?.passed.count == lesson.steps.count)
    }
}
