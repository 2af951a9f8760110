import Testing
import UnrollCore
@testable import UnrollExplorer

/// Indices that come from a recording, a stream or progress.json are checked against the lesson they
/// index, never trusted.
@Suite struct LessonIndexTests {
    /// Recorded or streamed indices out of range answer nothing instead of trapping.
    @Test func anAnswerOrCursorFromAStreamIsRangeChecked() throws {
        let lesson = try #require(LessonParser.parse(LessonRunnerTests.text, file: "tiny.md").lesson)
        var state = ExplorerState(lesson: lesson, step: 2)
        state.lessonSession?.answer = 99
        #expect(!state.lessonQuestionAnswered)
        _ = update(&state, .lessonNext)
        #expect(state.lessonSession?.stepIndex == 2)
        // A snapshot naming a choice the step does not have is refused, by field.
        var good = ExplorerState(lesson: lesson, step: 2)
        _ = update(&good, .lessonAnswer(1))
        let json = good.snapshotJSON().serializedOnOneLine()
        #expect(throws: Never.self) { _ = try ExplorerState(snapshot: try JSONParser.parse(json), field: "s") }
        do {
            _ = try ExplorerState(snapshot: try JSONParser.parse(json.replacingOccurrences(of: #""answer":1"#, with: #""answer":9223372036854775807"#)), field: "s")
            Issue.record("an answer past the choices was accepted")
        } catch {
            #expect((error as? TraceFormatError)?.field == "s.lesson.answer", "\(error)")
        }
        var home = try ExplorerState(snapshot: try JSONParser.parse(json.replacingOccurrences(of: #""home_cursor":0"#, with: #""home_cursor":9223372036854775807"#)), field: "s")
        #expect(home.homeCursor == home.homeMenu.count - 1)
        _ = update(&home, .homeDown)
        #expect(home.homeCursor == home.homeMenu.count - 1)
        let progress = LessonProgress(lessons: [lesson.id: (Int.max, [false, false, false])])
        #expect(progress.status(of: lesson) == "step 3 of 3")
    }
}
