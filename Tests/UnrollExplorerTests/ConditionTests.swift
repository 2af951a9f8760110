import UnrollTestSupport
import Testing
import UnrollCore
@testable import UnrollExplorer

@Suite struct ConditionTests {
    @Test func precedenceAndAssociativity() throws {
        // 1 + 2 * 3 < 8 and not false or false  ==  ((1 + (2*3)) < 8 and (not false)) or false
        let c = try ConditionParser.parse("1 + 2 * 3 < 8 and not false or false")
        typealias Link = Condition.ChainLink
        let product = Condition.chain(.number(2), [Link(.times, .number(3), column: 7)])
        let sum = Condition.chain(.number(1), [Link(.plus, product, column: 3)])
        let and = Condition.chain(.comparison(.less, sum, .number(8), column: 11), [Link(.and, .not(.boolean(false)), column: 15)])
        #expect(c == .chain(and, [Link(.or, .boolean(false), column: 29)]))
        let state = ExplorerState(spec: ExperimentSpec())
        #expect(LiveQuantities.evaluate(try ConditionParser.parse("10 - 4 - 3 == 3"), in: state) == .boolean(true))
        #expect(LiveQuantities.evaluate(try ConditionParser.parse("-2 * -3 == 6 and 1e-3 < 0.01"), in: state) == .boolean(true))
    }

    @Test func syntaxErrorsSayWhere() {
        let cases: [(String, Int, String)] = [
            ("step = 5", 6, "'=' alone"), ("1 +", 4, "expected a number"), ("grad(1", 7, "expected ')'"),
            ("radius < 1 1", 12, "unexpected number"), ("\"lstm", 1, "closing quote"), ("step # 2", 6, "unexpected character"),
        ]
        for (text, column, message) in cases {
            do {
                _ = try ConditionParser.parse(text)
                Issue.record("parsed \(text)")
            } catch {
                #expect(error.column == column && error.message.contains(message), "\(text): \(error)")
            }
        }
    }

    @Test func checkingCatchesUnknownNamesArityAndNonBooleans() throws {
        let cases: [(String, String)] = [
            ("radus < 1", "unknown name 'radus'"), ("grad(1, 2) > 0", "grad takes 1 argument, not 2"),
            ("sqrt(2) > 1", "unknown function 'sqrt'"), ("step + 1", "must be true or false"), ("cell", "must be true or false"),
        ]
        for (text, message) in cases {
            let problems = LiveQuantities.check(try ConditionParser.parse(text))
            #expect(problems.contains { $0.message.contains(message) }, "\(text): \(problems)")
        }
        #expect(LiveQuantities.check(try ConditionParser.parse("phase == \"backward\" and grad(1) < grad(length)")).isEmpty)
    }

    @Test func conditionsReadTheLiveState() throws {
        func holds(_ text: String, _ spec: ExperimentSpec = ExperimentSpec(), keys: String = "") throws -> Bool {
            let condition = try ConditionParser.parse(text)
            #expect(LiveQuantities.check(condition).isEmpty, "\(text)")
            return LiveQuantities.holds(condition, in: KeyScript.run(try KeyScript.keys(keys), from: ExplorerState(spec: spec)))
        }
        #expect(try holds("step == 5", keys: "Right Right Right Right Right"))
        #expect(try !holds("step == 5", keys: "Right"))
        let rnn = ExperimentSpec(cell: .rnnTanh, task: .random)
        #expect(try holds("backward_done and grad(1) / grad(length) < 1e-3", rnn, keys: "b End"))
        #expect(try !holds("backward_done", rnn, keys: "b Left"))
        #expect(try holds("cell == \"gru\" and cell != \"lstm\"", keys: "c"))
        #expect(try holds("radius < 1", rnn, keys: "- - -") == (ComputedModel(spec: ExperimentSpec(cell: .rnnTanh, task: .random, recurrentScale: 1 / 1.331)).mainSpectrum.spectralRadius < 1))
        let trace = ExperimentSpec().makeNetwork().forward(ExperimentSpec().makeSequence(), loss: .mseLast).directions[0]
        let f = Double(trace.gate(1, at: 0)[0])
        #expect(try holds("abs(gate(\"f\", 0) - \(f)) < 1e-6", keys: "Right"))
        #expect(try !holds("grad(0) > 0 or grad(0) <= 0"))  // nan compares false both ways
        #expect(try holds("clipping", keys: "k"))
        #expect(try holds("screen == \"sources\"", ExperimentSpec(hidden: 4, length: 8), keys: "g"))
    }

