import Testing
@testable import UnrollCore

@Suite struct TraceFormatTests {
    static func sampleDocument(cell: CellKind = .lstm, bidirectional: Bool = false, readout: ReadoutKind = .linear)
        -> (JSONValue, TraceInput) {
        var g = SeededGenerator(seed: 1)
        let config = NetworkConfig(cell: cell, inputSize: 2, hiddenSize: 3, outputSize: 1, bidirectional: bidirectional,
                                   readout: readout, maxLength: 4)
        let network = Network(config: config, init: InitOptions(), generator: &g)
        let sequence = TaskKind.adding.sample(length: 4, generator: &g)
        let d = config.directionCount * 3, carried = config.directionCount * max(config.carriedWidth, 3)
        let h0 = (0..<d).map { _ in g.normal() }, c0 = (0..<carried).map { _ in g.normal() }
        let trace = network.forward(sequence, loss: .mseAll, h0: h0, c0: c0)
        let document = encodeTrace(network: network, h0: h0, c0: config.carriedWidth > 0 ? c0 : [Float](repeating: 0, count: d),
                                   trace: trace, gradient: network.backward(trace))
        return (document, TraceInput(network: network, h0: h0, c0: c0, sequence: sequence, loss: .mseAll))
    }

    @Test(arguments: CellKind.allCases)
    func writingReadingAndWritingAgainIsIdentical(_ cell: CellKind) throws {
        for (bidirectional, readout) in [(false, ReadoutKind.linear), (true, .linear), (false, .mlp), (true, .mlp)] {
            let (document, original) = Self.sampleDocument(cell: cell, bidirectional: bidirectional, readout: readout)
            #expect((document["readout"] != nil) == (readout == .mlp), "only a readout other than the linear one is written")
            let text = document.serialized()
            let input = try decodeTraceInput(try JSONParser.parse(text), for: .batch)
            #expect(input.network == original.network)
            #expect(input.sequence == original.sequence)
            let again = input.network.forward(input.sequence, loss: input.loss, h0: input.h0, c0: input.c0)
            let rewritten = encodeTrace(network: input.network, h0: input.h0, c0: input.c0, trace: again,
                                        gradient: input.network.backward(again)).serialized()
            #expect(rewritten == text)
        }
    }

    @Test func documentHasDesignFields() throws {
        let (document, _) = Self.sampleDocument(cell: .gru)
        #expect(document["format"] == .string("unroll-trace/1"))
        guard case let .array(steps) = try #require(document["steps"]) else { Issue.record("steps is not an array"); return }
        #expect(steps.count == 4)
        let gates = try #require(steps[0]["gates"])
        #expect(gates["r"] != nil && gates["z"] != nil && gates["n"] != nil && gates["i"] == nil)
        #expect(steps[0]["c"] == nil)
        let grad = try #require(document["grad"])
        #expect(grad["h_norm"] != nil && grad["c_norm"] == nil)
        #expect(grad["params"]?["weight_hh"] != nil)
    }

    @Test func nonFiniteNumbersFlowThroughAsStrings() throws {
        var (document, _) = Self.sampleDocument(cell: .rnnTanh)
        guard case var .object(members) = document else { return }
        let index = try #require(members.firstIndex { $0.0 == "inputs" })
        members[index].1 = .array([.array([.string("nan"), .number("0")]), .array([.string("inf"), .number("1")]),
                                   .array([.number("0"), .number("0")]), .array([.number("0"), .number("1")])])
        document = .object(members)
        let input = try decodeTraceInput(document, for: .batch)
        #expect(input.sequence.inputs[0].isNaN && input.sequence.inputs[2] == .infinity)
        let trace = input.network.forward(input.sequence, loss: .mseLast)
        #expect(trace.lossValue.isNaN)
        let text = encodeTrace(network: input.network, h0: input.h0, c0: input.c0, trace: trace,
                               gradient: input.network.backward(trace)).serialized()
        #expect(text.contains("\"loss_value\": \"nan\""))
    }

