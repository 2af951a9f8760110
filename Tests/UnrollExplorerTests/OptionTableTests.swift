import Foundation
import Testing
import UnrollCore
import UnrollTestSupport
@testable import UnrollExplorer

/// The option table seen from the lessons, the settings panel, the condition names and a spec's JSON: the
/// same rows, the same bounds and the same messages everywhere.
@Suite struct OptionTableTests {
    static func lesson(model: String, steps: String = "## One\n\nRead.\n") -> (lesson: Lesson?, problems: [String]) {
        let (lesson, problems) = LessonParser.parse("---\nid: t\ntitle: T\nmodel:\n\(model)---\n\(steps)", file: "t.md")
        return (lesson, problems.map(\.description))
    }

    /// What a lesson says of `key: text` in its front matter, without the file:line:col.
    static func lessonMessage(_ key: String, _ text: String, cell: CellKind = .lstm) -> String? {
        lesson(model: (key == "task" ? "" : "  task: random\n") + (cell == .lstm ? "" : "  cell: \(cell.rawValue)\n") + "  \(key): \(text)\n").problems.first.map { String($0.split(separator: " ", maxSplits: 1)[1]) }
    }

    /// What a spec's JSON says of `key` holding `value`, without the field.
    static func jsonMessage(_ key: String, _ value: JSONValue, cell: CellKind = .lstm) -> String? {
        guard case let .object(members) = ExperimentSpec(cell: cell, task: .random).json else { return "not an object" }
        let model = JSONValue.object(members.filter { $0.0 != key } + [(key, value)])
        do {
            _ = try ExperimentSpec(json: model, field: "model", for: .explorer)
            return nil
        } catch {
            #expect(error.field.hasPrefix("model"), "\(error.field)")
            return error.message
        }
    }

    /// lstm, or the first cell `option` applies to when it does not apply to lstm.
    static func cellWhere(_ option: ModelOption) -> CellKind {
        if case let .cells(cells) = option.domain, !cells.contains(.lstm) { return cells[0] }
        return .lstm
    }

