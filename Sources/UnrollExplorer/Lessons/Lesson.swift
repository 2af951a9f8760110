import UnrollCore

/// A lesson: a Markdown file with front matter for the model it opens, and one step per `##` section.
public struct Lesson: Sendable {
    /// The lesson's id (front matter `id`).
    public let id: String
    /// Its title.
    public let title: String
    /// About how long it takes.
    public let minutes: Int
    /// The model it opens with, and whether clipping starts on.
    public let spec: ExperimentSpec, clipping: Bool
    /// The steps, in order.
    public let steps: [LessonStep]
    /// The file it came from.
    public let file: String
    /// The Markdown it was parsed from, so a classroom share or a recording carries the lesson itself.
    public let source: String
}

extension Lesson {
    /// The model the lesson has at step `index`: its front matter, then every step's `set:` up to that one.
    public func model(atStep index: Int) -> (spec: ExperimentSpec, clipping: Bool) {
        var spec = self.spec, clipping = self.clipping
        for step in steps.prefix(index + 1) {
            ModelOptionSchema.apply(step.settings, to: &spec, clipping: &clipping)
        }
        return (spec, clipping)
    }
}

/// One step of a lesson: its prose and what it does.
public struct LessonStep: Sendable {
    /// The `##` heading.
    public let title: String
    /// The prose shown in the lesson pane.
    public let prose: String
    /// The line of the heading, for messages.
    public let line: Int
    /// Model options the step sets on entry (`set:`).
    public let settings: [ModelSetting]
    /// The panels the step talks about, most important first (`focus:`): the layout keeps them on screen.
    public let panels: [LessonPanel]
    /// Passes as soon as this holds (`wait:`).
    public let wait: Condition?
    /// Passes when this holds as the learner asks to go on (`check:`).
    public let check: Condition?
    /// A multiple-choice question (`ask:` with `choice:` lines).
    public let question: LessonQuestion?
    /// Hints, shown one by one.
    public let hints: [String]
    /// Live numbers the pane shows (`show:`): the expression's text and the expression.
    public let shows: [(text: String, expression: Condition)]
    /// Keys that complete the step, for the lesson's own play-through (`keys:`); nil when it needs none.
    public let keys: [Key]?
    /// Keys that must not complete it (`not:`).
    public let notKeys: [Key]?
    /// Updates each training run the step's keys start makes in the play-through before its claims are
    /// checked (`train:`); nil for the play-through's default.
    public let trainingSteps: Int?
    /// What the step's text says about the model as the step begins (`given:`), and once its keys have run
    /// (`claim:`); the play-through checks both.
    public let givens: [(text: String, condition: Condition, line: Int)], claims: [(text: String, condition: Condition, line: Int)]

}

/// A multiple-choice question with feedback for each answer.
public struct LessonQuestion: Sendable {
    public let prompt: String
    public let choices: [(text: String, feedback: String, correct: Bool)]
}

/// The panels a step can talk about.
public enum LessonPanel: String, CaseIterable, Sendable {
    case timeline, hidden, step, gradient, sources, settings, training, unrolled, scan, stream
}

/// One model option a lesson sets: a name and its value, validated.
public struct ModelSetting: Sendable {
    public let name: String
    public let value: String
}

/// A problem in a lesson file, where it is.
public struct LessonProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String, line: Int, column: Int
    public let message: String

    /// A problem at a 1-based line and column of `file`.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// One line, safe to print: a file name or a message quoting the file cannot reach the terminal raw.
    public var description: String { TerminalText.sanitized("\(file):\(line):\(column): \(message)") }
}