    /// Each broken document gets one message naming the field and what was expected.
    @Test func brokenDocumentsNameTheField() throws {
        let (document, _) = Self.sampleDocument(cell: .lstm)
        func replacing(_ key: String, _ value: JSONValue?) -> JSONValue {
            guard case let .object(members) = document else { return document }
            var out = members.filter { $0.0 != key }
            if let value { out.append((key, value)) }
            return .object(out)
        }
        func params(_ edit: (inout [(String, JSONValue)]) -> Void) -> JSONValue {
            guard case var .object(p) = document["params"]! else { return document }
            edit(&p)
            return replacing("params", .object(p))
        }
        let cases: [(JSONValue, String)] = [
            (replacing("cell", .string("transformer")), "cell: unknown cell \"transformer\""),
            (replacing("format", .string("other/2")), "format: expected \"unroll-trace/1\""),
            (replacing("hidden_size", nil), "hidden_size: missing field"),
            (replacing("hidden_size", .string("3")), "hidden_size: expected a positive whole number"),
            (replacing("inputs", .array([])), "inputs: expected a non-empty array"),
            (replacing("targets", .array([.array([.number("1")])])), "targets: expected 4 rows of 1 numbers, found 1 rows"),
            (replacing("loss", .string("hinge")), "loss: expected one of mse_last, mse_all"),
            (replacing("readout", .string("deep")), "readout: expected \"linear\" or \"mlp\", found \"deep\""),
            (replacing("readout", .string("mlp")), "params.weight_mid: missing field"),
            (replacing("h0", .array([.number("1")])), "h0: expected 3 numbers, found 1"),
            (params { $0.removeAll { $0.0 == "weight_hh" } }, "params.weight_hh: missing field"),
            (params { $0.append(("weight_hh_l1", .array([]))) }, "params.weight_hh_l1: unknown parameter"),
            (params { p in
                let i = p.firstIndex { $0.0 == "bias_ih" }!
                p[i].1 = .array([.number("1"), .bool(true)])
            }, "params.bias_ih: expected 12 numbers, found 2"),
            (params { p in
                let i = p.firstIndex { $0.0 == "weight_out" }!
                p[i].1 = .array([.array([.number("1"), .string("x"), .number("2")])])
            }, "params.weight_out[0][1]: expected a number or \"nan\""),
        ]
        for (broken, message) in cases {
            do {
                _ = try decodeTraceInput(broken, for: .batch)
                Issue.record("accepted a document that should fail with \(message)")
            } catch {
                #expect(error.description.hasPrefix(message), "got \(error.description), wanted \(message)")
            }
        }
    }

    @Test func malformedJSONReportsLineAndColumn() {
        let cases: [(String, Int, Int)] = [("{\"a\": [1, 2,]}", 1, 13), ("{\n  \"a\": tru\n}", 2, 8), ("[1, 2", 1, 6),
                                           ("{\"a\" 1}", 1, 6), ("\"unterminated", 1, 14), ("[01]", 1, 3), ("{} x", 1, 4)]
        for (text, line, column) in cases {
            do {
                _ = try JSONParser.parse(text)
                Issue.record("parsed \(text)")
            } catch {
                #expect(error.line == line && error.column == column, "\(text): \(error)")
            }
        }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(String(repeating: "[", count: 300)) }
    }

    @Test func parserReadsEscapesAndNumbers() throws {
        let value = try JSONParser.parse(#"{"s": "a\"b\\c\n\u00e9\ud83d\ude00", "n": [-0.5e-3, 12, 0], "t": true, "z": null}"#)
        #expect(value["s"] == .string("a\"b\\c\né😀"))
        #expect(value["n"] == .array([.number("-0.5e-3"), .number("12"), .number("0")]))
        #expect(value["t"] == .bool(true) && value["z"] == .null)
        #expect(JSONValue.string("tab\tq\"").serialized() == #""tab\tq\"""#)
    }

    @Test func floatsRoundTripBitForBit() throws {
        var g = SeededGenerator(seed: 99)
        let xs = (0..<2000).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: g.next())) }.filter(\.isFinite)
        let text = JSONValue.floats(xs).serialized()
        let back = try floatVector(try JSONParser.parse(text), count: xs.count, field: "x")
        #expect(back.map(\.bitPattern) == xs.map(\.bitPattern))
    }
}
