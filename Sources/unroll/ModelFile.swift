import UnrollCore

/// A trained model read from the file a user names: a checkpoint (`unroll train -o`), a trace (`unroll trace
/// -o`) or, for a path ending in `.safetensors`, weights alone. A file that cannot be read ends the command
/// with one line and status 2.
enum ModelFile {
    /// The network, and the task it was trained on when the file says (a checkpoint does, and the
    /// safetensors file `unroll export` made of one), with the series of a model trained on `--data`.
    static func load(_ path: String, safeTensors: Bool = true) -> (network: Network, task: TaskKind?, series: ForecastSeries?) {
        if safeTensors, path.hasSuffix(".safetensors") {
            let bytes: [UInt8]
            do { bytes = try TextFile.readBytes(path, limit: SafeTensors.fileLimit(for: .batch), kind: "a safetensors file") } catch {
                CommandFailure(message: error.description, status: 2).exit()
            }
            do { let (network, task) = try Network.readSafeTensors(bytes, for: .batch); return (network, task, nil) } catch { CommandFailure(message: "\(path): \(error)", status: 2).exit() }
        }
        let limit = max(JSONLimits.checkpointFile.bytes, JSONLimits.traceFile(for: .batch).bytes)
        let either = JSONLimits(kind: "a checkpoint or trace", bytes: limit, values: 4096, stringBytes: 64 << 10)
        return loadDocument(path, limits: either) { bytes throws(DocumentProblem) -> (Network, TaskKind?, ForecastSeries?) in
            let header: JSONValue
            do throws(JSONSyntaxError) { header = try JSONParser.parse(bytes, limits: either, keeping: ["format"]) } catch { throw .syntax(error) }
            switch header["format"] {
            case .string(checkpointFormatTag)?:
                let trainer = try Checkpoint.read(bytes, for: .batch)
                return (trainer.network, trainer.config.spec.task, trainer.config.spec.series)
            case .string(traceFormatTag)?: return (try readTraceInput(bytes, for: .batch).network, nil, nil)
            default:
                throw .format(TraceFormatError(field: "format", "expected \"\(checkpointFormatTag)\" (unroll train -o) or \"\(traceFormatTag)\" (unroll trace -o)"))
            }
        }
    }
}
