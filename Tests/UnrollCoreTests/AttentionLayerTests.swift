import Foundation
import Testing
@testable import UnrollCore

/// The causal attention layer against PyTorch's `nn.TransformerEncoderLayer` (norm_first, causal mask) in
/// float64, and its one-token-at-a-time pass against the whole-sequence one.
@Suite struct AttentionLayerTests {
    struct Fixture {
        let layer: CausalAttentionLayer, inputs: [Float], outputs: [Float], weights: [[[Float]]]?, length: Int
        let outputGradient: [Float], parameterGradients: [String: [Float]], inputGradients: [Float]
    }

    static func load(_ name: String) throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "attention_" + name, withExtension: "json", subdirectory: "Fixtures"))
        let document = try JSONParser.parse(try String(contentsOf: url, encoding: .utf8))
        func floats(_ value: JSONValue?) throws -> [Float] {
            guard case let .array(items)? = value else { throw FixtureProblem.notAnArray }
            return try items.flatMap { item -> [Float] in
                if case .array = item { return try floats(item) }
                guard case let .number(text) = item, let x = Float(text) else { throw FixtureProblem.notANumber }
                return [x]
            }
        }
        func whole(_ key: String) throws -> Int {
            guard case let .number(text)? = document["config"]?[key], let n = Int(text) else { throw FixtureProblem.notANumber }
            return n
        }
        let length = try whole("length")
        let config = AttentionConfig(inputSize: try whole("input_size"), width: try whole("width"), heads: try whole("heads"),
                                     feedForward: try whole("feed_forward"), maxLength: length)
        var g = SeededGenerator(seed: 0)
        var layer = CausalAttentionLayer(config: config, generator: &g)
        for (name, _, _) in config.parameterShapes {
            #expect(layer.setTensor(name, try floats(document["params"]?[name])), "\(name)")
        }
        var weights: [[[Float]]]?
        if case let .array(heads)? = document["weights"] {
            weights = try heads.map { head in
                guard case let .array(rows) = head else { throw FixtureProblem.notAnArray }
                return try rows.map { try floats($0) }
            }
        }
        var parameterGradients: [String: [Float]] = [:]
        for (name, _, _) in config.parameterShapes { parameterGradients[name] = try floats(document["grad_params"]?[name]) }
        return Fixture(layer: layer, inputs: try floats(document["inputs"]), outputs: try floats(document["outputs"]),
                       weights: weights, length: length, outputGradient: try floats(document["output_gradient"]),
                       parameterGradients: parameterGradients, inputGradients: try floats(document["grad_inputs"]))
    }

    enum FixtureProblem: Error { case notAnArray, notANumber }

    @Test(arguments: ["small", "four_heads", "long", "wide_heads", "one_wide_heads"])
    func theLayerAgreesWithPyTorch(name: String) throws {
        let fixture = try Self.load(name)
        let trace = fixture.layer.forward(fixture.inputs, length: fixture.length)
        #expect(relativeError(trace.outputs, fixture.outputs) < 1e-4, "\(name) outputs")
        if let expected = fixture.weights {
            for (head, rows) in expected.enumerated() {
                for (t, row) in rows.enumerated() {
                    #expect(relativeError(Array(trace.weights(head: head, at: t)), row) < 1e-4, "\(name) head \(head) step \(t)")
                }
            }
        }
    }

    @Test(arguments: ["small", "four_heads", "long", "wide_heads", "one_wide_heads"])
    func theGradientsAgreeWithPyTorch(name: String) throws {
        let fixture = try Self.load(name)
        let layer = fixture.layer
        let gradient = layer.backward(layer.forward(fixture.inputs, length: fixture.length), outputGradient: fixture.outputGradient)
        #expect(relativeError(gradient.inputs, fixture.inputGradients) < 1e-4, "\(name) ∂L/∂x")
        for (parameter, _, _) in layer.config.parameterShapes {
            let start = layer.offsets[parameter]!, expected = try #require(fixture.parameterGradients[parameter])
            let got = Array(gradient.parameters[start..<(start + expected.count)])
            #expect(relativeError(got, expected) < 1e-4, "\(name) ∂L/∂\(parameter)")
        }
    }

    /// A state_dict's names and shapes, in its order.
    @Test func theParametersAreNamedAsPyTorchsStateDict() throws {
        let fixture = try Self.load("small")
        #expect(fixture.layer.config.parameterShapes.map(\.name) == [
            "pos_embedding", "input_proj.weight", "input_proj.bias", "layer.self_attn.in_proj_weight",
            "layer.self_attn.in_proj_bias", "layer.self_attn.out_proj.weight", "layer.self_attn.out_proj.bias",
            "layer.linear1.weight", "layer.linear1.bias", "layer.linear2.weight", "layer.linear2.bias",
            "layer.norm1.weight", "layer.norm1.bias", "layer.norm2.weight", "layer.norm2.bias",
        ])
    }

    /// Token by token against the cache gives the whole-sequence numbers exactly, and the cache grows by
    /// 2H floats a token. Heads 4 and 1 wide attend a row at a time; width 72 takes the products' panels of
    /// 32 copied into contiguous runs for the sequence and the 128-wide blocks of a single row for a token.
    @Test(arguments: [(12, 3, 20), (8, 8, 16), (72, 4, 144)])
    func theCachedStepsGiveTheWholeSequencesNumbers(width: Int, heads: Int, feedForward: Int) throws {
        var g = SeededGenerator(seed: 5)
        let config = AttentionConfig(inputSize: 3, width: width, heads: heads, feedForward: feedForward, maxLength: 50)
        let layer = CausalAttentionLayer(config: config, generator: &g)
        let inputs = (0..<(50 * 3)).map { _ in g.normal() }
        let whole = layer.forward(inputs, length: 50)
        var cache = KeyValueCache(config: config)
        for t in 0..<50 {
            let step = layer.step(Array(inputs[(t * 3)..<((t + 1) * 3)]), cache: &cache)
            #expect(step.output == Array(whole.outputs[(t * width)..<((t + 1) * width)]), "step \(t)")
            #expect(step.weights == (0..<heads).map { Array(whole.weights(head: $0, at: t)) })
            #expect(cache.count == t + 1 && cache.bytes == (t + 1) * 2 * width * 4)
        }
    }

    /// nan in a token reaches every later step through attention, and nothing traps.
    @Test func aNanTokenIsSeenByEveryLaterStep() {
        var g = SeededGenerator(seed: 6)
        let config = AttentionConfig(inputSize: 1, width: 4, heads: 2, feedForward: 8, maxLength: 6)
        let layer = CausalAttentionLayer(config: config, generator: &g)
        let trace = layer.forward([0.5, -1, .nan, 2, .infinity, 0], length: 6)
        #expect(trace.outputs[0..<8].allSatisfy { $0.isFinite })
        #expect(trace.outputs[8...].allSatisfy { $0.isNaN })
    }
}
