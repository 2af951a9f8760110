import Foundation
import Testing
import UnrollCore
import UnrollExplorer

/// Every document of the committed fuzzing corpus through every reader: what Unroll wrote reads, and the
/// hostile documents are refused by all of them, none crashing.
@Suite struct JSONCorpusTests {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/corpus/json").standardized
    }

    /// Which readers take `bytes`.
    static func readers(_ bytes: [UInt8]) -> Set<String> {
        var took: Set<String> = []
        if (try? readTraceInput(bytes, for: .batch)) != nil { took.insert("trace") }
        if (try? Checkpoint.read(bytes, for: .batch)) != nil { took.insert("checkpoint") }
        if (try? Checkpoint.read(bytes, for: .explorer)) != nil { took.insert("checkpoint on screen") }
        if let json = try? JSONParser.parse(bytes, limits: .progressFile), (try? LessonProgress(json: json)) != nil { took.insert("progress") }
        if let text = String(validating: bytes, as: UTF8.self) {
            var mirror = SessionMirror()
            let lines = text.split(separator: "\n")
            if !lines.isEmpty, lines.allSatisfy({ (try? mirror.apply(line: String($0))) != nil }) { took.insert("stream") }
            if (try? SessionRecording(text: text, file: "corpus")) != nil { took.insert("recording") }
        }
        return took
    }

    @Test func eachDocumentIsTakenByItsReaderAloneAndHostileOnesByNone() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).sorted()
        #expect(names.count >= 20)
        let expected: [String: Set<String>] = [
            "trace-lstm.json": ["trace"], "trace-gru-bidirectional.json": ["trace"], "trace-selective-bidirectional.json": ["trace"],
            "trace-gru-mlp.json": ["trace"], "trace-attention.json": ["trace"],
            "checkpoint.json": ["checkpoint", "checkpoint on screen"], "progress.json": ["progress"],
            "checkpoint-series.json": ["checkpoint", "checkpoint on screen"],
            "checkpoint-series-two-columns.json": ["checkpoint", "checkpoint on screen"],
            "session-start-play.json": ["stream", "recording"], "session-start-lesson.json": ["stream", "recording"],
            "recording-play.unroll": ["stream", "recording"], "session-action.json": [],
        ]
        for name in names {
            let bytes = Array(try Data(contentsOf: Self.directory.appendingPathComponent(name)))
            let took = Self.readers(bytes)
            if name.hasPrefix("hostile-") {
                #expect(took.isEmpty, "\(name) was taken by \(took)")
            } else {
                #expect(took == expected[name], "\(name) was taken by \(took)")
            }
        }
    }
}