    /// The deepest tree a condition within the limits can make: evaluation recursion never goes further.
    static func depth(_ c: Condition) -> Int {
        switch c {
        case .number, .text, .boolean, .name: 1
        case let .call(_, arguments, _): 1 + (arguments.map(depth).max() ?? 0)
        case let .negate(inner), let .not(inner): 1 + depth(inner)
        case let .chain(first, links): 1 + ([first] + links.map(\.operand)).map(depth).max()!
        case let .comparison(_, l, r, _): 1 + max(depth(l), depth(r))
        }
    }

    /// Nesting beyond 64 levels is refused at the level that goes over; 64 parse. These used to overflow the
    /// stack at 10 000 levels.
    @Test func nestingIsBoundedAndSaysWhere() throws {
        for (open, close) in [("(", ")"), ("not ", ""), ("-", ""), ("abs(", ")")] {
            let inner = open == "not " ? "true" : "1"
            let tail = open == "not " ? "" : " > 0"
            let ok = String(repeating: open, count: 64) + inner + String(repeating: close, count: 64) + tail
            #expect(throws: Never.self, "64 levels of \(open)") { _ = try ConditionParser.parse(ok) }
            let deep = String(repeating: open, count: 65) + inner + String(repeating: close, count: 65) + tail
            do {
                _ = try ConditionParser.parse(deep)
                Issue.record("65 levels of \(open) parsed")
            } catch {
                #expect(error.message == "conditions nest deeper than 64 levels")
                #expect(error.column == 64 * open.count + 1, "\(open): \(error.column)")
            }
        }
        // The densest nesting that fits in the length limit stays within the depth evaluation allows.
        let level = "(0 or 0 and 0 < 0 + 0 * -"
        // Each level opens two (a parenthesis and a minus).
        let count = min((ConditionParser.maximumLength - 10) / (level.count + 1), ConditionParser.maximumNesting / 2)
        let densest = String(repeating: level, count: count) + "1" + String(repeating: ")", count: count)
        #expect(densest.count <= ConditionParser.maximumLength)
        #expect(Self.depth(try ConditionParser.parse(densest)) < Condition.maximumTreeDepth)
    }

    /// Inputs that used to overflow the stack (exit 139) are refused in bounded time.
    @Test func hugeConditionsAreRefusedByLength() {
        let hostile = [String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
                       Array(repeating: "1", count: 100_000).joined(separator: " + ") + " > 0",
                       String(repeating: "not ", count: 100_000) + "true",
                       Array(repeating: "true", count: 100_000).joined(separator: " and "),
                       String(repeating: "-", count: 100_000) + "1 > 0"]
        for text in hostile {
            do {
                _ = try ConditionParser.parse(text)
                Issue.record("parsed a \(text.count)-character condition")
            } catch {
                #expect(error.column == ConditionParser.maximumLength + 1 && error.message.hasPrefix("a condition is at most 1000 characters"))
            }
        }
    }

