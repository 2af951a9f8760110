import Testing
import UnrollCore
@testable import UnrollExplorer

@Suite struct LessonRunnerTests {
    static let text = """
    ---
    id: tiny
    title: Tiny
    minutes: 3
    model:
      cell: rnn_tanh
      hidden: 3
      length: 5
    ---
    ## Read

    Just read this.

    ## Step

    Go to the end.

    ```unroll
    wait: step == length
    hint: Press End.
    hint: Really, End.
    ```

    ## Ask

    ```unroll
    ask: Which?
    choice: A | No, not A.
    choice*: B | Yes, B.
    ```
    """

    static func start() throws -> ExplorerState {
        ExplorerState(lesson: try #require(LessonParser.parse(text, file: "tiny.md").lesson))
    }

    static func press(_ keys: String, _ state: inout ExplorerState) throws {
        state = KeyScript.run(try KeyScript.keys(keys), from: state, trainingSteps: 100)
    }

    @Test func stepsPassOnlyWhenTheirConditionsHold() throws {
        var state = try Self.start()
        #expect(state.lessonSession?.passed == [true, false, false], "a step with nothing to do passes at once")
        try Self.press("n", &state)
        #expect(state.lessonSession?.stepIndex == 1)
        try Self.press("n", &state)
        #expect(state.lessonSession?.stepIndex == 1 && state.lessonSession?.message == "Not yet: see the hint.")
        #expect(state.lessonSession?.hintsShown == 1, "a failed try brings the first hint")
        try Self.press("h h h", &state)
        #expect(state.lessonSession?.hintsShown == 2 && state.lessonSession?.message == "That was the last hint.")
        try Self.press("n", &state)
        #expect(state.lessonSession?.message == "Not yet.")
        try Self.press("End", &state)
        #expect(state.lessonSession?.passed[1] == true)
        #expect(state.lessonSession?.message == nil, "'Not yet' is gone once the step has passed")
        try Self.press("n", &state)
        #expect(state.lessonSession?.stepIndex == 2 && state.lessonSession?.hintsShown == 0)
        try Self.press("n", &state)
        #expect(state.lessonSession?.message == "Answer the question first (1–2).")
        try Self.press("1 n", &state)
        #expect(state.lessonSession?.message == "Not yet: try another answer." && state.lessonSession?.stepIndex == 2)
        try Self.press("2", &state)
        #expect(state.lessonSession?.message == "Yes, B." && state.lessonSession?.passed[2] == true)
        try Self.press("n", &state)
        #expect(state.lessonSession?.message == "Lesson complete." && state.lessonSession?.complete == true)
        try Self.press("p", &state)
        #expect(state.lessonSession?.stepIndex == 1)
    }

    @Test func thePaneShowsTheStepItsQuestionAndTheKeys() throws {
        var state = try Self.start()
        try Self.press("n n End n 1", &state)
        let canvas = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode)
        #expect(canvas.text.contains("3/3 · Ask"))
        #expect(canvas.text.contains("1 A") && canvas.text.contains("2 B") && canvas.text.contains("No, not A."))
        #expect(canvas.lines[23].contains("n next") && canvas.lines[23].contains("h hint"))
        let ascii = KeyScript.render(state, width: 80, height: 24, theme: .plainASCII)
        let allASCII = ascii.lines.joined().unicodeScalars.allSatisfy { $0.isASCII }
        #expect(allASCII)
    }

    @Test func withoutALessonTheLessonKeysDoNothing() {
        let state = ExplorerState(spec: ExperimentSpec())
        #expect(KeyBindings.action(for: .character("n"), in: state, randomSeed: 0) == nil)
        #expect(KeyBindings.action(for: .character("2"), in: state, randomSeed: 0) == nil)
        #expect(!KeyBindings.keyBar(for: state).contains { $0.short == "next" })
    }
}
