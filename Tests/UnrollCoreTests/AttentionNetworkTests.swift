import Foundation
import Testing
@testable import UnrollCore

/// `attention` as a network (layer, linear readout, the last step's loss) against the same model in PyTorch,
/// float64, its weights loaded by their state_dict names as `unroll trace --load` and checkpoints name them.
@Suite struct AttentionNetworkTests {
    struct Case {
        let network: Network, sequence: SequenceData
        let predictions: [Float], loss: Float, gradients: [String: [Float]]
    }

    static func load(_ name: String) throws -> Case {
        let url = try #require(Bundle.module.url(forResource: "attention_" + name, withExtension: "json", subdirectory: "Fixtures"))
        let document = try JSONParser.parse(try String(contentsOf: url, encoding: .utf8))
        func floats(_ value: JSONValue?) throws -> [Float] {
            guard case let .array(items)? = value else { throw AttentionLayerTests.FixtureProblem.notAnArray }
            return try items.map { item in
                guard case let .number(text) = item, let x = Float(text) else { throw AttentionLayerTests.FixtureProblem.notANumber }
                return x
            }
        }
        func whole(_ key: String) throws -> Int {
            guard case let .number(text)? = document["config"]?[key], let n = Int(text) else { throw AttentionLayerTests.FixtureProblem.notANumber }
            return n
        }
        let length = try whole("length"), inputs = try whole("input_size"), outputs = try whole("output_size")
        let config = NetworkConfig(cell: .attention, inputSize: inputs, hiddenSize: try whole("width"), outputSize: outputs,
                                   heads: try whole("heads"), feedForward: try whole("feed_forward"), maxLength: length)
        var network = Network(config: config)
        var gradients: [String: [Float]] = [:]
        for entry in network.layout.entries {
            network.setTensor(entry.name, try floats(document["params"]?[entry.name]))
            gradients[entry.name] = try floats(document["grad_params"]?[entry.name])
        }
        // The target at the last step alone, as mse_last reads it.
        var targets = [Float](repeating: 0, count: length * outputs)
        targets.replaceSubrange(((length - 1) * outputs)..<(length * outputs), with: try floats(document["target"]))
        let sequence = SequenceData(inputs: try floats(document["inputs"]), targets: targets, length: length,
                                    inputSize: inputs, outputSize: outputs)
        guard case let .number(lossText)? = document["loss"], let loss = Float(lossText) else { throw AttentionLayerTests.FixtureProblem.notANumber }
        return Case(network: network, sequence: sequence, predictions: try floats(document["predictions"]), loss: loss,
                    gradients: gradients)
    }

    static func relativeError(_ a: [Float], _ b: [Float]) -> Float {
        let scale = max(b.map { abs($0) }.max() ?? 0, 1e-6)
        return zip(a, b).map { abs($0 - $1) }.max().map { $0 / scale } ?? .infinity
    }

    /// Predictions, the loss and every parameter's gradient within 1e-4 of PyTorch's, at T = 50 and 1000.
    @Test(arguments: ["network_adding", "network_long"])
    func forwardAndBackwardMatchPyTorch(_ name: String) throws {
        let c = try Self.load(name)
        let trace = c.network.forward(c.sequence, loss: .mseLast)
        #expect(Self.relativeError(trace.outputs, c.predictions) < 1e-4, "\(name) predictions")
        #expect(abs(trace.lossValue - c.loss) <= 1e-4 * max(1, abs(c.loss)), "\(name) loss \(trace.lossValue) vs \(c.loss)")
        let gradient = c.network.backward(trace)
        for entry in c.network.layout.entries {
            let ours = Array(gradient.parameters[entry.offset..<(entry.offset + entry.count)])
            let theirs = try #require(c.gradients[entry.name])
            #expect(ours.count == theirs.count, "\(name) \(entry.name)")
            #expect(Self.relativeError(ours, theirs) < 1e-4, "\(name) ∂L/∂\(entry.name): \(Self.relativeError(ours, theirs))")
        }
    }