    /// A long chain is one node whose terms are folded in a loop, with the same left-to-right meaning.
    @Test func longChainsAreOneWideNode() throws {
        let terms = 499
        let sum = try ConditionParser.parse(Array(repeating: "1", count: terms).joined(separator: "+"))
        guard case let .chain(.number(1), links) = sum else { Issue.record("\(sum)"); return }
        #expect(links.count == terms - 1 && links.allSatisfy { $0.op == .plus && $0.operand == .number(1) })
        let state = ExplorerState(spec: ExperimentSpec())
        #expect(LiveQuantities.evaluate(sum, in: state) == .number(Double(terms)))
        #expect(LiveQuantities.evaluate(try ConditionParser.parse("100 / 10 / 5 * 3 - 1 - 1"), in: state) == .number(4))
        let all = try ConditionParser.parse(Array(repeating: "true", count: 100).joined(separator: " and ") + " and false")
        #expect(LiveQuantities.evaluate(all, in: state) == .boolean(false))
        #expect(LiveQuantities.check(all).isEmpty)
        let any = try ConditionParser.parse(Array(repeating: "false", count: 100).joined(separator: " or ") + " or step == 0")
        #expect(LiveQuantities.holds(any, in: state))
        #expect(NeverHolds.reason(try ConditionParser.parse("step == 1 and step == 2 and cell == \"x\""), length: 5) != nil)
        #expect(NeverHolds.reason(try ConditionParser.parse("cell == \"x\" or step == 1"), length: 5) == nil)
        #expect(NeverHolds.reason(try ConditionParser.parse("cell == \"x\" or phase == \"up\""), length: 5) != nil)
    }

    @Test func unknownNamesGetASuggestionNotTheWholeList() throws {
        let problems = LiveQuantities.check(try ConditionParser.parse("radus < 1 and gard(1) > 0 and zzzzzz > 0"))
        #expect(problems.map(\.message) == ["unknown name 'radus'; did you mean 'radius'?",
                                             "unknown function 'gard'; did you mean 'grad'?",
                                             "unknown name 'zzzzzz'; lessons/README.md lists every name"])
    }

    /// Conditions with numbers far outside any index: `Int(1e20)` used to trap on the first key.
    @Test func conditionsWithHugeNumbersEvaluateWithoutTrapping() throws {
        var state = ExplorerState(spec: ExperimentSpec(cell: .lstm, hidden: 3, length: 5))
        _ = update(&state, .stepForward)
        for text in ["grad(1e20) > 0", "grad(-1e308) > 0", "grad(9.3e18) > 0", "cell_grad(1e19) > 0", "h(1e300) > 0",
                     "gate(\"f\", -1e20) > 0", "h(1e999) > 0", "grad(1e-320) > 0"] {
            let condition = try ConditionParser.parse(text)
            #expect(LiveQuantities.check(condition).isEmpty, "\(text)")
            #expect(!LiveQuantities.holds(condition, in: state), "\(text): an index out of range compares false")
        }
        #expect(LiveQuantities.evaluate(try ConditionParser.parse("kv_cache(1e308) * attention_ops(1e308)"), in: state) == .number(.infinity))
        #expect(try LiveQuantities.holds(ConditionParser.parse("h(0) == h(0.0) and grad(1) > 0 or true"), in: state))
    }
}

/// The quantities lessons 6, 8 and 9 read: the direct path along the LSTM's c, a gate's mean, the backward
/// direction's gradient and each raced cell's own test metric, each against the trace it is read from.
@Suite struct LiveQuantityDirectPathAndRaceTests {
    func value(_ text: String, _ state: ExplorerState) throws -> Double {
        let condition = try ConditionParser.parse(text)
        #expect(LiveQuantities.check(condition, expecting: "number").isEmpty, "\(text)")
        guard case let .number(n) = LiveQuantities.evaluate(condition, in: state) else { Issue.record("\(text) is not a number"); return .nan }
        return n
    }

