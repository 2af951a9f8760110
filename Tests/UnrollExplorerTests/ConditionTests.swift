import Testing
import UnrollCore
@testable import UnrollExplorer

@Suite struct ConditionTests {
    @Test func precedenceAndAssociativity() throws {
        // 1 + 2 * 3 < 8 and not false or false  ==  ((1 + (2*3)) < 8 and (not false)) or false
        let c = try ConditionParser.parse("1 + 2 * 3 < 8 and not false or false")
        guard case let .binary(.or, left, .boolean(false), _) = c, case let .binary(.and, cmp, .not(.boolean(false)), _) = left,
              case let .binary(.less, sum, .number(8), _) = cmp, case let .binary(.plus, .number(1), product, _) = sum,
              case .binary(.times, .number(2), .number(3), _) = product else {
            Issue.record("parsed as \(c)")
            return
        }
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
            return LiveQuantities.holds(condition, in: Snapshot.run(try Snapshot.keys(keys), from: ExplorerState(spec: spec)))
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
}
