import UnrollCore

extension ExplorerState {
    /// Enters a lesson step: applies its `set:` options and shows the screen its `focus:` names.
    public mutating func enter(_ step: LessonStep) {
        var spec = self.spec, clipping = self.clipping
        ModelOptionSchema.apply(step.settings, to: &spec, clipping: &clipping)
        setSpec(spec)
        self.clipping = clipping
        switch step.panels.first(where: { !$0.isExplorerPanel }) ?? step.panels.first {
        case .sources?: screen = .sources
        case .settings?: screen = .settings; underlyingScreen = .main
        case .training?: screen = .training
        case .unrolled?: screen = .unrolled
        // A step that stays on the scan screen goes on from the round the last one left.
        case .scan?:
            if screen != .scan { scanRound = 0 }
            screen = .scan
        case .stream?: screen = .stream
        case .timeline?, .hidden?, .step?, .gradient?: screen = .main
        case nil: break
        }
        if screen == .home { screen = .main; underlyingScreen = .main }
        if screen == .sources { computeJacobiansIfCheap() }
    }

    /// Whether a lesson step is passed in this state: its wait and check conditions hold (a question is
    /// answered separately).
    public func passes(_ step: LessonStep) -> Bool {
        [step.wait, step.check].compactMap { $0 }.allSatisfy { LiveQuantities.holds($0, in: self) }
    }

    /// The explorer opened on a lesson's model, at its first step (or `step`).
    public init(lesson: Lesson, step: Int = 0) {
        let session = LessonSession(lesson: lesson, startAt: step)
        // A lesson resumed at a later step has every earlier step's settings too.
        let model = lesson.model(atStep: session.stepIndex - 1)
        self.init(spec: model.spec, clipping: model.clipping)
        lessonSession = session
        if let session = lessonSession, !lesson.steps.isEmpty { enter(session.step) }
        refreshLesson()
    }

    /// The model the lesson has at the step in progress (with the learner's changes a step asks for kept,
    /// as a later `set:` restates them), nil outside a lesson.
    public var lessonModel: (spec: ExperimentSpec, clipping: Bool)? {
        lessonSession.map { $0.lesson.model(atStep: $0.stepIndex) }
    }

    /// The library's lesson after the one in progress, if there is one.
    var nextLessonIndex: Int? {
        guard let id = lessonSession?.lesson.id, let k = library.firstIndex(where: { $0.id == id }), k + 1 < library.count else { return nil }
        return k + 1
    }

    /// Whether the current step's question has been answered correctly (true when it has none).
    var lessonQuestionAnswered: Bool {
        guard let session = lessonSession, let question = session.step.question else { return true }
        // The answer may come from a recording or a stream: an index past the choices answers nothing.
        guard let answer = session.answer, question.choices.indices.contains(answer) else { return false }
        return question.choices[answer].correct
    }

    /// Marks the current step passed once its wait condition holds (and its question, if any, is answered).
    mutating func refreshLesson(modelChanged: Bool = false) {
        guard var session = lessonSession, !session.lesson.steps.isEmpty else { return }
        let step = session.step
        if modelChanged { session.forgetWalk() }
        if phase == .backward && cursor == length { session.backwardStarted = true }
        if session.backwardStarted && backwardComplete { session.walkedBack = true }
        // The wait condition may read walked_back: it must see this key's walk, not the last one's.
        lessonSession = session
        if !session.passed[session.stepIndex], step.check == nil, lessonQuestionAnswered,
           step.wait.map({ LiveQuantities.holds($0, in: self) }) ?? true {
            session.passed[session.stepIndex] = true
            // "Not yet" from an earlier n is no longer true beside "passed".
            if let message = session.message, message.hasPrefix("Not yet") { session.message = nil }
        }
        lessonSession = session
    }
}

extension ExperimentSpec {
    /// Whether `other` is another model than this one: another cell, size, task, seed or initialisation.
    /// The recurrent scale, which a step may ask the learner to change with + and −, does not count.
    func differsInModel(from other: ExperimentSpec) -> Bool {
        var a = self, b = other
        a.recurrentScale = 1
        b.recurrentScale = 1
        return a != b
    }
}
