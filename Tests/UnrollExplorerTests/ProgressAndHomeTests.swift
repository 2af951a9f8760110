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
        #expect(try LessonProgress(json: try JSONParser.parse(text)) == progress)
        // A damaged entry is an error naming it, not a lesson quietly dropped (the next save would lose it).
        let damaged = try JSONParser.parse(#"{"format": "unroll-progress/1", "lessons": {"a": {"step": 1, "passed": [true, false]}, "b": {"step": "x"}}}"#)
        #expect(throws: TraceFormatError(field: "lessons.b.passed", "expected one true or false per step")) { try LessonProgress(json: damaged) }
    }

    /// Whatever a progress file holds (a flipped bit, a cut, a hostile number), reading it either gives
    /// progress every screen can show or an error; it never traps, and nothing it accepts is out of range.
    @Test func anyProgressFileIsReadOrRefusedNeverTrappedOn() throws {
        let library = try Self.library()
        let progress = LessonProgress(lessons: Dictionary(uniqueKeysWithValues: library.prefix(4).enumerated().map { k, lesson in
            (lesson.id, (min(k, lesson.steps.count - 1), (0..<lesson.steps.count).map { $0 < k }))
        }))
        let text = Array(progress.json.serialized().utf8)
        var g = SeededGenerator(seed: 0x9A06)
        var accepted = 0
        for round in 0..<3000 {
            var bytes = text
            for _ in 0..<(1 + g.index(below: 3)) where !bytes.isEmpty {
                let k = g.index(below: bytes.count)
                switch g.index(below: 5) {
                case 0: bytes[k] ^= UInt8(1) << UInt8(g.index(below: 8))
                case 1: bytes.removeLast(bytes.count - k)
                case 2: bytes.insert(contentsOf: Array(["9223372036854775807", "-1", "\\ud800", "1e308", "[]", "{}", "\"x\":"][g.index(below: 7)].utf8), at: k)
                case 3: bytes.remove(at: k)
                default: bytes[k] = Array("0123456789\",:{}[]tfn".utf8)[g.index(below: 20)]
                }
            }
            guard let json = try? JSONParser.parse(bytes, limits: .progressFile), let read = try? LessonProgress(json: json) else { continue }
            accepted += 1
            for (_, entry) in read.lessons { #expect(entry.step >= 0 && entry.step < max(entry.passed.count, 1), "round \(round)") }
            for lesson in library { _ = read.status(of: lesson) }
            var state = ExplorerState(spec: ExperimentSpec())
            state.library = library
            state.progress = read
            state.screen = .home
            _ = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode)
            // What it accepted is what it writes back.
            #expect(try LessonProgress(json: try JSONParser.parse(read.json.serialized())) == read)
        }
        #expect(accepted > 0 && accepted < 3000)
        // A hand-made entry past its lesson's end shows as its last step rather than trapping.
        let lesson = library[0]
        #expect(LessonProgress(lessons: [lesson.id: (Int.max, [false])]).status(of: lesson) == "step \(lesson.steps.count) of \(lesson.steps.count)")
    }

    /// A menu longer than the screen scrolls above the notice line, and says what it hides.
    @Test func aLongMenuScrollsAboveItsNotice() throws {
        var state = ExplorerState(spec: ExperimentSpec())
        let library = try Self.library()
        state.library = library + library              // a course twice as long as the shipped one
        state.screen = .home
        state.homeNotice = "Saved progress was damaged"
        let items = state.homeMenu.count
        let top = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode)
        #expect(top.text.contains("Saved progress was damaged"), "\(top.text)")
        #expect(top.text.contains("more below") && !top.text.contains("Help: every key"), "\(top.text)")
        state = KeyScript.run(try KeyScript.keys(String(repeating: "Down ", count: items - 1)), from: state)
        let bottom = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode)
        // Moving dismisses the notice; the menu then scrolls over all rows but the header.
        #expect(bottom.text.contains("Help: every key") && bottom.text.contains("more above") && state.homeNotice == nil, "\(bottom.text)")
    }

    @Test func homeOpensALessonWhereItWasLeft() throws {
        let library = try Self.library()
        var state = ExplorerState(spec: ExperimentSpec())
        state.library = library
        let steps = library[1].steps.count
        state.progress = LessonProgress(lessons: [library[1].id: (2, [true, true] + [Bool](repeating: false, count: steps - 2))])
        state.screen = .home
        let canvas = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode)
        #expect(canvas.text.contains("1. \(library[0].title)") && canvas.text.contains("not started"))
        #expect(canvas.text.contains("step 3 of \(steps)"))
        state = KeyScript.run(try KeyScript.keys("Down Enter"), from: state)
        #expect(state.lessonSession?.lesson.id == library[1].id && state.lessonSession?.stepIndex == 2)
        #expect(state.lessonSession?.passed.prefix(2) == [true, true])
        #expect(state.library.count == library.count, "the library survives opening a lesson")
        var free = ExplorerState(spec: ExperimentSpec())
        free.library = library
        free.screen = .home
        free = KeyScript.run(try KeyScript.keys(String(repeating: "Down ", count: library.count) + "Enter"), from: free)
        #expect(free.screen == .main && free.lessonSession == nil)
    }

    /// The home menu is the state's: made from the shared sessions and the library, it is what the screen
    /// lists row by row and what a choice opens.
    @Test func theHomeMenuIsMadeFromTheStateAndDrawnAsItIs() throws {
        var state = ExplorerState(spec: ExperimentSpec())
        state.library = Array(try Self.library().prefix(2))
        state.sharedSessions = ["class-b"]
        _ = update(&state, .show(.home))
        #expect(state.homeMenu == [.follow("class-b"), .lesson(0), .lesson(1), .freePlay, .race, .help])
        let canvas = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode)
        let rows = canvas.lines[3...8].map { $0.dropFirst(3).prefix(12) }
        #expect(rows == ["Follow class", "1. \(state.library[0].title)".prefix(12), "2. \(state.library[1].title)".prefix(12),
                         "Free play: t", "Race the cel", "Help: every "], "\(canvas.text)")
        #expect(update(&state, .homeChoose(5)).isEmpty && state.screen == .help)
        var follower = state
        _ = update(&follower, .show(.home))
        #expect(update(&follower, .homeChoose(0)) == [.follow("class-b")])
    }
}