    /// The edges of every bounded option, just inside and just outside, give the same answer from a lesson and
    /// from a spec's JSON, and the message the table itself gives.
    @Test func boundsAndMessagesAreTheSameInALessonAndInJSON() throws {
        var checked = 0
        for option in ModelOption.lessonOptions {
            guard let key = option.jsonKey else { continue }
            var values: [(String, JSONValue)] = []
            switch option.kind {
            case let .whole(bounds):
                let r = bounds(.explorer)
                values = [r.lowerBound, r.upperBound, r.lowerBound - 1, r.upperBound + 1].map { (String($0), .int($0)) }
            case let .number(r):
                values = [r.lowerBound, r.upperBound, r.lowerBound.nextDown, r.upperBound.nextUp].map { (String($0), .float($0)) }
                values += [("nan", .string("nan")), ("inf", .string("inf"))]
            case .word, .seed, .flag: continue
            }
            for (text, json) in values {
                // The task random leaves every option meaningful but the cell's own: keep the cell lstm unless
                // the option means nothing for it (attention's heads).
                let cell = Self.cellWhere(option)
                let fromLesson = Self.lessonMessage(option.key, text, cell: cell)
                let fromTable: String? = switch option.read(text, for: .explorer) {
                case .success: nil
                case let .failure(problem): problem.message(for: option.key)
                }
                #expect(fromLesson == fromTable, "\(option.key) = \(text)")
                let fromJSON = Self.jsonMessage(key, json, cell: cell)
                #expect(fromJSON == fromTable.map { $0.replacingOccurrences(of: option.key + " ", with: key + " ") },
                        "\(key) = \(text): JSON \(fromJSON ?? "accepted"), table \(fromTable ?? "accepted")")
                checked += 1
            }
        }
        #expect(checked >= 30)
        #expect(Self.lessonMessage("hidden", "257") == "hidden 257 is out of range: 1 to 256 on screen (trace, train and compare take up to 512)")
        #expect(Self.jsonMessage("cell", .string("lsmt")) == "unknown cell \"lsmt\"; expected rnn_tanh, rnn_relu, lstm, gru, ssm, mingru, selective, attention; did you mean 'lstm'?")
        #expect(Self.lessonMessage("cell", "lsmt") == Self.jsonMessage("cell", .string("lsmt")))
    }

    @Test func badNumbersGetClearMessagesNeverATrap() {
        for text in ["nan", "inf", "-inf", "\"\"", "1e40", "-99999999999999999999", "99999999999999999999", "abc"] {
            for key in ["hidden", "length", "seed", "radius", "forget_bias", "scale", "input_size"] {
                let message = Self.lessonMessage(key, text)
                #expect(message?.hasPrefix(key + " ") == true, "\(key): \(text) gave \(message ?? "no problem")")
            }
        }
        #expect(Self.lessonMessage("forget_bias", "nan") == "forget_bias takes a number, not \"nan\"")
        #expect(Self.lessonMessage("forget_bias", "-inf") == "forget_bias -inf is out of range: -20 to 20")
        #expect(Self.lessonMessage("seed", "-1") == "seed -1 is out of range: 0 to 18446744073709551615")
        #expect(Self.lessonMessage("length", "1.5") == "length takes a whole number, not \"1.5\"")
    }

    /// A forget bias for a cell without gates is refused where both are given, naming the cells it applies to.
    @Test func anOptionThatDoesNotApplyIsRefusedWhereItIsGiven() {
        let front = Self.lesson(model: "  cell: rnn_tanh\n  forget_bias: 2\n").problems
        #expect(front == ["t.md:6:16: forget_bias applies to lstm, gru and mingru, not rnn_tanh"])
        let step = Self.lesson(model: "  cell: ssm\n", steps: "## One\n\n```unroll\nset: forget_bias=1\n```\n").problems
        #expect(step == ["t.md:10:6: forget_bias applies to lstm, gru and mingru, not ssm"])
        let input = Self.lesson(model: "  task: adding\n  input_size: 3\n").problems
        #expect(input == ["t.md:6:15: input_size applies to random, not adding"])
        #expect(Self.lesson(model: "  task: random\n  input_size: 3\n").problems.isEmpty)
        #expect(Self.lesson(model: "  radius: 0.9\n  sigma_max: 0.9\n").problems == ["t.md:6:14: give radius or sigma_max, not both"])
    }

    /// A later step that changes the cell keeps an earlier forget bias: no problem for the learner, the panel
    /// shows it as not applying, and it applies again when a gated cell comes back.
    @Test func aCellChangedLaterKeepsTheBiasAndShowsItAsNotApplying() throws {
        let steps = "## Bias\n\n```unroll\nset: forget_bias=2\n```\n\n## Plain\n\n```unroll\nset: cell=rnn_tanh\nfocus: settings\n```\n\n## End\n\nDone.\n"
        let (parsed, problems) = Self.lesson(model: "  cell: lstm\n", steps: steps)
        #expect(problems.isEmpty, "\(problems)")
        let lesson = try #require(parsed)
        let plain = KeyScript.run(try KeyScript.keys("n"), from: ExplorerState(lesson: lesson))
        #expect(plain.spec.cell == .rnnTanh && plain.spec.initOptions.forgetBias == 2)
        let canvas = KeyScript.render(plain, width: 100, height: 30, theme: .plainUnicode)
        #expect(canvas.lines.contains { $0.contains("forget/update bias") && $0.contains("  — (not rnn_tanh)") && !$0.contains("‹ —") }, "\(canvas.text)")
        // ← and → on that row leave the kept bias as it is.
        let row = try #require(Setting.allCases.firstIndex { $0.option.key == "forget_bias" })
        var pressed = plain
        pressed.settingsCursor = row
        _ = update(&pressed, .settingsIncrease)
        #expect(pressed.spec.initOptions.forgetBias == 2)
        // c cycles rnn_tanh → rnn_relu → lstm: never an error, and the bias is the LSTM's again.
        let back = KeyScript.run(try KeyScript.keys("Esc c c"), from: plain)
        #expect(back.spec.cell == .lstm && back.spec.initOptions.forgetBias == 2)
        #expect(Setting.allCases.first { $0.option.key == "forget_bias" }?.value(in: back) == "2.0")
        let biasRows = (0..<4).map { back.model.network.tensor("bias_ih")?[8 + $0] }
        #expect(biasRows == [2, 2, 2, 2])
    }

    /// The settings panel never offers a length the task cannot give, and a task shorter than the length
    /// takes its longest, as its sequence always did.
    @Test func settingsOfferOnlyLengthsTheTaskGives() throws {
        let longest = try #require(TaskKind.sunspots.longestLength)
        #expect(longest == 308)
        let sunspots = ExperimentSpec(cell: .rnnTanh, length: 300, task: .sunspots)
        // Down to the length, then → five times.
        let stepped = try screen(sunspots, keys: "s Down Down Right Right Right Right Right").0
        #expect(stepped.spec.length == 300 && stepped.model.length == 300)
        // From the adding task at T = 1000, → on the task row reaches sunspots (copy, selective_copy, induction,
        // then sunspots).
        let long = ExperimentSpec(cell: .rnnTanh, length: 1000, task: .adding)
        let (moved, canvas) = try screen(long, keys: "s Down Down Down Right Right Right Right")
        #expect(moved.spec.task == .sunspots && moved.spec.length == longest && moved.model.length == longest)
        #expect(canvas.lines.contains { $0.contains("sequence length T") && $0.contains("‹ 308 ›") }, "\(canvas.text)")
        // A lesson step that sets the task after the learner lengthened the sequence does the same.
        var spec = ExperimentSpec(cell: .rnnTanh, length: 1000, task: .adding), clipping = false
        ModelOptionSchema.apply([ModelSetting(name: "task", value: "sunspots")], to: &spec, clipping: &clipping)
        #expect(spec.task == .sunspots && spec.length == longest)
    }

    /// A spec's JSON is what it was: the same members in the same order, and read back the same.
    @Test func specJSONIsUnchangedAndRoundTrips() throws {
        var spec = ExperimentSpec(cell: .gru, hidden: 12, length: 40, task: .random, inputSize: 3, seed: 18_446_744_073_709_551_615,
                                  initOptions: InitOptions(scheme: .orthogonal, rescale: .spectralRadius(0.9), forgetBias: -3),
                                  loss: .mseAll, bidirectional: true, recurrentScale: 1.5)
        #expect(spec.json.serializedOnOneLine() == #"{"cell":"gru","hidden":12,"length":40,"task":"random","input_size":3,"seed":"18446744073709551615","init":"orthogonal","loss":"mse_all","bidirectional":true,"recurrent_scale":1.5,"forget_bias":-3.0,"radius":0.9}"#)
        #expect(try ExperimentSpec(json: spec.json, field: "model", for: .explorer) == spec)
        spec.initOptions = InitOptions(rescale: .largestSingularValue(2))
        spec.cell = .rnnTanh
        #expect(try ExperimentSpec(json: spec.json, field: "model", for: .explorer) == spec)
        // What the explorer carries when c has left a bias on a cell without gates is read back as it was.
        spec.initOptions.forgetBias = 1
        #expect(try ExperimentSpec(json: spec.json, field: "model", for: .explorer) == spec)
        spec.task = .sunspots
        spec.length = 400
        #expect(throws: TraceFormatError(field: "model.length", "length 400 is out of range: 1 to 308 for sunspots: its series has 309 years")) {
            try ExperimentSpec(json: spec.json, field: "model", for: .batch)
        }
    }

    /// A checkpoint's training options are bounded as the command line bounds them.
    @Test func trainingJSONTakesTheTablesBounds() throws {
        let config = TrainingConfig(spec: ExperimentSpec(cell: .gru, hidden: 4, length: 6), optimizer: .sgd(lr: 0.5, momentum: 0.8),
                                    clipping: .value(2))
        #expect(try TrainingConfig(json: config.json, field: "config", for: .batch) == config)
        func problem(_ path: [String], _ value: JSONValue) -> String? {
            func set(_ v: JSONValue, _ path: ArraySlice<String>) -> JSONValue {
                guard let key = path.first, case let .object(members) = v else { return value }
                return .object(members.map { $0.0 == key ? ($0.0, set($0.1, path.dropFirst())) : $0 })
            }
            do {
                _ = try TrainingConfig(json: set(config.json, path[...]), field: "config", for: .batch)
                return nil
            } catch { return error.description }
        }
        #expect(problem(["optimizer", "lr"], .float(-1)) == "config.optimizer.lr: lr -1 is out of range: 1e-07 to 1000")
        #expect(problem(["optimizer", "momentum"], .float(1.5)) == "config.optimizer.momentum: momentum 1.5 is out of range: 0 to 1")
        #expect(problem(["clip", "threshold"], .string("nan")) == "config.clip.threshold: clip_value takes a number, not \"nan\"")
        #expect(problem(["optimizer", "lr"], .float(50)) == nil)
    }

    /// Every row a lesson may set is in the schema and accepted with a value of its kind; every settings row
    /// is the table's, in its order; every condition name a row declares is a live quantity with its meaning.
    @Test func everyRowReachesTheLessonsTheSettingsAndTheConditions() {
        #expect(ModelOptionSchema.names == ModelOption.all.filter(\.inLessons).map(\.key))
        for option in ModelOption.lessonOptions {
            let text: String
            switch option.kind {
            case let .whole(bounds): text = String(bounds(.explorer).lowerBound)
            case let .number(r): text = String(r.upperBound)
            case let .word(words): text = words[words.count - 1]
            case .seed: text = "7"
            case .flag: text = "on"
            }
            let model = option.key == "cell" || option.key == "task" ? "" : "  cell: \(Self.cellWhere(option).rawValue)\n  task: random\n"
            #expect(Self.lesson(model: model + "  \(option.key): \(text)\n").problems.isEmpty, "\(option.key): \(text)")
        }
        #expect(Setting.allCases.map(\.label) == ["cell", "hidden units H", "sequence length T", "task", "seed", "initialisation",
                                                  "spectral radius", "forget/update bias", "loss", "bidirectional",
                                                  "W_hh scale (+/-)", "clipping (k)", "clip threshold", "readout", "attention heads"])
        for option in ModelOption.all {
            guard let condition = option.condition else { continue }
            let entry = LiveQuantities.names.first { $0.name == option.key }
            #expect(entry?.meaning == condition.meaning && entry?.type == condition.type, "\(option.key)")
        }
        let state = ExplorerState(spec: ExperimentSpec(cell: .gru, initOptions: InitOptions(forgetBias: 1.5)), clipping: true)
        #expect(LiveQuantities.evaluate(.name("forget_bias", column: 1), in: state) == .number(1.5))
        #expect(LiveQuantities.evaluate(.name("clipping", column: 1), in: state) == .boolean(true))
        #expect(LiveQuantities.evaluate(.name("init", column: 1), in: state) == .text("default"))
    }

    /// The README names every flag of the table.
    @Test func theReadmeNamesEveryFlag() throws {
        let url = LessonTests.lessonsDirectory.deletingLastPathComponent().appendingPathComponent("README.md")
        let readme = try String(contentsOf: url, encoding: .utf8)
        for flag in ModelOption.all.compactMap(\.flag) { #expect(readme.contains("`--\(flag)"), "README.md lacks --\(flag)") }
    }

    /// lessons/README.md's table of model options is the option table's, row for row.
    @Test func theLessonReadmeListsEveryOptionAsTheTableDoes() throws {
        let readme = try String(contentsOf: LessonTests.lessonsDirectory.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Model options\n").dropFirst().first?.components(separatedBy: "\n## ").first)
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("| `") }.map(String.init)
        let expected = ModelOption.lessonOptions.map(\.lessonReadmeRow)
        #expect(rows == expected, "\(expected.joined(separator: "\n"))")
    }
}

