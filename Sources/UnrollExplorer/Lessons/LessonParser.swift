import UnrollCore
import Yams

/// Reads a lesson file and reports every problem as `file:line:col: message`, so a teacher can fix a lesson
/// without reading Swift.
public enum LessonParser {
    /// The directive keys a step's ```unroll block may use.
    public static let directiveKeys = ["set", "focus", "wait", "check", "ask", "choice", "choice*", "hint", "show"]

    /// The lesson in `text`, and every problem found; the lesson is nil when the problems leave nothing to run.
    public static func parse(_ text: String, file: String) -> (lesson: Lesson?, problems: [LessonProblem]) {
        var problems: [LessonProblem] = []
        func problem(_ line: Int, _ column: Int, _ message: String) {
            problems.append(LessonProblem(file: file, line: line, column: column, message: message))
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first?.trimmingTrailingSpace == "---",
              let closing = lines.indices.dropFirst().first(where: { lines[$0].trimmingTrailingSpace == "---" }) else {
            problem(1, 1, "a lesson starts with front matter between two '---' lines (id, title, minutes, model)")
            return (nil, problems)
        }
        // Front matter.
        var id = "", title = "", minutes = 10
        var spec = ExperimentSpec()
        var clipping = false
        let front = lines[1..<closing].joined(separator: "\n")
        do {
            guard let node = try Yams.compose(yaml: front), case let .mapping(mapping) = node else {
                problem(2, 1, "the front matter must be a mapping of id, title, minutes and model")
                return (nil, problems)
            }
            for (keyNode, valueNode) in mapping {
                let key = keyNode.string ?? ""
                let line = (keyNode.mark?.line ?? 0) + 1, column = keyNode.mark?.column ?? 1
                let valueLine = (valueNode.mark?.line ?? 0) + 1, valueColumn = valueNode.mark?.column ?? 1
                switch key {
                case "id":
                    id = valueNode.string ?? ""
                    if id.isEmpty || !id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
                        problem(valueLine, valueColumn, "id must be letters, digits and '-'")
                    }
                case "title": title = valueNode.string ?? ""
                case "minutes":
                    if let m = valueNode.int, (1...120).contains(m) { minutes = m } else {
                        problem(valueLine, valueColumn, "minutes must be a whole number from 1 to 120")
                    }
                case "model":
                    guard case let .mapping(options) = valueNode else {
                        problem(valueLine, valueColumn, "model must be a mapping of model options")
                        continue
                    }
                    for (nameNode, optionNode) in options {
                        let name = nameNode.string ?? "", value = optionNode.string ?? ""
                        if let message = ModelOptionSchema.apply(name, value, to: &spec, clipping: &clipping) {
                            let node = ModelOptionSchema.names.contains(name) ? optionNode : nameNode
                            problem((node.mark?.line ?? 0) + 1, node.mark?.column ?? 1, message)
                        }
                    }
                default:
                    problem(line, column, "unknown front matter key '\(key)'; expected id, title, minutes, model")
                }
            }
        } catch let error as YamlError {
            switch error {
            case let .scanner(_, message, mark, _), let .parser(_, message, mark, _), let .composer(_, message, mark, _):
                problem(mark.line + 1, mark.column, "front matter is not valid YAML: \(message)")
            default:
                problem(2, 1, "front matter is not valid YAML: \(error)")
            }
            return (nil, problems)
        } catch {
            problem(2, 1, "front matter is not valid YAML: \(error)")
            return (nil, problems)
        }
        if id.isEmpty { problem(1, 1, "the front matter needs an id") }
        if title.isEmpty { problem(1, 1, "the front matter needs a title") }

        // Steps.
        var steps: [LessonStep] = []
        var builder: StepBuilder? = nil
        var inDirective = false, inOtherFence = false
        for index in (closing + 1)..<lines.count {
            let line = lines[index], number = index + 1
            let trimmed = line.stripping(" \t")
            if inDirective {
                if trimmed.hasPrefix("```") { inDirective = false; continue }
                builder?.directive(line, number: number, spec: spec, problem: problem)
                continue
            }
            if trimmed.hasPrefix("```") {
                if trimmed == "```unroll" {
                    if builder == nil { problem(number, 1, "a directive block must be inside a step (after a '## ' heading)") }
                    inDirective = true
                } else {
                    inOtherFence.toggle()
                    builder?.prose.append(line)
                }
                continue
            }
            if !inOtherFence, line.hasPrefix("## ") {
                if let b = builder { steps.append(b.finish(spec: spec, problem: problem)) }
                builder = StepBuilder(title: String(line.dropFirst(3)).stripping(" \t"), line: number)
                continue
            }
            builder?.prose.append(line)
        }
        if inDirective { problem(lines.count, 1, "a ```unroll block is not closed with ```") }
        if let b = builder { steps.append(b.finish(spec: spec, problem: problem)) }
        if steps.isEmpty { problem(closing + 2, 1, "a lesson needs at least one step: a '## ' heading") }
        let lesson = problems.isEmpty ? Lesson(id: id, title: title, minutes: minutes, spec: spec, steps: steps, file: file, source: text) : nil
        return (lesson, problems)
    }
}

