import UnrollCore
import UnrollExplorer

/// A lesson file end to end: `LessonParser.parse` and the checks `unroll lesson --check` reports (front
/// matter, directives, conditions, what can never pass), then the lesson opened in the explorer at its first,
/// middle and last steps and driven: stepped, run backward, answered, hinted, gone on; rendered; sent to a
/// follower as a state snapshot, which must read back.
enum LessonFuzz {
    static let target = FuzzTarget(name: "lesson", corpora: ["lessons"], summary: "LessonParser.parse, --check's problems, then the lesson driven step by step") { bytes throws(FuzzProblem) in
        FuzzLibrary.warmUp()
        try run(bytes)
    }

    /// Seconds the whole file may take to check in a release build, and each key on its model.
    static let secondsToCheck = 1.0, secondsPerKey = 1.0

    static func run(_ bytes: [UInt8]) throws(FuzzProblem) {
        let text = String(decoding: bytes, as: UTF8.self)
        let clock = FuzzClock("lesson", seconds: secondsToCheck)
        let (lesson, problems) = LessonParser.parse(text, file: "lessons/fuzz.md")
        try clock.check("--check")
        try checkProblems(problems, of: text)
        guard let lesson else {
            if problems.isEmpty { throw FuzzProblem("LessonParser.parse", "no lesson and no problem") }
            return
        }
        if !problems.isEmpty { throw FuzzProblem("LessonParser.parse", "a lesson and problems", problems[0].description) }
        // `unroll lessons` and the home screen print these as they are.
        for (name, value) in [("title", lesson.title), ("id", lesson.id)] {
            if let bad = value.unicodeScalars.first(where: FuzzChecks.isControl) {
                throw FuzzProblem("LessonParser.parse", "a \(name) with a control character", "U+\(FuzzChecks.hex(bad.value)) in \(FuzzChecks.excerpt(value))")
            }
        }
        if lesson.steps.isEmpty { throw FuzzProblem("LessonParser.parse", "a lesson without steps") }
        try drive(lesson)
    }

    /// Every problem is `lessons/fuzz.md:line:col: message`, within the file, in one short line. Lines are
    /// counted as the reader counts them: CR LF, a lone CR and LF each end one.
    static func checkProblems(_ problems: [LessonProblem], of text: String) throws(FuzzProblem) {
        let lines = LessonParser.normalisingLineEndings(text).split(separator: "\n", omittingEmptySubsequences: false).count
        for problem in problems {
            try FuzzChecks.message(problem.description, "LessonParser.parse")
            if problem.line < 1 || problem.line > lines || problem.column < 1 {
                throw FuzzProblem("LessonParser.parse", "a problem outside the file", "\(problem.line):\(problem.column) of a file of \(lines) lines: \(FuzzChecks.excerpt(problem.message))")
            }
        }
    }

    /// Opens the lesson at its first step, its last and one between (as `unroll lesson` does with saved
    /// progress) and tries what a learner tries; the sources view and training (the costly keys) at the first.
    static func drive(_ lesson: Lesson) throws(FuzzProblem) {
        let learner: [Key] = [.right, .right, .end, .character("h"), .character("n"), .character("b"), .end, .character("n"),
                              .character("1"), .character("n"), .character("2"), .character("n"), .character("3"), .character("4"),
                              .character("n"), .character("p")]
        let last = lesson.steps.count - 1
        for index in Set([0, last / 2, last]).sorted() {
            let opening = FuzzClock("lesson", seconds: secondsPerKey)
            var state = ExplorerState(lesson: lesson, step: index)
            try opening.check("opening step \(index + 1)")
            var seeds = SeedSource(seed: UInt64(index))
            let keys = index == 0 ? learner + [.character("g"), .character("n"), .character("t"), .character("n")] : learner
            for key in keys {
                let clock = FuzzClock("lesson", seconds: secondsPerKey)
                if let action = KeyBindings.action(for: key, in: state, randomSeed: seeds.next()) { _ = update(&state, action) }
                try clock.check("the key \(key) at step \(index + 1)")
            }
            try render(state, index, large: index == last && index > 0)
            if index == 0 { try snapshot(state) }
        }
    }

    /// The screen at 80x24 in UTF-8, or (the last step's) at 131x41 in ASCII.
    static func render(_ state: ExplorerState, _ index: Int, large: Bool) throws(FuzzProblem) {
        let (width, height, theme) = large ? (131, 41, Theme.plainASCII) : (80, 24, Theme.plainUnicode)
        var canvas = Canvas(width: width, height: height, theme: theme)
        ExplorerView.render(state, on: &canvas)
        try FuzzChecks.canvas(canvas, width: width, height: height, "render \(width)x\(height) at step \(index + 1)")
    }

    /// What a follower gets when it joins during the lesson.
    static func snapshot(_ state: ExplorerState) throws(FuzzProblem) {
        let written = state.snapshotJSON()
        do {
            let again = try ExplorerState(snapshot: written, field: "state")
            guard again.snapshotJSON() == written else { throw FuzzProblem("ExplorerState(snapshot:)", "a lesson's state does not read back the same") }
        } catch let error as TraceFormatError {
            throw FuzzProblem("ExplorerState(snapshot:)", "a follower refuses a lesson's state", FuzzChecks.excerpt(error.description))
        } catch let problem as FuzzProblem {
            throw problem
        } catch {
            throw FuzzProblem("ExplorerState(snapshot:)", "an unexpected error", "\(error)")
        }
    }
}
