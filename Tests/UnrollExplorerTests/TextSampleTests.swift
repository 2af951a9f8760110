import Testing
import UnrollCore
@testable import UnrollExplorer

@Suite struct TextSampleTests {
    static let spec = ExperimentSpec(cell: .lstm, hidden: 16, length: 20, task: .text, seed: 3)

    /// The same weights at the same update write the same text, in every replay.
    @Test func theSampleIsDeterministic() throws {
        let first = KeyScript.run(try KeyScript.keys("t"), from: ExplorerState(spec: Self.spec), trainingSteps: 60)
        let again = KeyScript.run(try KeyScript.keys("t"), from: ExplorerState(spec: Self.spec), trainingSteps: 60)
        let run = try #require(first.training?.runs.first)
        let sample = try #require(run.textSample)
        #expect(sample.step == 60 && sample.text.count == TextSample.length)
        #expect(again.training?.runs.first?.textSample == sample)
        #expect(TextSample.written(by: run.network, config: run.config, step: 60) == sample)
        let screen = KeyScript.render(first, width: 100, height: 30, theme: .plainUnicode).text
        #expect(screen.contains("text from the weights at update 60"))
        #expect(screen.contains(TextSample.prompt + String(sample.text.prefix(5)).replacing("\n", with: "↵")))
        // In a narrow column the heading wraps rather than losing the update's number.
        let narrow = KeyScript.render(first, width: 80, height: 40, theme: .plainUnicode).lines
        let column = narrow.compactMap { $0.split(separator: "│", omittingEmptySubsequences: false).last.map(String.init) }
        #expect(column.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("text from the weights at update 60:"))
    }

    /// Other tasks and a model that reads both ways write none.
    @Test func onlyAForwardTextModelWritesOne() throws {
        let sunspots = KeyScript.run(try KeyScript.keys("t"), from: ExplorerState(spec: ExperimentSpec(cell: .gru, hidden: 8, length: 20, task: .sunspots)),
                                    trainingSteps: 60)
        #expect(sunspots.training?.runs.first?.records.contains { $0.testMetric != nil } == true)
        #expect(sunspots.training?.runs.first?.textSample == nil)
        var both = Self.spec
        both.bidirectional = true
        let bidirectional = KeyScript.run(try KeyScript.keys("t"), from: ExplorerState(spec: both), trainingSteps: 60)
        #expect(bidirectional.training?.runs.first?.textSample == nil)
    }

    /// A follower has the records but not the weights: the stream carries the teacher's sample, and the
    /// follower's training screen draws the same text.
    @Test func theSampleGoesThroughTheStream() throws {
        var teacher = SessionStreamTests.Teacher(state: ExplorerState(spec: Self.spec))
        var follower = SessionMirror()
        _ = try follower.apply(line: String(SessionStream.startLine(teacher.state, title: "text").dropLast()))
        try teacher.press("t")
        teacher.apply(SessionStreamTests.progress(for: teacher.state, step: 25))
        let sample = try #require(teacher.state.training?.runs[0].textSample)
        #expect(sample.step == 25)
        let line = try #require(teacher.lines.last)
        #expect(line.contains("\"text_sample\""))
        for line in teacher.lines { _ = try follower.apply(line: String(line.dropLast())) }
        let state = try #require(follower.state)
        #expect(state.training?.runs[0].textSample == sample)
        #expect(SessionStreamTests.render(state) == SessionStreamTests.render(teacher.state))
        // The snapshot of a session (for a follower who joins later) keeps it too.
        let joined = try ExplorerState(snapshot: teacher.state.snapshotJSON(), field: "state")
        #expect(joined.training?.runs[0].textSample == sample)
    }

    /// A sample from a stream is another user's input: a step outside the run is refused, text is made safe
    /// and cut to a sample's length (marked with …).
    @Test func aStreamedSampleIsChecked() throws {
        let bad = JSONValue.object([("step", .int(500)), ("text", .string("x"))])
        #expect(throws: TraceFormatError.self) { try TextSample(json: bad, field: "s", steps: 100) }
        let hostile = JSONValue.object([("step", .int(5)), ("text", .string("\u{1B}[2J" + String(repeating: "a", count: 500)))])
        let sample = try TextSample(json: hostile, field: "s", steps: 100)
        #expect(!sample.text.contains("\u{1B}") && sample.text.count == TextSample.length + 1 && sample.text.hasSuffix("…"))
    }
}
