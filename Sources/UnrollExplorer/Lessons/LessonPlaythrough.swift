import UnrollCore

/// A lesson played as a learner who does what it asks: at every step the keys it names (`keys:`), the
/// right answer, then n. What that finds wrong is a problem with the lesson, as `unroll lesson --check`
/// reports it: a step that passes before the learner acts, keys that pass it when they must not
/// (`not:`), keys that do not pass it, a claim its text makes that the model on screen contradicts, a
/// number it shows that means nothing for the model.
public enum LessonPlaythrough {
    /// Every problem found, in step order. Training started by a step runs `trainingSteps` updates in line.
    /// `visit` sees each step as it begins and once its keys and answer are in.
    public static func problems(_ lesson: Lesson, trainingSteps: Int = 200,
                                visit: ((Int, ExplorerState, ExplorerState) -> Void)? = nil) -> [LessonProblem] {
        var problems: [LessonProblem] = []
        func problem(_ line: Int, _ message: String) {
            problems.append(LessonProblem(file: lesson.file, line: line, column: 1, message: message))
        }
        var state = ExplorerState(lesson: lesson)
        for (index, step) in lesson.steps.enumerated() {
            let name = "step \(index + 1) '\(TerminalText.excerpt(step.title))'"
            let entry = state
            guard state.lessonSession?.stepIndex == index else {
                problem(step.line, "\(name) was never reached")
                break
            }
            let conditions = [step.wait, step.check].compactMap { $0 } + step.shows.map(\.expression)
                + (step.givens + step.claims).map(\.condition)
            for condition in conditions {
                for p in MeaningCheck.problems(condition, model: state.model) { problem(step.line, "\(name): \(p.message)") }
            }
            if step.keys != nil || step.notKeys != nil {
                if let wait = step.wait, LiveQuantities.holds(wait, in: state) {
                    problem(step.line, "\(name): its wait already holds when the step begins, before the learner does anything")
                } else if step.wait == nil, let check = step.check, LiveQuantities.holds(check, in: state) {
                    problem(step.line, "\(name): its check already holds when the step begins, before the learner does anything")
                }
            }
            for given in step.givens where !LiveQuantities.holds(given.condition, in: state) {
                problem(given.line, "\(name): '\(TerminalText.excerpt(given.text, limit: 60))' does not hold as the step begins")
            }
            if let wrong = step.notKeys, (step.wait != nil || step.check != nil),
               KeyScript.run(wrong, from: state, trainingSteps: trainingSteps).passes(step) {
                problem(step.line, "\(name): passes with the keys that must not pass it (not: \(wrong.map(\.name).joined(separator: " ")))")
            }
            if let keys = step.keys { state = KeyScript.run(keys, from: state, trainingSteps: step.trainingSteps ?? trainingSteps) }
            // What the learner sees is the session's mark, set as each key lands, not a fresh evaluation.
            let marked = step.check != nil || step.question != nil || state.lessonSession?.passed[index] == true
            if !state.passes(step) || !marked {
                problem(step.line, "\(name): does not pass with its keys (\((step.keys ?? []).map(\.name).joined(separator: " ")))")
            }
            for claim in step.claims where !LiveQuantities.holds(claim.condition, in: state) {
                problem(claim.line, "\(name): the claim '\(TerminalText.excerpt(claim.text, limit: 60))' does not hold once its keys have run")
            }
            if let question = step.question, let right = question.choices.firstIndex(where: \.correct) {
                state = KeyScript.run([.character(Character(String(right + 1)))], from: state)
            }
            visit?(index, entry, state)
            state = KeyScript.run([.character("n")], from: state)
        }
        if state.lessonSession?.complete != true, problems.isEmpty {
            problem(lesson.steps.last?.line ?? 1, "the lesson does not complete when every step is done")
        }
        return problems
    }
}
