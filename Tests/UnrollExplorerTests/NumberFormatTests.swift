import UnrollTestSupport
import Foundation
import Testing
import UnrollCore
@testable import UnrollExplorer

@Suite struct NumberFormatTests {
    @Test func formatsWithoutTrapping() {
        #expect(NumberFormat.signed(0.5812) == "+0.58")
        #expect(NumberFormat.signed(-0.004) == "+0.00")
        #expect(NumberFormat.signed(-0.006) == "-0.01")
        #expect(NumberFormat.signed(.nan) == "nan")
        #expect(NumberFormat.signed(-.infinity) == "-inf")
        #expect(NumberFormat.fixed(12.345, decimals: 1) == "12.3")
        #expect(NumberFormat.fixed(3e20) == "3e+20")
        #expect(NumberFormat.scientific(3.04e-9) == "3e-09")
        #expect(NumberFormat.scientific(9.96e-3) == "1e-02")
        #expect(NumberFormat.scientific(1234, digits: 2) == "1.2e+03")
        #expect(NumberFormat.scientific(.greatestFiniteMagnitude) == "3e+38")
        #expect(NumberFormat.scientific(.leastNonzeroMagnitude) == "1e-45")
        #expect(NumberFormat.compact(0.005) == "5e-03" && NumberFormat.compact(1.5) == "1.50" && NumberFormat.compact(0) == "0")
    }

    /// λ just below 1 keeps the digits that tell it from 1; elsewhere it is the usual two decimals.
    @Test func closeToOneShowsTheGapBelowOne() {
        #expect(NumberFormat.closeToOne(0.9) == "0.90")
        #expect(NumberFormat.closeToOne(0.95) == "0.95")
        #expect(NumberFormat.closeToOne(0.9972) == "0.9972")
        #expect(NumberFormat.closeToOne(0.9996) == "0.99960")
        #expect(NumberFormat.closeToOne(0.999_999) == "0.9999990")
        #expect(NumberFormat.closeToOne(1) == "1.00" && NumberFormat.closeToOne(1.2) == "1.20" && NumberFormat.closeToOne(.nan) == "nan")
        // Never rounds a λ up to 1; a Float's rounding error below 1 (as in an orthogonal σ_min) reads as 1.00.
        #expect(NumberFormat.closeToOne(Float(1).nextDown) == "1.00" && NumberFormat.closeToOne(0.99999994) == "1.00")
        let nearOne: [Float] = [0.991, 0.9999, 0.99999, 0.999_999]
        for x in nearOne {
            #expect(NumberFormat.closeToOne(x).hasPrefix("0.9"), "\(x): \(NumberFormat.closeToOne(x))")
        }
    }

    /// Every compact number just below 1 (a ρ or σ_max as well as a λ) keeps the digits that tell it from 1.
    @Test func compactNumbersJustBelowOneAreNotRoundedUp() {
        #expect(NumberFormat.compact(0.996) == "0.9960")
        #expect(NumberFormat.compact(0.9996) == "0.99960")
        #expect(NumberFormat.compact(0.98) == "0.98" && NumberFormat.compact(1.004) == "1.00")
    }

    /// The ssm's header, footer and settings show λ_max as the lesson sets it, not a rounded 1.00.
    @Test func anSsmNearOneShowsItsLambdaBelowOne() {
        var spec = ExperimentSpec(cell: .ssm, hidden: 8, length: 50, task: .random, seed: 1)
        spec.initOptions.rescale = .spectralRadius(0.9996)
        let state = ExplorerState(spec: spec)
        #expect(HeaderView.spectrumText(.ssm, state.model.mainSpectrum) == "  λ_max 0.99960")
        let screen = KeyScript.render(state, width: 120, height: 40, theme: .plainUnicode).text
        #expect(screen.contains("λ_max 0.99960") && screen.contains("1−λ ÷1.00") && !screen.contains("ρ 1.00"), "\(screen)")
        #expect(Setting.radius.value(in: state) == "0.99960" && Setting.radius.label(for: .ssm) == "every λ")
        #expect(Setting.scale.value(in: state) == "÷1.00" && Setting.scale.label(for: .ssm) == "shrink 1−λ (+/-)")
        #expect(Setting.radius.label(for: .rnnTanh) == Setting.radius.label)
    }

    /// A lesson's show: of a number just below 1 keeps its digits: lesson 10's λ_max is not "radius = 1.00".
    @Test func aShownRadiusBelowOneIsNotRoundedToOne() throws {
        let file = LessonTests.lessonsDirectory.appendingPathComponent("10-state-space.md")
        let lesson = try #require(LessonParser.parse(try String(contentsOf: file, encoding: .utf8), file: file.lastPathComponent).lesson)
        let state = KeyScript.run(try KeyScript.keys("Right Right Right"), from: ExplorerState(lesson: lesson))
        let screen = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode).text
        #expect(screen.contains("radius = 0.9972") && !screen.contains("radius = 1.00"), "\(screen)")
    }

    @Test func levelsQuantise() {
        #expect(Levels.signed(0) == 0 && Levels.signed(1) == 4 && Levels.signed(-1) == -4 && Levels.signed(0.3) == 2)
        #expect(Levels.signed(.nan) == 0 && Levels.signed(.infinity) == 4)
        #expect(Levels.magnitude(0.5) == 4 && Levels.magnitude(2) == 8 && Levels.magnitude(-.infinity) == 8)
    }

    /// The command line's numbers (train's summary, compare's table, the progress bar) read as C's printf
    /// wrote them before they came here: four decimals, or three significant digits in scientific form.
    @Test func shortNumbersReadAsPrintfWroteThem() {
        #expect(NumberFormat.short(0.0123) == "0.0123" && NumberFormat.short(1.5e-5) == "1.50e-05")
        #expect(NumberFormat.short(-4.56e7) == "-4.56e+07" && NumberFormat.short(0) == "0.0000")
        #expect(NumberFormat.short(.nan) == "nan" && NumberFormat.short(-.infinity) == "-inf" && NumberFormat.short(.infinity) == "inf")
        func printf(_ x: Float) -> String {
            x != 0 && (abs(x) < 1e-3 || abs(x) >= 1e5) ? String(format: "%.2e", Double(x)) : String(format: "%.4f", Double(x))
        }
        var g = SeededGenerator(seed: 11)
        var differing: [String] = []
        for _ in 0..<20_000 {
            // Magnitudes from 1e-30 to 1e30, both signs, around the switches at 1e-3 and 1e5 too.
            let x = Float(Double.random(in: -1...1, using: &g) * pow(10, Double.random(in: -30...30, using: &g)))
            if NumberFormat.short(x) != printf(x) { differing.append("\(x): \(NumberFormat.short(x)) vs \(printf(x))") }
        }
        for x: Float in [1e-3, 9.999e-4, 1e5, 99999.99, 0.5, 123.45678, 1, -1, -0.0, 5187.28125, 0.00015] where NumberFormat.short(x) != printf(x) {
            differing.append("\(x): \(NumberFormat.short(x)) vs \(printf(x))")
        }
        #expect(differing.isEmpty, "\(differing.prefix(10))")
    }
}
