import UnrollCore

/// Reads a lesson file and reports every problem as `file:line:col: message`, so a teacher can fix a lesson
/// without reading Swift. Bounded for any text: the file, its front matter, titles, conditions and the number
/// of steps have limits, nothing recurses on the file's structure, and at most `maximumProblems` are listed.
public enum LessonParser {
    /// The directive keys a step's ```unroll block may use.
    public static let directiveKeys = ["set", "focus", "wait", "check", "ask", "choice", "choice*", "hint", "show", "keys", "not", "given", "claim", "train"]
    /// The largest lesson, in bytes of UTF-8.
    public static let maximumBytes = 1 << 20
    /// The most steps a lesson has.
    public static let maximumSteps = 100
    /// The longest lesson or step title, in characters.
    public static let maximumTitleLength = 120
    /// The most choices a question has: the learner answers with the keys 1 to 4.
    public static let maximumChoices = 4
    /// The most characters of prose in one step: about six pages of the pane at 80x24. A longer text is
    /// better as two steps, and the pane wraps all of a step's text on every frame.
    public static let maximumProse = 4000
    /// The most problems listed for one file; the rest are counted.
    public static let maximumProblems = 20

    /// The lesson in `text`, and every problem found; the lesson is nil when the problems leave nothing to run.
    public static func parse(_ text: String, file: String) -> (lesson: Lesson?, problems: [LessonProblem]) {
        var list = ProblemList(file: file)
        let lesson = read(text, into: &list)
        return (list.problems.isEmpty ? lesson : nil, list.finished)
    }

