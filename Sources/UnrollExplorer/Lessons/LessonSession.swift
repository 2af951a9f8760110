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
    /// Whether, since the step began, the backward pass has stood at t = T on the model now on screen, and
    /// then reached t = 1: the learner has watched the whole walk back (`walked_back`).
    public var backwardStarted = false, walkedBack = false

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

    /// A new step, or a new model: nothing has been watched yet.
    mutating func forgetWalk() {
        backwardStarted = false
        walkedBack = false
    }

    /// What the pane says once every step has passed.
    public static let completeMessage = "Lesson complete."

    /// The current step.
    public var step: LessonStep { lesson.steps[stepIndex] }

    /// Whether every step has passed.
    public var complete: Bool { passed.allSatisfy { $0 } }
}
