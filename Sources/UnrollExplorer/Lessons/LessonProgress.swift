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

    /// The format tag of the progress file.
    public static let formatTag = "unroll-progress/1"

    /// The progress as JSON.
    public var json: JSONValue {
        .object([("format", .string(Self.formatTag)), ("lessons", .object(lessons.keys.sorted().map { id in
            let entry = lessons[id]!
            return (id, .object([("step", .int(entry.step)), ("passed", .array(entry.passed.map { .bool($0) }))]))
        }))])
    }

    /// Progress read from JSON written by `json`. Anything else is an error naming the place, never a
    /// lesson quietly skipped: a damaged file must be noticed, or the next save would lose what it held.
    public init(json: JSONValue) throws(TraceFormatError) {
        guard json["format"] == .string(Self.formatTag) else {
            throw TraceFormatError(field: "format", "expected \"\(Self.formatTag)\"")
        }
        guard case let .object(members)? = json["lessons"] else { throw TraceFormatError(field: "lessons", "expected an object") }
        var lessons: [String: (step: Int, passed: [Bool])] = [:]
        for (id, value) in members {
            let field = "lessons.\(InputText.excerpt(id))"
            guard !id.isEmpty, lessons[id] == nil else { throw TraceFormatError(field: field, "an empty or repeated lesson id") }
            guard case let .array(flags)? = value["passed"] else {
                throw TraceFormatError(field: field + ".passed", "expected one true or false per step")
            }
            var passed: [Bool] = []
            for flag in flags {
                guard case let .bool(b) = flag else { throw TraceFormatError(field: field + ".passed", "expected one true or false per step") }
                passed.append(b)
            }
            guard case let .number(text)? = value["step"], let step = Int(text), (0..<max(passed.count, 1)).contains(step) else {
                throw TraceFormatError(field: field + ".step", "expected a step from 0 to \(max(passed.count - 1, 0))")
            }
            lessons[id] = (step, passed)
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
