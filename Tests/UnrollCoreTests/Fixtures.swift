import Foundation
import Testing
@testable import UnrollCore

/// A PyTorch reference fixture: the trace input and what PyTorch computed for it.
struct TorchFixture {
    let name: String
    let input: TraceInput
    let expected: JSONValue

    static let names = [
        "rnn_tanh_small", "rnn_relu_small", "lstm_small", "gru_small", "ssm_small", "lstm_bidirectional",
        "gru_bidirectional", "rnn_tanh_wide", "lstm_wide", "rnn_tanh_long", "lstm_long", "gru_long", "ssm_long", "mingru_small",
        "mingru_bidirectional", "mingru_long", "selective_small", "selective_bidirectional", "selective_long",
        "lstm_mlp", "gru_mlp_bidirectional", "selective_mlp", "rnn_tanh_mlp_long",
    ]

    static func load(_ name: String, prefix: String = "torch_") throws -> TorchFixture {
        let url = try #require(Bundle.module.url(forResource: prefix + name, withExtension: "json", subdirectory: "Fixtures"))
        let text = try String(contentsOf: url, encoding: .utf8)
        let document = try JSONParser.parse(text)
        return TorchFixture(name: name, input: try decodeTraceInput(document, for: .batch), expected: try #require(document["expected"]))
    }

    /// A numeric array (any nesting) flattened, or nil when absent.
    func floats(_ key: String) throws -> [Float]? {
        guard let value = expected[key] else { return nil }
        return try flatten(value)
    }

    func flatten(_ value: JSONValue) throws -> [Float] {
        switch value {
        case .array(let items): return try items.flatMap { try flatten($0) }
        default: return [try floatValue(value, field: name)]
        }
    }
}

/// The largest element-wise error of `actual` against `expected`, relative to |expected| with a floor of
/// 10% of the array's largest finite magnitude (so entries near zero are judged on the array's scale).
/// nan matches only nan, and an infinity only the same infinity.
func relativeError(_ actual: [Float], _ expected: [Float]) -> Float {
    precondition(actual.count == expected.count, "compared arrays differ in length: \(actual.count) vs \(expected.count)")
    let scale = expected.filter(\.isFinite).map { abs($0) }.max() ?? 0
    var worst: Float = 0
    for (a, e) in zip(actual, expected) {
        if !e.isFinite || !a.isFinite {
            if !(a.isNaN && e.isNaN) && a != e { worst = .infinity }
            continue
        }
        let err = abs(a - e) / max(abs(e), 0.1 * scale, 1e-30)
        worst = max(worst, err.isNaN ? .infinity : err)
    }
    return worst
}