/// One flag, two rows: `play --clip` starts the explorer clipping and `train --clip 5` clips at 5; each
/// command's reading finds its own row, and neither takes the other's.
@Suite struct SharedFlagTests {
    static func read(_ given: [GivenOption], for use: SizeLimits.Use) -> (target: OptionTarget, problems: [String]) {
        var target = OptionTarget()
        let problems = ModelOption.apply(given, to: &target, source: .commandLine, for: use)
        return (target, problems.map(\.message))
    }

    @Test func theExplorersClipIsItsSwitch() {
        let (target, problems) = Self.read([GivenOption("clip", "on"), GivenOption("clip-threshold", "2")], for: .explorer)
        #expect(problems.isEmpty)
        #expect(target.clipping && target.clipThreshold == 2)
        #expect(target.training.clip == 1, "the explorer's --clip set training's threshold")
        #expect(ModelOption.flagged("clip", for: .explorer)?.key == "clipping")
    }

    @Test func trainingsClipIsAThreshold() {
        let (target, problems) = Self.read([GivenOption("clip", "5")], for: .batch)
        #expect(problems.isEmpty)
        #expect(target.training.clip == 5 && !target.clipping)
        #expect(ModelOption.flagged("clip", for: .batch)?.key == "clip")
        // The explorer's threshold is not a batch command's option.
        let other = Self.read([GivenOption("clip-threshold", "2")], for: .batch).problems
        #expect(other.count == 1 && other[0].hasPrefix("unknown model option 'clip-threshold'"), "\(other)")
    }
}
