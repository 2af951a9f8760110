import UnrollCore
import UnrollExplorer

/// The condition language on its own: `ConditionParser.parse`, the checks a lesson's `wait:`, `check:` and
/// `show:` get, and evaluation on live explorer states of every cell and both passes. A condition that
/// checks is also put into a one-step lesson (so what can never pass is looked at too) and shown there.
enum ConditionFuzz {
    static let target = FuzzTarget(name: "condition", summary: "ConditionParser.parse, LiveQuantities.check, evaluation on live models") { bytes throws(FuzzProblem) in
        FuzzLibrary.warmUp()
        try run(bytes)
    }

    /// Seconds one condition may take in a release build.
    static let seconds = 0.5

    static func run(_ bytes: [UInt8]) throws(FuzzProblem) {
        let text = String(decoding: bytes, as: UTF8.self)
        let clock = FuzzClock("condition", seconds: seconds)
        let columns = Array(text).count
        let condition: Condition
        do {
            condition = try ConditionParser.parse(text)
        } catch {
            try FuzzChecks.message(error.message, "ConditionParser.parse")
            if error.column < 1 || error.column > columns + 1 {
                throw FuzzProblem("ConditionParser.parse", "an error outside the text", "column \(error.column) of \(columns) characters")
            }
            try clock.check("a syntax error")
            return
        }
        try clock.check("parsing")
        let asCondition = LiveQuantities.check(condition), asNumber = LiveQuantities.check(condition, expecting: "number")
        for problem in asCondition + asNumber {
            try FuzzChecks.message(problem.message, "LiveQuantities.check")
            if problem.column < 1 || problem.column > columns + 1 {
                throw FuzzProblem("LiveQuantities.check", "a problem outside the text", "column \(problem.column) of \(columns) characters")
            }
        }
        try clock.check("checking")
        guard asCondition.isEmpty || asNumber.isEmpty else { return }
        for state in FuzzLibrary.shared.liveStates {
            let value = LiveQuantities.evaluate(condition, in: state)
            if asCondition.isEmpty, case .boolean = value {} else if asNumber.isEmpty, case .number = value {} else {
                throw FuzzProblem("LiveQuantities.evaluate", "a value of the wrong type", "a checked \(asCondition.isEmpty ? "condition" : "number") evaluated to \(value)")
            }
        }
        try clock.check("evaluating")
        // On one line, inside a lesson, as a teacher would write it.
        let line = String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
        let directive = asCondition.isEmpty ? "wait" : "show"
        let lesson = "---\nid: c\ntitle: c\n---\n## s\n```unroll\n\(directive): \(line)\n```\n"
        let (parsed, problems) = LessonParser.parse(lesson, file: "c.md")
        for problem in problems { try FuzzChecks.message(problem.description, "LessonParser.parse") }
        guard let parsed else { return }
        var state = ExplorerState(lesson: parsed)
        _ = update(&state, .toEnd)
        var canvas = Canvas(width: 90, height: 30, theme: .plainUnicode)
        ExplorerView.render(state, on: &canvas)
        try FuzzChecks.canvas(canvas, width: 90, height: 30, "render a lesson's \(directive):")
        try clock.check("a lesson")
    }
}
