import UnrollCore

/// Where each lesson was left: the step reached and which steps passed. Saved per user as JSON.
public struct LessonProgress: Equatable, Sendable {
    /// Per lesson id: the current step and the passed flags.
    public var lessons: [String: (step: Int, passed: [Bool])]

    public static func == (a: LessonProgress, b: LessonProgress) -> Bool {
        a.lessons.count == b.lessons.count && a.lessons.allSatisfy { id, value in
            b.lessons[id].map { $0.step == value.step && $0.passed == value.passed } ?? false
        }
    }

    public init(lessons: [String: (step: Int, passed: [Bool])] = [:]) { self.lessons = lessons }

    /// "not started", "step k of n", or "done".
    public func status(of lesson: Lesson) -> String {
        guard let entry = lessons[lesson.id] else { return "not started" }
        if entry.passed.count == lesson.steps.count, entry.passed.allSatisfy({ $0 }) { return "done" }
        // The step comes from progress.json: compare before adding, so Int.max cannot overflow.
        return "step \(entry.step < lesson.steps.count ? entry.step + 1 : lesson.steps.count) of \(lesson.steps.count)"
    }

    /// The progress as JSON.
    public var json: JSONValue {
        .object([("format", .string("unroll-progress/1")), ("lessons", .object(lessons.keys.sorted().map { id in
            let entry = lessons[id]!
            return (id, .object([("step", .int(entry.step)), ("passed", .array(entry.passed.map { .bool($0) }))]))
        }))])
    }

    /// Progress read from JSON; anything unreadable is skipped rather than lost.
    public init(json: JSONValue) {
        var lessons: [String: (step: Int, passed: [Bool])] = [:]
        if case let .object(members)? = json["lessons"] {
            for (id, value) in members {
                guard case let .number(text)? = value["step"], let step = Int(text), step >= 0,
                      case let .array(flags)? = value["passed"] else { continue }
                lessons[id] = (step, flags.map { $0 == .bool(true) })
            }
        }
        self.lessons = lessons
    }
}

extension ExplorerState {
    /// The current lesson's progress entry, to save.
    var lessonProgressEntry: (id: String, step: Int, passed: [Bool])? {
        lessonSession.map { ($0.lesson.id, $0.stepIndex, $0.passed) }
    }
}
