import Testing
@testable import UnrollCore

/// The safetensors file `unroll export` writes, checked against the format's specification byte by byte,
/// read back whole, and every malformed file refused with what is wrong.
@Suite struct SafeTensorsTests {
    /// A one-unit tanh RNN with weights chosen so every float's bytes are known.
    static func tinyNetwork() -> Network {
        var network = Network(config: NetworkConfig(cell: .rnnTanh, inputSize: 1, hiddenSize: 1, outputSize: 1))
        for (name, value) in [("weight_ih", Float(1)), ("weight_hh", -2), ("bias_ih", 0.5), ("bias_hh", 0), ("weight_out", 0.25), ("bias_out", -1)] {
            network.setTensor(name, [value])
        }
        return network
    }

    static func littleEndian64(_ n: Int) -> [UInt8] { (0..<8).map { UInt8((n >> (8 * $0)) & 0xFF) } }

    @Test func aTinyModelIsWrittenExactlyAsTheSpecificationLaysItOut() throws {
        let bytes = Self.tinyNetwork().safeTensorsBytes()
        let json = #"{"__metadata__":{"format":"unroll-safetensors/1","cell":"rnn_tanh","input_size":"1","hidden_size":"1","#
            + #""output_size":"1","bidirectional":"false","readout":"linear"},"#
            + #""weight_ih_l0":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]},"#
            + #""weight_hh_l0":{"dtype":"F32","shape":[1,1],"data_offsets":[4,8]},"#
            + #""bias_ih_l0":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"#
            + #""bias_hh_l0":{"dtype":"F32","shape":[1],"data_offsets":[12,16]},"#
            + #""readout.weight":{"dtype":"F32","shape":[1,1],"data_offsets":[16,20]},"#
            + #""readout.bias":{"dtype":"F32","shape":[1],"data_offsets":[20,24]}}"#
        var header = Array(json.utf8)
        // Padded with spaces so the data starts on a multiple of 8.
        while (8 + header.count) % 8 != 0 { header.append(0x20) }
        // 1, −2, 0.5, 0, 0.25, −1 as little-endian IEEE 754 single precision.
        let data: [UInt8] = [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x3F,
                             0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x3E, 0x00, 0x00, 0x80, 0xBF]
        #expect(bytes == Self.littleEndian64(header.count) + header + data)
        #expect((8 + header.count) % 8 == 0)
    }

    static let networks: [NetworkConfig] = [
        NetworkConfig(cell: .lstm, inputSize: 2, hiddenSize: 5, outputSize: 3),
        NetworkConfig(cell: .gru, inputSize: 1, hiddenSize: 4, outputSize: 1, bidirectional: true),
        NetworkConfig(cell: .rnnRelu, inputSize: 3, hiddenSize: 6, outputSize: 2, readout: .mlp),
        NetworkConfig(cell: .selective, inputSize: 1, hiddenSize: 4, outputSize: 1),
        NetworkConfig(cell: .ssm, inputSize: 1, hiddenSize: 3, outputSize: 1, bidirectional: true),
        NetworkConfig(cell: .attention, inputSize: 2, hiddenSize: 8, outputSize: 1, heads: 2, feedForward: 12, maxLength: 20),
    ]

    @Test(arguments: networks) func everyCellReadsBackAsTheSameNetwork(config: NetworkConfig) throws {
        var generator = SeededGenerator(seed: 4)
        var network = Network(config: config)
        network.parameters = network.parameters.map { _ in generator.normal() }
        let back = try Network(safeTensors: network.safeTensorsBytes(), for: .batch)
        #expect(back.config == network.config)
        #expect(back.parameters.map(\.bitPattern) == network.parameters.map(\.bitPattern))
    }