    /// The trace names every parameter as PyTorch's state_dict does, and reading it back gives the same network.
    @Test func theTraceCarriesTheStateDictNamesAndReadsBack() throws {
        let c = try Self.load("network_adding")
        let trace = c.network.forward(c.sequence, loss: .mseLast)
        let document = encodeTrace(network: c.network, h0: [], c0: [], trace: trace, gradient: c.network.backward(trace))
        guard case let .object(params)? = document["params"] else { Issue.record("no params"); return }
        #expect(params.map(\.0) == ["pos_embedding", "input_proj.weight", "input_proj.bias", "layer.self_attn.in_proj_weight",
                                    "layer.self_attn.in_proj_bias", "layer.self_attn.out_proj.weight", "layer.self_attn.out_proj.bias",
                                    "layer.linear1.weight", "layer.linear1.bias", "layer.linear2.weight", "layer.linear2.bias",
                                    "layer.norm1.weight", "layer.norm1.bias", "layer.norm2.weight", "layer.norm2.bias",
                                    "weight_out", "bias_out"].filter { params.map(\.0).contains($0) })
        #expect(params.count == c.network.layout.entries.count)
        // Every step's attention: one row per head, step t's over t + 1 earlier steps, each summing to 1.
        guard case let .array(steps)? = document["steps"], case let .array(heads)? = steps[9]["attention"] else {
            Issue.record("no attention in the steps"); return
        }
        #expect(heads.count == 4)
        for head in heads {
            guard case let .array(row) = head else { Issue.record("a head is not an array"); continue }
            let weights = row.compactMap { value -> Float? in if case let .number(t) = value { Float(t) } else { nil } }
            #expect(weights.count == 10 && abs(weights.reduce(0, +) - 1) < 1e-5)
        }
        let input = try decodeTraceInput(try JSONParser.parse(document.serialized()), for: .batch)
        #expect(input.network == c.network && input.sequence == c.sequence)
    }

    /// One token at a time with the key/value cache gives the states of the whole-sequence pass.
    @Test func incrementalDecodingGivesTheWholeSequencesStates() throws {
        let c = try Self.load("network_adding")
        let trace = c.network.forward(c.sequence, loss: .mseLast)
        let stepper = Stepper(network: c.network)
        for t in 0..<c.sequence.length {
            stepper.step(Array(c.sequence.input(at: t)))
            let whole = trace.directions[0].hidden(at: t)
            #expect(zip(stepper.hidden, whole).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) }, "step \(t)")
        }
        #expect(stepper.stepsLeft == 0)
        #expect(stepper.heldBytes == 2 * c.sequence.length * c.network.config.hiddenSize * 4)
    }

    /// The gradient reaching every input, ∂L/∂xₜ, against central differences of the loss in each input.
    @Test(arguments: [CellKind.attention, .lstm, .gru, .rnnTanh])
    func inputGradientsMatchFiniteDifferences(_ cell: CellKind) {
        var g = SeededGenerator(seed: 9)
        let config = NetworkConfig(cell: cell, inputSize: 2, hiddenSize: 6, outputSize: 1, heads: 2, maxLength: 6)
        let network = Network(config: config, init: InitOptions(), generator: &g)
        let sequence = TaskKind.random.sample(length: 6, inputSize: 2, outputSize: 1, generator: &g)
        let trace = network.forward(sequence, loss: .mseAll)
        let analytic = network.backward(trace).inputs
        let eps: Float = 1e-2
        for k in sequence.inputs.indices {
            var plus = sequence, minus = sequence
            plus.inputs[k] += eps
            minus.inputs[k] -= eps
            let numeric = (network.forward(plus, loss: .mseAll).lossValue - network.forward(minus, loss: .mseAll).lossValue) / (2 * eps)
            #expect(abs(analytic[k] - numeric) <= 2e-3 + 2e-2 * abs(numeric), "\(cell) ∂L/∂x[\(k)] \(analytic[k]) vs \(numeric)")
        }
    }
}
