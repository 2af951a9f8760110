import UnrollCore

extension ExplorerState {
    /// Enters a lesson step: applies its `set:` options and shows the screen its `focus:` names.
    public mutating func enter(_ step: LessonStep) {
        var spec = self.spec, clipping = self.clipping
        for setting in step.settings {
            _ = ModelOptionSchema.apply(setting.name, setting.value, to: &spec, clipping: &clipping)
        }
        setSpec(spec)
        self.clipping = clipping
        switch step.focus {
        case .sources?: screen = .sources
        case .settings?: screen = .settings; underlyingScreen = .main
        case .training?: screen = .training
        case .timeline?, .hidden?, .step?, .gradient?: screen = .main
        case nil: break
        }
    }

    /// Whether a lesson step is passed in this state: its wait and check conditions hold (a question is
    /// answered separately).
    public func passes(_ step: LessonStep) -> Bool {
        [step.wait, step.check].compactMap { $0 }.allSatisfy { LiveQuantities.holds($0, in: self) }
    }

    /// The explorer opened on a lesson's model.
    public init(lesson: Lesson) {
        self.init(spec: lesson.spec)
    }
}