    @Test func namesAreTheStateDictsOfTorchModules() {
        let lstm = Network(config: NetworkConfig(cell: .lstm, inputSize: 1, hiddenSize: 2, outputSize: 1, bidirectional: true))
        #expect(lstm.stateDictTensors.map(\.name) == [
            "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
            "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
            "readout.weight", "readout.bias",
        ])
        #expect(lstm.stateDictTensors.map(\.shape) == [[8, 1], [8, 2], [8], [8], [8, 1], [8, 2], [8], [8], [1, 4], [1]])
        let mlp = Network(config: NetworkConfig(cell: .gru, inputSize: 1, hiddenSize: 2, outputSize: 1, readout: .mlp))
        #expect(mlp.stateDictTensors.suffix(4).map(\.name) == ["readout.0.weight", "readout.0.bias", "readout.2.weight", "readout.2.bias"])
    }

    /// A file as PyTorch's `save_file(state_dict)` writes it: no metadata, tensors in any order.
    @Test func aFileWithoutMetadataIsReadFromItsTensors() throws {
        let gru = Network(config: NetworkConfig(cell: .gru, inputSize: 2, hiddenSize: 3, outputSize: 1, bidirectional: true))
        let bytes = SafeTensors.encode(gru.stateDictTensors.reversed())
        let back = try Network(safeTensors: bytes, for: .batch)
        #expect(back.config == gru.config)
        #expect(back.parameters == gru.parameters)
        let rnn = Network(config: NetworkConfig(cell: .rnnRelu, inputSize: 1, hiddenSize: 2, outputSize: 1))
        #expect(try Network(safeTensors: SafeTensors.encode(rnn.stateDictTensors), for: .batch).config.cell == .rnnTanh)
        #expect(try Network(safeTensors: SafeTensors.encode(rnn.stateDictTensors, metadata: [("cell", "rnn_relu")]), for: .batch).config.cell == .rnnRelu)
    }

    /// The file's bytes with its header replaced by `json` (the data kept).
    static func withHeader(_ json: String, data: [UInt8] = [0, 0, 128, 63]) -> [UInt8] {
        littleEndian64(json.utf8.count) + Array(json.utf8) + data
    }

    func problem(_ bytes: [UInt8]) -> String? {
        do { _ = try SafeTensors.decode(bytes); return nil } catch { return error.description }
    }

    func modelProblem(_ bytes: [UInt8]) -> String? {
        do { _ = try Network(safeTensors: bytes, for: .batch); return nil } catch { return error.description }
    }

    @Test func malformedFilesSayWhatIsWrong() {
        let one = #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        #expect(problem(Self.withHeader(one)) == nil)
        #expect(problem([1, 2, 3]) == "3 bytes is too short for a safetensors file (its header's length alone takes 8)")
        #expect(problem(Self.littleEndian64(1000) + Array("{}".utf8))
                == "the header's length, 1000 bytes, runs past the end of the file (10 bytes)")
        #expect(problem(Self.littleEndian64(Int(UInt32.max)) + [0x7B]) == "the header's length, 4294967295 bytes, runs past the end of the file (9 bytes)")
        #expect(problem(Self.withHeader("[1]")) == "the header does not start with '{'")
        #expect(problem(Self.withHeader(#"{"x":"#))?.hasPrefix("the header is not JSON: ") == true)
        #expect(problem(Self.withHeader(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#))
                == "'x' is in the header twice")
        #expect(problem(Self.withHeader(#"{"x":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#))
                == "tensor 'x': dtype F16 is not read, only F32 (float32)")
        #expect(problem(Self.withHeader(#"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#))
                == "tensor 'x': its shape holds more values than the file has bytes for")
        #expect(problem(Self.withHeader(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}}"#))
                == "tensor 'x': data_offsets [0, 8] are outside the 4 bytes of data")
        #expect(problem(Self.withHeader(#"{"x":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#))
                == "tensor 'x': its shape holds more values than the file has bytes for")
        #expect(problem(Self.withHeader(#"{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#))
                == "tensor 'x': a shape holds whole numbers of 0 or more")
        #expect(problem(Self.withHeader(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 128, 63, 0]))
                == "the data has 1 bytes past its last tensor")
        #expect(problem(Self.withHeader(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: [UInt8](repeating: 0, count: 8)))
                == "the data has a gap: bytes 0 to 4 belong to no tensor")
        #expect(problem(Self.withHeader(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"y":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#))
                == "tensor 'y' overlaps the tensor before it")
        #expect(problem(Self.withHeader(#"{"__metadata__":{"a":1},"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#))
                == "__metadata__.a is a number, not a string")
        // An empty tensor is allowed, however large its other dimensions.
        #expect(problem(Self.withHeader(#"{"e":{"dtype":"F32","shape":[4611686018427387904,0],"data_offsets":[0,0]},"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#)) == nil)
    }

    @Test func aFileOfTheWrongModelSaysWhichTensorDoesNotFit() {
        let tensors = Self.tinyNetwork().stateDictTensors
        #expect(modelProblem(SafeTensors.encode(Array(tensors.dropLast()))) == "tensor 'readout.bias' is missing for a rnn_tanh network of H = 1")
        var misspelt = tensors
        misspelt.append(NamedTensor(name: "weight_hh_l1", shape: [1, 1], values: [0]))
        #expect(modelProblem(SafeTensors.encode(misspelt))
                == "tensor 'weight_hh_l1' is not a parameter of a rnn_tanh network of H = 1, did you mean 'weight_hh_l0'?")
        var reshaped = tensors
        reshaped[2] = NamedTensor(name: "bias_ih_l0", shape: [1, 1], values: [0])
        #expect(modelProblem(SafeTensors.encode(reshaped)) == "tensor 'bias_ih_l0' has shape [1, 1], a rnn_tanh network of H = 1 needs [1]")
        var fiveGates = tensors
        fiveGates[1] = NamedTensor(name: "weight_hh_l0", shape: [5, 1], values: [0, 0, 0, 0, 0])
        #expect(modelProblem(SafeTensors.encode(fiveGates)) == "tensor 'weight_hh_l0' has 5 gates of 1: not an RNN (1), GRU (3) or LSTM (4)")
        #expect(modelProblem(SafeTensors.encode([NamedTensor(name: "w", shape: [1], values: [0])]))
                == "no 2-D tensor 'weight_ih_l0': not a recurrent network's state_dict")
        // A width past the limits is refused from the metadata, before a weight is allocated.
        let wide: [(String, String)] = [("cell", "attention"), ("hidden_size", "100000"), ("input_size", "1"), ("output_size", "1"), ("max_length", "10")]
        #expect(modelProblem(SafeTensors.encode([], metadata: wide))?.hasPrefix("hidden size 100000 is out of range") == true)
        // Sizes that would overflow are refused as out of range, not trapped on.
        for huge in ["4611686018427387904", "9223372036854775807"] {
            let absurd: [(String, String)] = [("cell", "attention"), ("hidden_size", huge), ("input_size", "1"), ("output_size", "1"),
                                              ("max_length", "10"), ("heads", "1")]
            #expect(modelProblem(SafeTensors.encode([], metadata: absurd)) == "hidden size \(huge) is out of range: 1 to 512")
        }
        let wideInput = [NamedTensor(name: "weight_ih_l0", shape: [0, Int.max], values: []),
                         NamedTensor(name: "weight_hh_l0", shape: [0, 1], values: [])]
        #expect(modelProblem(SafeTensors.encode(wideInput))?.hasPrefix("tensor 'weight_hh_l0' has 0 gates") == true)
        #expect(modelProblem(SafeTensors.encode(tensors, metadata: [("bidirectional", "yes")]))
                == "__metadata__.bidirectional is \"yes\", expected \"true\" or \"false\"")
    }
}