/// Collects one step's prose and directives as the parser walks its lines.
private struct StepBuilder {
    let title: String
    let line: Int
    var prose: [String] = []
    var settings: [ModelSetting] = []
    var focus: LessonPanel? = nil
    var wait: Condition? = nil, check: Condition? = nil
    var prompt: String? = nil, promptLine = 0
    var choices: [(text: String, feedback: String, correct: Bool)] = []
    var hints: [String] = []
    var shows: [(text: String, expression: Condition)] = []
    var conditionTexts: [(Condition, Int, Int)] = []

    init(title: String, line: Int) {
        self.title = title
        self.line = line
    }

    mutating func directive(_ text: String, number: Int, spec: ExperimentSpec, problem: (Int, Int, String) -> Void) {
        let trimmed = text.stripping(" \t")
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return }
        let indent = text.count - text.drop(while: { $0 == " " || $0 == "\t" }).count
        guard let colon = trimmed.firstIndex(of: ":") else {
            problem(number, indent + 1, "expected 'key: value' (keys: \(LessonParser.directiveKeys.joined(separator: ", ")))")
            return
        }
        let key = String(trimmed[..<colon])
        var value = String(trimmed[trimmed.index(after: colon)...])
        let leading = value.count - value.drop(while: { $0 == " " }).count
        value = value.stripping(" \t")
        let valueColumn = indent + key.count + 2 + leading
        switch key {
        case "set":
            var probe = spec, clipping = false
            var column = valueColumn
            for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                let pair = part.split(separator: "=", maxSplits: 1).map { String($0).stripping(" ") }
                let partColumn = column + (part.count - part.drop(while: { $0 == " " }).count)
                if pair.count != 2 || pair[0].isEmpty {
                    problem(number, partColumn, "set takes name=value pairs separated by commas")
                } else if let message = ModelOptionSchema.apply(pair[0], pair[1], to: &probe, clipping: &clipping) {
                    problem(number, partColumn, message)
                } else {
                    settings.append(ModelSetting(name: pair[0], value: pair[1]))
                }
                column += part.count + 1
            }
        case "focus":
            if let panel = LessonPanel(rawValue: value) { focus = panel } else {
                problem(number, valueColumn, "unknown panel '\(value)'; expected \(LessonPanel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        case "wait", "check":
            do {
                let condition = try ConditionParser.parse(value)
                let found = LiveQuantities.check(condition)
                for p in found { problem(number, valueColumn + p.column - 1, p.message) }
                if found.isEmpty {
                    if key == "wait" { wait = condition } else { check = condition }
                    conditionTexts.append((condition, number, valueColumn))
                }
            } catch {
                problem(number, valueColumn + error.column - 1, error.message)
            }
        case "ask":
            prompt = value
            promptLine = number
        case "choice", "choice*":
            let parts = value.split(separator: "|", maxSplits: 1).map { String($0).stripping(" ") }
            if parts.count < 2 || parts[0].isEmpty || parts[1].isEmpty {
                problem(number, valueColumn, "a choice is 'answer | feedback shown when it is picked'")
            } else {
                choices.append((parts[0], parts[1], key == "choice*"))
            }
        case "hint":
            hints.append(value)
        case "show":
            do {
                let expression = try ConditionParser.parse(value)
                let found = LiveQuantities.check(expression, expecting: "number")
                for p in found { problem(number, valueColumn + p.column - 1, p.message) }
                if found.isEmpty { shows.append((value, expression)) }
            } catch {
                problem(number, valueColumn + error.column - 1, error.message)
            }
        default:
            problem(number, indent + 1, "unknown directive '\(key)'; expected \(LessonParser.directiveKeys.joined(separator: ", "))")
        }
    }

    func finish(spec: ExperimentSpec, problem: (Int, Int, String) -> Void) -> LessonStep {
        var question: LessonQuestion? = nil
        if let prompt {
            if choices.count < 2 { problem(promptLine, 1, "a question needs at least two choices") }
            if !choices.contains(where: \.correct) { problem(promptLine, 1, "a question needs a correct choice: mark it 'choice*:'") }
            question = LessonQuestion(prompt: prompt, choices: choices)
        } else if !choices.isEmpty {
            problem(line, 1, "choices without a question: add 'ask:'")
        }
        // Conditions that can never hold, given what the lesson's model allows.
        var length = spec.length
        for s in settings where s.name == "length" { length = Int(s.value) ?? length }
        for (condition, line, column) in conditionTexts {
            if let reason = NeverHolds.reason(condition, length: length) { problem(line, column, "this can never pass: \(reason)") }
        }
        return LessonStep(title: title, prose: prose.joined(separator: "\n").stripping("\n "), line: line,
                          settings: settings, focus: focus, wait: wait, check: check, question: question, hints: hints,
                          shows: shows)
    }
}

extension String {
    var trimmingTrailingSpace: String { var s = self; while s.last == " " || s.last == "\t" || s.last == "\r" { s.removeLast() }; return s }

    func stripping(_ set: String) -> String {
        var start = startIndex, end = endIndex
        while start < end, set.contains(self[start]) { start = index(after: start) }
        while end > start, set.contains(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }
}
