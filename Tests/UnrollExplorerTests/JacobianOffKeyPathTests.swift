import Testing
import UnrollCore
import UnrollTestSupport
@testable import UnrollExplorer

/// The Jacobian triangle off the key path: a key answers with "computing …" and the rest of the screen at
/// once, the triangle fills in when it arrives, and one of a model no longer on screen is dropped.
@Suite struct JacobianOffKeyPathTests {
    /// Cheap enough for a test, too slow for a key press (about 0.1 s).
    static let spec = ExperimentSpec(cell: .lstm, hidden: 24, length: 40, task: .adding)

    static func request(_ effects: [Effect]) -> JacobianRequest? {
        for case let .computeJacobians(request) in effects { return request }
        return nil
    }

    static func render(_ state: ExplorerState) -> String { KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode).text }

    @Test func theCostDecidesWhereItIsComputed() {
        #expect(JacobianCost.seconds(Self.spec) > JacobianCost.onKeyPress)
        #expect(JacobianCost.seconds(Self.spec) < 1)
        #expect(JacobianCost.seconds(ExperimentSpec(cell: .rnnTanh, hidden: 4, length: 10)) <= JacobianCost.onKeyPress)
        #expect(JacobianCost.seconds(ExperimentSpec(cell: .lstm, hidden: 256, length: 1000)) > JacobianCost.offKeyPath)
        #expect(JacobianCost.words(0.4) == "under a second" && JacobianCost.words(12.4) == "about 12 s")
        #expect(JacobianCost.words(600) == "about 10 min" && JacobianCost.words(7200) == "about 2 h" && JacobianCost.words(.infinity) == "far too long")
    }

    @Test func aSlowTriangleIsAskedForOnceAndFillsInWhenItArrives() throws {
        var state = ExplorerState(spec: Self.spec)
        let request = try #require(Self.request(update(&state, .show(.sources))), "no request for a slow triangle")
        #expect(state.jacobiansComputing && state.currentJacobians == nil)
        // Another key on the same model does not ask again.
        #expect(Self.request(update(&state, .stepForward)) == nil)
        let waiting = Self.render(state)
        #expect(waiting.contains("computing … (under a second)") && waiting.contains("T²/2 H×H Jacobians, H=24, T=40."), "\(waiting)")
        #expect(waiting.contains("‖term k of ∂L/∂W_hh‖"), "the rest of the screen is drawn meanwhile")
        let triangle = try #require(request.compute())
        _ = update(&state, .jacobiansComputed(triangle))
        #expect(!state.jacobiansComputing)
        let norms = try #require(state.currentJacobians).norms
        // The same numbers as the network's own triangle for the model on screen.
        #expect(norms == state.model.network.jacobianNorms(state.model.trace))
        let drawn = Self.render(state)
        #expect(!drawn.contains("computing") && drawn.contains("t=40 ") && drawn.contains("‖∂h_T/∂h₁‖ = "), "\(drawn)")
    }

    @Test func aTriangleOfAModelNoLongerOnScreenIsDropped() throws {
        var state = ExplorerState(spec: Self.spec)
        let old = try #require(Self.request(update(&state, .show(.sources))))
        // + makes another model, whose triangle is asked for in its turn.
        let newer = try #require(Self.request(update(&state, .scaleRecurrentUp)))
        #expect(newer.modelVersion == old.modelVersion + 1)
        _ = update(&state, .jacobiansComputed(try #require(old.compute())))
        #expect(state.currentJacobians == nil && state.jacobiansComputing, "the old model's triangle was taken")
        _ = update(&state, .jacobiansComputed(try #require(newer.compute())))
        #expect(state.currentJacobians?.modelVersion == state.modelVersion)
    }

    @Test func aCancelledTriangleStopsAndMakesNothing() {
        let state = ExplorerState(spec: Self.spec)
        var rows = 0
        let norms = state.model.network.jacobianNorms(state.model.trace) { rows += 1; return rows > 3 }
        #expect(norms == nil && rows == 4, "asked before each row, stopped at the fourth")
    }

    @Test func aTriangleTooLargeSaysHowLongItWouldTake() {
        var state = ExplorerState(spec: ExperimentSpec(cell: .lstm, hidden: 256, length: 1000))
        #expect(Self.request(update(&state, .show(.sources))) == nil)
        #expect(!state.jacobiansComputing)
        let screen = Self.render(state)
        let took = JacobianCost.words(JacobianCost.seconds(state.spec))
        #expect(took.hasSuffix(" h"), "\(took)")
        #expect(screen.contains("too large to compute here (\(took)):") && screen.contains("H=256, T=1000."), "\(screen)")
    }

    @Test func aViewerComputesTheTriangleOfWhatItShowsOffItsLoop() throws {
        var teacher = ExplorerState(spec: Self.spec)
        _ = update(&teacher, .show(.sources))
        var viewer = ViewerState(title: "room1 by teacher")
        viewer.mirror = teacher
        viewer.refreshDerived()
        let asked = Self.request(viewer.takeRequests())
        let request = try #require(asked, "the viewer asks for the teacher's triangle itself")
        #expect(viewer.takeRequests().isEmpty, "once")
        viewer.refreshDerived()
        #expect(viewer.takeRequests().isEmpty, "not again for the same model")
        #expect(viewer.display?.jacobiansComputing == true)
        viewer.receive(try #require(request.compute()))
        let shown = try #require(viewer.display)
        #expect(shown.currentJacobians?.norms == teacher.model.network.jacobianNorms(teacher.model.trace))
    }
}
