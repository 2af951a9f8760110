/// A lesson in progress: which step, which steps have passed, hints shown, the answer given.
public struct LessonSession: Sendable {
    /// The lesson.
    public let lesson: Lesson
    /// The current step's index.
    public var stepIndex: Int
    /// Which steps have passed.
    public var passed: [Bool]
    /// How many of the current step's hints are showing.
    public var hintsShown: Int
    /// The choice picked for the current step's question.
    public var answer: Int?
    /// Feedback for the learner (an answer's feedback, "not yet", "lesson complete").
    public var message: String?
    /// The page of the step's text shown, when it needs more than one.
    public var page: Int

    /// The start of `lesson`.
    public init(lesson: Lesson, startAt index: Int = 0) {
        self.lesson = lesson
        stepIndex = min(max(index, 0), max(lesson.steps.count - 1, 0))
        passed = [Bool](repeating: false, count: lesson.steps.count)
        hintsShown = 0
        answer = nil
        message = nil
        page = 0
    }

    /// What the pane says once every step has passed.
    public static let completeMessage = "Lesson complete."

    /// The current step.
    public var step: LessonStep { lesson.steps[stepIndex] }

    /// Whether every step has passed.
    public var complete: Bool { passed.allSatisfy { $0 } }
}