    /// `text` with CR LF and lone CR line endings made LF and without a leading byte-order mark, so a lesson
    /// saved on Windows reads the same.
    public static func normalisingLineEndings(_ original: String) -> String {
        let text = original.hasPrefix("\u{FEFF}") ? String(original.unicodeScalars.dropFirst()) : original
        guard text.utf8.contains(13) else { return text }
        var out = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" { out.append("\n") } else if !(scalar == "\n" && afterCR) { out.append(scalar) }
            afterCR = scalar == "\r"
        }
        return String(out)
    }

    private static func read(_ original: String, into list: inout ProblemList) -> Lesson? {
        func problem(_ line: Int, _ column: Int, _ message: String) { list.add(line, column, message) }
        let size = original.utf8.count
        if size > maximumBytes {
            problem(1, 1, "a lesson is at most \(maximumBytes / 1024) KB; this one is \(size / 1024) KB")
            return nil
        }
        let text = normalisingLineEndings(original)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first?.trimmingTrailingSpace == "---",
              let closing = lines.indices.dropFirst().first(where: { lines[$0].trimmingTrailingSpace == "---" }) else {
            problem(1, 1, "a lesson starts with front matter between two '---' lines (id, title, minutes, model)")
            return nil
        }
        // Control characters: a terminal would act on them wherever the text is shown. Tabs are layout.
        for (index, line) in lines.enumerated() {
            var column = 1
            for character in line {
                if let scalar = character.unicodeScalars.first(where: { TerminalText.isControl($0) && $0 != "\t" }) {
                    let code = String(scalar.value, radix: 16, uppercase: true)
                    problem(index + 1, column, "control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code) is not allowed in a lesson")
                    break
                }
                column += 1
            }
        }

        // Front matter.
        var id = "", title = "", minutes = 10
        var spec = ExperimentSpec()
        var clipping = false
        let front = FrontMatter(lines: lines[1..<closing], firstLine: 2)
        for p in front.problems { problem(p.line, p.column, p.message) }
        if front.problems.isEmpty, front.entries.isEmpty {
            problem(2, 1, "the front matter must be 'key: value' lines: id, title, minutes and model")
        }
        for entry in front.entries {
            func scalar() -> String? {
                guard case let .scalar(value) = entry.value else {
                    problem(entry.line, entry.column, "\(entry.key) takes one value, on its own line")
                    return nil
                }
                return value
            }
            switch entry.key {
            case "id":
                guard let value = scalar() else { continue }
                id = value
                if id.isEmpty || !id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
                    problem(entry.valueLine, entry.valueColumn, "id must be letters, digits and '-'")
                }
            case "title":
                guard let value = scalar() else { continue }
                title = value
                if title.count > maximumTitleLength {
                    problem(entry.valueLine, entry.valueColumn, "a title is at most \(maximumTitleLength) characters")
                }
            case "minutes":
                guard let value = scalar() else { continue }
                if let m = Int(value), (1...120).contains(m) { minutes = m } else {
                    problem(entry.valueLine, entry.valueColumn, "minutes must be a whole number from 1 to 120")
                }
            case "model":
                guard case let .mapping(options) = entry.value else {
                    problem(entry.valueLine, entry.valueColumn, "model takes its options on the indented lines below it, e.g. '  cell: lstm'")
                    continue
                }
                let scalars = options.compactMap { option -> (FrontMatter.Entry, String)? in
                    guard case let .scalar(value) = option.value else { return nil }
                    return (option, value)
                }
                for p in ModelOptionSchema.apply(scalars.map { GivenOption($0.0.key, $0.1) }, to: &spec, clipping: &clipping) {
                    let option = scalars[p.index].0
                    problem(option.line, p.unknownName ? option.column : option.valueColumn, p.message)
                }
                if let message = spec.sizeProblem(for: .explorer) { problem(entry.line, entry.column, message) }
            default:
                problem(entry.line, entry.column, "unknown front matter key '\(TerminalText.excerpt(entry.key))'; expected id, title, minutes, model")
            }
        }
        if front.problems.isEmpty {
            if id.isEmpty { problem(1, 1, "the front matter needs an id") }
            if title.isEmpty { problem(1, 1, "the front matter needs a title") }
        }

        // Steps.
        var steps: [LessonStep] = []
        var builder: StepBuilder? = nil
        var inDirective = false, inOtherFence = false
        // The model as the steps so far leave it, as `Lesson.model(atStep:)` makes it: a step's `set:` is
        // checked against this (a forget bias after a step chose rnn_tanh is refused), not the front matter's.
        var modelSoFar = spec, clippingSoFar = clipping
        func finish(_ b: StepBuilder) {
            if steps.count == maximumSteps { problem(b.line, 1, "a lesson has at most \(maximumSteps) steps") }
            if steps.count < maximumSteps { steps.append(b.finish(spec: modelSoFar, problem: problem)) }
            ModelOptionSchema.apply(b.settings, to: &modelSoFar, clipping: &clippingSoFar)
        }
        for index in (closing + 1)..<lines.count {
            let line = lines[index], number = index + 1
            let trimmed = line.stripping(" \t")
            if inDirective {
                if trimmed.hasPrefix("```") { inDirective = false; continue }
                builder?.directive(line, number: number, spec: modelSoFar, problem: problem)
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
                if let b = builder { finish(b) }
                let heading = String(line.dropFirst(3)).stripping(" \t")
                if heading.count > maximumTitleLength { problem(number, 4, "a step title is at most \(maximumTitleLength) characters") }
                builder = StepBuilder(title: heading, line: number)
                continue
            }
            builder?.prose.append(line)
        }
        if inDirective { problem(lines.count, 1, "a ```unroll block is not closed with ```") }
        if let b = builder { finish(b) }
        // The line after the front matter, or its last line when nothing follows it.
        let lastLine = lines.last == "" ? lines.count - 1 : lines.count
        if steps.isEmpty { problem(min(closing + 2, max(lastLine, 1)), 1, "a lesson needs at least one step: a '## ' heading") }
        return Lesson(id: id, title: title, minutes: minutes, spec: spec, clipping: clipping, steps: steps, file: list.file, source: text)
    }
}

/// The problems of one file, cut at `LessonParser.maximumProblems` so a binary file gets a few lines, not
/// thousands.
private struct ProblemList {
    let file: String
    private(set) var problems: [LessonProblem] = []
    private var more = 0

    init(file: String) { self.file = file }

    mutating func add(_ line: Int, _ column: Int, _ message: String) {
        guard problems.count < LessonParser.maximumProblems else { more += 1; return }
        problems.append(LessonProblem(file: file, line: line, column: column, message: message))
    }

    /// The problems, with a last line that counts those left out.
    var finished: [LessonProblem] {
        guard more > 0, let last = problems.last else { return problems }
        return problems + [LessonProblem(file: file, line: last.line, column: last.column, message: "and \(more) more problem\(more == 1 ? "" : "s") after these")]
    }
}

