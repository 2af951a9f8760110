import UnrollTestSupport
import Testing
import UnrollCore
@testable import UnrollExplorer

/// The quantities lessons 2–5 state their claims with, each against the kernels' own numbers or a count
/// made by hand.
@Suite struct LiveQuantityTests {
    func value(_ text: String, in state: ExplorerState) -> Double {
        guard let condition = try? ConditionParser.parse(text) else {
            Issue.record("\(text) does not parse")
            return .nan
        }
        #expect(LiveQuantities.check(condition, expecting: "number").isEmpty, "\(text)")
        guard case let .number(n) = LiveQuantities.evaluate(condition, in: state) else {
            Issue.record("\(text) is not a number")
            return .nan
        }
        return n
    }

    /// W_ih 4·1, W_hh 4·4, two biases of 4, readout 1·4 + 1 = 33; the LSTM has four gate blocks.
    @Test func parametersCountEveryTrainableFloat() {
        let rnn = ExplorerState(spec: ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 8, task: .random))
        #expect(value("parameters", in: rnn) == 33)
        var longer = rnn
        longer.setSpec(ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 15, task: .random))
        #expect(value("parameters", in: longer) == 33)
        // Adding has two inputs: 4·8·2 + 4·8·8 + 32 + 32 + 8 + 1.
        let lstm = ExplorerState(spec: ExperimentSpec(cell: .lstm, hidden: 8, length: 5, task: .adding))
        #expect(value("parameters", in: lstm) == 64 + 256 + 64 + 9)
    }

    @Test func hiddenStateAtAStepIgnoresTheCursor() {
        var state = ExplorerState(spec: ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 8, task: .random))
        let trace = state.model.trace.directions[0]
        #expect(value("h_at(3, 2)", in: state) == Double(trace.hidden(at: 2)[2]))
        _ = update(&state, .toEnd)
        #expect(value("h_at(1, 0)", in: state) == Double(trace.hidden(at: 0)[0]))
        #expect(value("h_at(length, 3)", in: state) == Double(trace.hidden(at: 7)[3]))
        #expect(value("h_at(9, 0)", in: state).isNaN)
        #expect(value("h_at(1, 4)", in: state).isNaN)
    }

    @Test func slopeIsTanhPrimeOrTheShareOfActiveReluUnits() throws {
        let tanh = ExplorerState(spec: ExperimentSpec(cell: .rnnTanh, hidden: 8, length: 6, task: .random))
        let h = tanh.model.trace.directions[0].hidden(at: 4)
        let expected = h.map { Double(1 - $0 * $0) }.reduce(0, +) / 8
        #expect(abs(value("slope(5)", in: tanh) - expected) < 1e-6)
        #expect(value("slope(5)", in: tanh) < 1)
        var sum = 0.0
        for t in 1...6 { sum += value("slope(\(t))", in: tanh) }
        #expect(abs(value("mean_slope", in: tanh) - sum / 6) < 1e-9)

        let relu = ExplorerState(spec: ExperimentSpec(cell: .rnnRelu, hidden: 8, length: 6, task: .random))
        let a = relu.model.trace.directions[0].preactivation(0, at: 0)
        #expect(value("slope(1)", in: relu) == Double(a.filter { $0 > 0 }.count) / 8)

        let lstm = ExplorerState(spec: ExperimentSpec(cell: .lstm, hidden: 4, length: 6))
        #expect(value("slope(1)", in: lstm).isNaN)
        #expect(value("mean_slope", in: lstm).isNaN)
        let problems = MeaningCheck.problems(try ConditionParser.parse("slope(1) < 1 and mean_slope < 1"), model: lstm.model)
        #expect(problems.map(\.message) == ["slope(t) is the plain RNN's tanh′ or relu′; lstm's Jacobian has more terms",
                                             "mean_slope is the plain RNN's tanh′ or relu′; lstm's Jacobian has more terms"])
        #expect(MeaningCheck.problems(try ConditionParser.parse("slope(1) < 1"), model: relu.model).isEmpty)
    }

    /// Step 1 adds nothing to ∂L/∂W_hh: W_hh multiplies h₀ = 0 there.
    @Test func recurrentTermsAreTheBackwardPassOwn() {
        let state = ExplorerState(spec: ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 8, task: .random))
        let terms = state.model.gradient.directions[0].recurrentContribution
        #expect(value("w_hh_term(1)", in: state) == 0)
        #expect(value("w_hh_term(8)", in: state) == Double(terms[7]))
        #expect(value("w_hh_term(8)", in: state) > 0)
        #expect(value("w_hh_term(0)", in: state).isNaN)
    }

    @Test func spectrumEndsAndGradientNormsBeforeAndAfterClipping() {
        var orthogonal = ExperimentSpec(cell: .rnnTanh, hidden: 16, length: 10, task: .random)
        orthogonal.initOptions.scheme = .orthogonal
        let o = ExplorerState(spec: orthogonal)
        #expect(abs(value("sigma_min", in: o) - 1) < 1e-3 && abs(value("sigma_max", in: o) - 1) < 1e-3)
        let d = ExplorerState(spec: ExperimentSpec(cell: .rnnTanh, hidden: 16, length: 10, task: .random))
        #expect(value("sigma_min", in: d) < value("sigma_max", in: d) / 2)

        var exploding = ExperimentSpec(cell: .rnnRelu, hidden: 8, length: 40, task: .random)
        exploding.initOptions.rescale = .spectralRadius(1.5)
        var state = ExplorerState(spec: exploding)
        let norm = Double(state.model.gradientNorm)
        #expect(norm > 1e3)
        #expect(value("param_grad", in: state) == norm && value("clipped_grad", in: state) == norm)
        _ = update(&state, .toggleClipping)
        #expect(value("param_grad", in: state) == norm)
        #expect(value("clipped_grad", in: state) == Double(state.clipThreshold))
    }

    /// Counted by hand from the trace's pre-activations; with W_hh = I the gradient reaching h_{t−1} is
    /// exactly the part of ∂L/∂h_T on the units active_from(t) counts.
    @Test func deadAndAlwaysActiveReluUnits() throws {
        var spec = ExperimentSpec(cell: .rnnRelu, hidden: 16, length: 35, task: .adding)
        spec.initOptions.scheme = .identity
        let state = ExplorerState(spec: spec)
        let trace = state.model.trace.directions[0]
        let a = (0..<35).map { trace.preactivation(0, at: $0) }
        let dead = (0..<16).filter { u in a.allSatisfy { $0[u] <= 0 } }
        let alive = (0..<16).filter { u in a[1...].allSatisfy { $0[u] > 0 } }
        #expect(!dead.isEmpty && !alive.isEmpty)
        #expect(value("dead_units", in: state) == Double(dead.count))
        #expect(value("active_from(2)", in: state) == Double(alive.count))
        #expect(value("active_from(35)", in: state) == Double(a[34].filter { $0 > 0 }.count))
        #expect(value("active_from(36)", in: state).isNaN)
        let g = state.model.gradient.directions[0].hidden, offset = 34 * 16
        let carried = alive.map { Double(g[offset + $0] * g[offset + $0]) }.reduce(0, +).squareRoot()
        #expect(abs(value("grad(1)", in: state) - carried) < 1e-6)

        let tanh = ExplorerState(spec: ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 6))
        #expect(value("dead_units", in: tanh).isNaN)
        let problems = MeaningCheck.problems(try ConditionParser.parse("dead_units > 0 and active_from(2) > 0"), model: tanh.model)
        #expect(problems.map(\.message) == ["dead_units counts relu units; rnn_tanh has no relu",
                                             "active_from(t) counts relu units; rnn_tanh has no relu"])
    }

    /// The adding problem's target is the sum of the two marked values, read back through x_at and target_at.
    @Test func inputsAndTargetsOfTheSequenceOnScreen() {
        let state = ExplorerState(spec: ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 12, task: .adding, seed: 3))
        let sequence = state.model.trace.sequence
        let marked = (1...12).filter { value("x_at(\($0), 2)", in: state) == 1 }
        #expect(marked.count == 2)
        #expect((1...12).allSatisfy { [0, 1].contains(value("x_at(\($0), 2)", in: state)) })
        let sum = marked.map { value("x_at(\($0), 1)", in: state) }.reduce(0, +)
        #expect(abs(value("target_at(length)", in: state) - sum) < 1e-6)
        #expect(value("x_at(3, 1)", in: state) == Double(sequence.inputs[2 * 2]))
        #expect(value("x_at(13, 1)", in: state).isNaN && value("x_at(1, 3)", in: state).isNaN && value("target_at(0)", in: state).isNaN)
    }
}