    @Test func forgetProductMultipliesTheSelectedUnitsForgetGates() throws {
        let spec = ExperimentSpec(cell: .lstm, hidden: 4, length: 12, task: .random, seed: 3)
        let state = KeyScript.run(try KeyScript.keys("Down Down"), from: ExplorerState(spec: spec))
        let trace = state.model.trace.directions[0]
        var product = 1.0
        for t in 1..<12 { product *= Double(trace.gate(1, at: t)[2]) }
        #expect(abs(try value("forget_product(2, length)", state) - product) <= 1e-12 * max(1, product))
        #expect(try value("forget_product(5, 5)", state) == Double(trace.gate(1, at: 4)[2]))
        for outside in ["forget_product(0, 3)", "forget_product(3, 2)", "forget_product(1, 13)", "forget_product(1.5, 3)"] {
            #expect(try value(outside, state).isNaN, "\(outside)")
        }
        let mean = (0..<12).flatMap { trace.gate(1, at: $0) }.reduce(0.0) { $0 + Double($1) } / 48
        #expect(abs(try value("gate_mean(\"f\")", state) - mean) < 1e-12)
        #expect(try value("gate_mean(\"z\")", state).isNaN)
        // The GRU's direct path along h is multiplied by its update gate z (gate 1 of r, z, n).
        let gru = ExplorerState(spec: ExperimentSpec(cell: .gru, hidden: 4, length: 12, task: .random))
        let z = gru.model.trace.directions[0]
        #expect(try value("forget_product(3, 4)", gru) == Double(z.gate(1, at: 2)[0]) * Double(z.gate(1, at: 3)[0]))
        let tanh = ExplorerState(spec: ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 12, task: .random))
        #expect(try value("forget_product(2, length)", tanh).isNaN)
        let problems = MeaningCheck.problems(try ConditionParser.parse("forget_product(2, length) < 1"), model: tanh.model)
        #expect(problems.map(\.message) == ["forget_product multiplies the LSTM's forget or the GRU's update gates; rnn_tanh has neither"])
    }

    @Test func gradBackReadsTheBackwardDirection() throws {
        let spec = ExperimentSpec(cell: .gru, hidden: 3, length: 10, task: .random, seed: 2, loss: .mseAll, bidirectional: true)
        let state = ExplorerState(spec: spec)
        let back = state.model.gradient.directions[1].hiddenNorms
        #expect(try value("grad_back(1)", state) == Double(back[0]) && back[0] > 0)
        #expect(try value("grad_back(length)", state) == Double(back[9]))
        #expect(try value("grad_back(0)", state).isNaN)
        // With the loss at the last step only, the backward direction's state at t < T feeds no output.
        var last = spec
        last.loss = .mseLast
        let lastOnly = ExplorerState(spec: last)
        #expect(try value("grad_back(1)", lastOnly) == 0 && value("grad_back(length)", lastOnly) > 0)
        let oneWay = ExplorerState(spec: ExperimentSpec(cell: .gru, hidden: 3, length: 10, task: .random))
        #expect(try value("grad_back(1)", oneWay).isNaN)
        #expect(MeaningCheck.problems(try ConditionParser.parse("grad_back(1) > 0"), model: oneWay.model).count == 1)
    }

    @Test func runMetricIsEachRacedCellsOwn() throws {
        let spec = ExperimentSpec(cell: .lstm, hidden: 4, length: 6, task: .adding)
        #expect(try value("run_metric(\"gru\")", ExplorerState(spec: spec)).isNaN)
        let state = KeyScript.run(try KeyScript.keys("R"), from: ExplorerState(spec: spec), trainingSteps: 25)
        let runs = try #require(state.training?.runs)
        for (index, cell) in ["rnn_tanh", "lstm", "gru", "ssm"].enumerated() {
            let metric = try #require(runs[index].lastTestMetric)
            #expect(try value("run_metric(\"\(cell)\")", state) == Double(metric), "\(cell)")
        }
        #expect(Set(runs.compactMap(\.lastTestMetric)).count > 1)
        #expect(try value("run_metric(\"rnn_relu\")", state).isNaN)
    }
}