/// Collects one step's prose and directives as the parser walks its lines.
private struct StepBuilder {
    let title: String
    let line: Int
    var prose: [String] = []
    var settings: [ModelSetting] = []
    var panels: [LessonPanel] = []
    var keys: [Key]? = nil, notKeys: [Key]? = nil, trainingSteps: Int? = nil
    var givens: [(text: String, condition: Condition, line: Int)] = [], claims: [(text: String, condition: Condition, line: Int)] = []
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
        /// The condition (or, `expecting` "number", the expression) a directive's value holds, or nil after
        /// reporting why it cannot be one.
        func checkedCondition(_ value: String, line: Int, column: Int, expecting: String = "boolean") -> Condition? {
            do {
                let condition = try ConditionParser.parse(value)
                let found = LiveQuantities.check(condition, expecting: expecting)
                for p in found { problem(line, column + p.column - 1, p.message) }
                return found.isEmpty ? condition : nil
            } catch {
                problem(line, column + error.column - 1, error.message)
                return nil
            }
        }
        switch key {
        case "set":
            // The step's earlier `set:` lines count too: they apply before this one.
            var probe = spec, clipping = false
            ModelOptionSchema.apply(settings, to: &probe, clipping: &clipping)
            var column = valueColumn
            var pairs: [(setting: ModelSetting, column: Int)] = []
            for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                let pair = part.split(separator: "=", maxSplits: 1).map { String($0).stripping(" ") }
                let partColumn = column + (part.count - part.drop(while: { $0 == " " }).count)
                if pair.count != 2 || pair[0].isEmpty {
                    problem(number, partColumn, "set takes name=value pairs separated by commas")
                } else {
                    pairs.append((ModelSetting(name: pair[0], value: pair[1]), partColumn))
                }
                column += part.count + 1
            }
            let refused = ModelOptionSchema.apply(pairs.map { GivenOption($0.setting.name, $0.setting.value) }, to: &probe, clipping: &clipping)
            for p in refused { problem(number, pairs[p.index].column, p.message) }
            settings += pairs.indices.filter { i in !refused.contains { $0.index == i } }.map { pairs[$0].setting }
            if let message = probe.sizeProblem(for: .explorer) { problem(number, valueColumn, message) }
        case "focus":
            var column = valueColumn
            for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                let name = String(part).stripping(" ")
                let partColumn = column + (part.count - part.drop(while: { $0 == " " }).count)
                if let panel = LessonPanel(rawValue: name) {
                    if !panels.contains(panel) { panels.append(panel) }
                } else {
                    problem(number, partColumn, "unknown panel '\(TerminalText.excerpt(name))'; expected \(LessonPanel.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                column += part.count + 1
            }
            if panels.filter({ !$0.isExplorerPanel }).count > 1 {
                problem(number, valueColumn, "a step shows at most one of sources, settings, training, unrolled, scan and stream")
            }
        case "train":
            if let n = Int(value), SizeLimits.steps.contains(n) { trainingSteps = n } else {
                problem(number, valueColumn, "train takes the number of updates the play-through trains, 1 to \(SizeLimits.steps.upperBound)")
            }
        case "keys", "not":
            do {
                let parsed = try KeyScript.keys(value)
                if key == "keys" { keys = parsed } else { notKeys = parsed }
            } catch {
                problem(number, valueColumn, error.description)
            }
        case "claim", "given", "wait", "check":
            guard let condition = checkedCondition(value, line: number, column: valueColumn) else { break }
            switch key {
            case "claim": claims.append((value, condition, number))
            case "given": givens.append((value, condition, number))
            case "wait": wait = condition
            default: check = condition
            }
            conditionTexts.append((condition, number, valueColumn))
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
            if let expression = checkedCondition(value, line: number, column: valueColumn, expecting: "number") {
                shows.append((value, expression))
            }
        default:
            problem(number, indent + 1, "unknown directive '\(TerminalText.excerpt(key))'; expected \(LessonParser.directiveKeys.joined(separator: ", "))")
        }
    }

    func finish(spec: ExperimentSpec, problem: (Int, Int, String) -> Void) -> LessonStep {
        var question: LessonQuestion? = nil
        if let prompt {
            if choices.count < 2 { problem(promptLine, 1, "a question needs at least two choices") }
            if !choices.contains(where: \.correct) { problem(promptLine, 1, "a question needs a correct choice: mark it 'choice*:'") }
            if choices.count > LessonParser.maximumChoices {
                problem(promptLine, 1, "a question has at most \(LessonParser.maximumChoices) choices: the learner answers with 1 to \(LessonParser.maximumChoices)")
            }
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
        let text = prose.joined(separator: "\n").stripping("\n ")
        if text.count > LessonParser.maximumProse {
            problem(line, 1, "a step's text is at most \(LessonParser.maximumProse) characters (this one has \(text.count)): split it into two steps")
        }
        return LessonStep(title: title, prose: String(text.prefix(LessonParser.maximumProse)), line: line,
                          settings: settings, panels: panels, wait: wait, check: check, question: question, hints: hints,
                          shows: shows, keys: keys, notKeys: notKeys, trainingSteps: trainingSteps, givens: givens, claims: claims)
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
