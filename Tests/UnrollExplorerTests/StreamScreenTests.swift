import Testing
import UnrollCore
import UnrollTestSupport
@testable import UnrollExplorer

/// The explorer's stream screen: the model on screen read as `unroll stream` reads a series, its numbers the
/// live forecaster's own, drawn whole at 80x24.
@Suite struct StreamScreenTests {
    static let spec = ExperimentSpec(cell: .lstm, hidden: 8, length: 40, task: .sunspots)

    /// Up to the cursor, the screen's error, its baseline's, the forecast and the bytes held are what a
    /// `StreamForecaster` says when it is given the same raw values one at a time.
    @Test func theScreensNumbersAreTheLiveForecastersOwn() throws {
        for cursorKeys in ["Right Right Right", "End"] {
            let state = KeyScript.run(try KeyScript.keys("f " + cursorKeys), from: ExplorerState(spec: Self.spec))
            #expect(state.screen == .stream)
            let scaling = SeriesScaling.of(.sunspots)
            let forecaster = StreamForecaster(network: state.model.network, scaling: scaling, forecasting: true)
            for t in 0..<state.cursor { forecaster.step([scaling.raw(state.model.trace.sequence.inputs[t])]) }
            let errors = try #require(state.streamErrors)
            let live = try #require(forecaster.rootMeanSquareError), baseline = try #require(forecaster.baselineRootMeanSquareError)
            #expect(abs(errors.model - Double(live)) <= 1e-4 * Double(live), "\(errors.model) against \(live)")
            #expect(abs(errors.baseline - Double(baseline)) <= 1e-4 * Double(baseline))
            #expect(errors.scored == state.cursor - 1 && forecaster.scoredErrors == errors.scored)
            let reading = state.streamPicture.models[0]
            #expect(abs((reading.prediction ?? .nan) - forecaster.prediction[0]) <= 1e-3 * max(1, abs(forecaster.prediction[0])))
            #expect(reading.heldBytes == forecaster.heldBytes)
            #expect(state.streamPicture.cell?.count == 8 && state.streamPicture.points.count == state.cursor)
        }
    }

    /// f shows the stream and goes back; Esc goes back too; the whole screen is reviewed in both alphabets.
    @Test func fShowsTheStreamAndTheScreenMatchesItsSnapshot() throws {
        let shown = KeyScript.run(try KeyScript.keys("f End"), from: ExplorerState(spec: Self.spec))
        #expect(KeyScript.run(try KeyScript.keys("f"), from: shown).screen == .main)
        #expect(KeyScript.run(try KeyScript.keys("Esc"), from: shown).screen == .main)
        for (theme, name) in [(Theme.plainUnicode, "utf8"), (.plainASCII, "ascii")] {
            ScreenSnapshot.expect(KeyScript.render(shown, width: 80, height: 24, theme: theme), matches: "stream-80x24-\(name)")
        }
        // Before the first value there is nothing to score, and the screen says from when there will be.
        let start = KeyScript.render(KeyScript.run(try KeyScript.keys("f"), from: ExplorerState(spec: Self.spec)), width: 80, height: 24, theme: .plainUnicode)
        #expect(start.text.contains("value 0 of 40") && start.text.contains("one-step-ahead RMSE: from the second value on"), "\(start.text)")
    }

    /// A bidirectional net needs the whole sequence first: the screen says so instead of streaming it.
    @Test func aBidirectionalNetIsNotStreamed() throws {
        var spec = Self.spec
        spec.bidirectional = true
        let canvas = KeyScript.render(KeyScript.run(try KeyScript.keys("f"), from: ExplorerState(spec: spec)), width: 80, height: 24, theme: .plainUnicode)
        #expect(canvas.text.contains("cannot stream"), "\(canvas.text)")
    }
}
