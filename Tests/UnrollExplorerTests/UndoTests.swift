import Testing
import UnrollTestSupport
import UnrollCore
@testable import UnrollExplorer

/// `u` takes back model changes one at a time, `U` goes back to the opening model, and both travel to
/// followers and recordings whole.
@Suite struct UndoTests {
    static let spec = ExperimentSpec(cell: .rnnTanh, hidden: 6, length: 12)

    @Test func uTakesBackEachChangeInTurn() throws {
        let (start, _) = try screen(Self.spec)
        let (one, _) = try screen(Self.spec, keys: "+")
        let (changed, _) = try screen(Self.spec, keys: "+ c k")
        #expect(changed.spec.cell == .rnnRelu && changed.clipping)
        let (undoneOnce, _) = try screen(Self.spec, keys: "+ c k u")
        #expect(undoneOnce.spec.cell == .rnnRelu && !undoneOnce.clipping)
        let (undoneTwice, _) = try screen(Self.spec, keys: "+ c k u u")
        #expect(undoneTwice.spec == one.spec)
        #expect(undoneTwice.model.hiddenNorms == one.model.hiddenNorms)
        let (all, _) = try screen(Self.spec, keys: "+ c k u u u")
        #expect(all.spec == start.spec && all.modelHistory.isEmpty)
        // With nothing left to undo, u does nothing.
        let (more, _) = try screen(Self.spec, keys: "+ c k u u u u")
        #expect(more.spec == start.spec)
    }

    @Test func undoKeepsWhereTimeStands() throws {
        let (state, _) = try screen(Self.spec, keys: "End b Left Left + u")
        #expect(state.phase == .backward && state.cursor == 10)
        #expect(state.spec == Self.spec)
    }

    @Test func uAfterUBringsBackTheChangedModel() throws {
        let (state, _) = try screen(Self.spec, keys: "+ + + U u")
        let (three, _) = try screen(Self.spec, keys: "+ + +")
        #expect(state.spec == three.spec)
    }

    @Test func undoRestoresTrainedWeightsAChangeDropped() throws {
        var state = ExplorerState(spec: Self.spec)
        var network = state.model.network
        network.parameters = network.parameters.map { $0 * 0.5 }
        let sequence = Self.spec.makeSequence()
        _ = update(&state, .showWeights(network, sequence, Self.spec))
        let shown = state.model.hiddenNorms
        _ = update(&state, .cycleCell)
        #expect(state.spec.cell == .rnnRelu)
        let undo = try #require(KeyBindings.action(for: .character("u"), in: state, randomSeed: 0))
        _ = update(&state, undo)
        #expect(state.model.network == network && state.model.hiddenNorms == shown)
    }

    @Test func historyIsBounded() throws {
        let (state, _) = try screen(Self.spec, keys: String(repeating: "+ ", count: ExplorerState.historyLimit + 8))
        #expect(state.modelHistory.count == ExplorerState.historyLimit)
    }

    @Test func theUndoActionTravelsWholeThroughTheStream() throws {
        var state = ExplorerState(spec: Self.spec)
        var network = state.model.network
        network.parameters = network.parameters.map { $0 + 0.01 }
        for choice in [ModelChoice(spec: Self.spec, clipping: true),
                       ModelChoice(spec: Self.spec, network: network, sequence: Self.spec.makeSequence(), clipping: false)] {
            let action = Action.returnToModel(choice)
            let json = try JSONParser.parse(action.json.serializedOnOneLine())
            #expect(try Action(json: json, field: "action", runOf: { _ in nil }) == action)
        }
        _ = update(&state, .scaleRecurrentUp)
        // A follower without the teacher's history arrives at the same model.
        let undo = try #require(KeyBindings.action(for: .character("u"), in: state, randomSeed: 0))
        var follower = ExplorerState(spec: ExperimentSpec(cell: .gru, hidden: 6, length: 12))
        _ = update(&follower, undo)
        _ = update(&state, undo)
        #expect(follower.spec == state.spec && follower.clipping == state.clipping)
        #expect(KeyScript.render(follower, width: 80, height: 24, theme: .plainUnicode).lines.dropFirst()
            == KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode).lines.dropFirst())
    }

    @Test func aLessonStepStartsWithNothingToUndoAndItsOwnModelWithNothingToCompare() throws {
        let steps = "## One\n\nText.\n\n## Two\n\nMore text.\n\n## Three\n\n```unroll\nset: cell=gru\n```\n"
        var state = ExplorerState(lesson: LessonFlowTests.lesson("undo", steps: steps), step: 0)
        _ = update(&state, .scaleRecurrentUp)
        #expect(!state.modelHistory.isEmpty && state.ghost != nil)
        // A step that keeps the model keeps the comparison, but u does not reach back into the step before.
        _ = update(&state, .lessonNext)
        #expect(state.lessonSession?.stepIndex == 1)
        #expect(state.modelHistory.isEmpty && state.ghost != nil)
        // A step that sets its own model starts with no ghost.
        _ = update(&state, .lessonNext)
        #expect(state.lessonSession?.stepIndex == 2 && state.spec.cell == .gru)
        #expect(state.ghost == nil)
    }

    @Test func trainedWeightsAreNotComparedWithTheModelBefore() throws {
        var state = ExplorerState(spec: Self.spec)
        _ = update(&state, .scaleRecurrentUp)
        #expect(state.ghost != nil)
        var network = state.model.network
        network.parameters = network.parameters.map { $0 * 0.5 }
        _ = update(&state, .showWeights(network, Self.spec.makeSequence(), state.spec))
        #expect(state.ghost == nil && !state.modelHistory.isEmpty)
    }
}
