import UnrollCore

/// The model options a lesson may set, in front matter `model:` and in a step's `set:`: the rows of
/// `ModelOption.all` that lessons take, read and checked by the table as `unroll play` reads its flags.
public enum ModelOptionSchema {
    /// Every option name.
    public static var names: [String] { ModelOption.lessonOptions.map(\.key) }

    /// Applies options given together (a front matter's `model:`, one `set:` line) to the spec and the
    /// clipping switch, and says what is wrong with any of them: a bad value, two that set the same thing,
    /// one that means nothing for the cell or task they choose, a length longer than the task's data.
    public static func apply(_ given: [GivenOption], to spec: inout ExperimentSpec, clipping: inout Bool) -> [GivenOptionProblem] {
        var target = OptionTarget(spec: spec, clipping: clipping)
        let problems = ModelOption.apply(given, to: &target, source: .keys, for: .explorer)
        spec = target.spec
        clipping = target.clipping
        return problems
    }

    /// Applies settings a lesson's parser has accepted, as a step enters (an option that no longer applies,
    /// after an earlier step changed the cell, is kept and shown as not applying; a task shorter than a
    /// length the learner chose takes its longest, as in the settings panel).
    public static func apply(_ settings: [ModelSetting], to spec: inout ExperimentSpec, clipping: inout Bool) {
        _ = apply(settings.map { GivenOption($0.name, $0.value) }, to: &spec, clipping: &clipping)
        spec = spec.lengthWithinTask
    }
}
