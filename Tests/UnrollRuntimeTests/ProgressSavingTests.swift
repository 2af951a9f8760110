import Foundation
import Testing
import UnrollCore
@testable import UnrollExplorer
@testable import UnrollTerminal

/// `.saveLessonProgress` writes its lesson into the progress file as the file stands, so another session's
/// lessons saved meanwhile are kept.
@Suite struct ProgressSavingTests {
    @Test func savingALessonKeepsWhatAnotherSessionSavedMeanwhile() throws {
        let lessons = try Course.lessons()
        let lesson = try #require(lessons.first { $0.steps.count >= 2 })
        let path = try temporaryDirectory() + "/progress.json"
        // This session started with no progress; another one has since saved a lesson of its own.
        var driver = ExplorerDriver(state: ExplorerState(lesson: lesson, step: 1), progressPath: path)
        let other = LessonProgress(lessons: ["elsewhere": (3, [true, true, false, false])])
        try TextFile.writeAtomically(other.json.serialized() + "\n", to: path)
        #expect(driver.apply(.lessonPrevious, now: 0) == nil)
        let saved = try ProgressSaving.read(path)
        #expect(saved.lessons["elsewhere"]?.step == 3)
        #expect(saved.lessons["elsewhere"]?.passed == [true, true, false, false])
        #expect(saved.lessons[lesson.id]?.step == 0)
        #expect(saved.lessons[lesson.id]?.passed.count == lesson.steps.count)
    }

    @Test func withoutAFileTheSessionsOwnProgressIsWritten() throws {
        let lessons = try Course.lessons()
        let lesson = try #require(lessons.first { $0.steps.count >= 2 })
        let path = try temporaryDirectory() + "/progress.json"
        var state = ExplorerState(lesson: lesson, step: 1)
        state.progress = LessonProgress(lessons: ["earlier": (1, [true, false])])
        var driver = ExplorerDriver(state: state, progressPath: path)
        _ = driver.apply(.lessonPrevious, now: 0)
        let saved = try ProgressSaving.read(path)
        #expect(saved.lessons["earlier"]?.step == 1)
        #expect(saved.lessons[lesson.id]?.step == 0)
    }
}
