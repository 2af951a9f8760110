import Testing
import UnrollTestSupport
import UnrollCore
@testable import UnrollExplorer

@Suite struct InteractionTests {
    @Test func cyclingTheCellKeepsTheSeedAndTheInputs() throws {
        let (before, _) = try screen(keys: "")
        let (after, canvas) = try screen(keys: "c")
        #expect(before.spec.cell == .lstm && after.spec.cell == .gru)
        #expect(after.model.trace.sequence == before.model.trace.sequence)
        #expect(canvas.text.contains("gru H=8 T=30 adding seed 1"))
    }

    @Test func reseedingIsDeterministicAndChangesTheData() throws {
        let (a, _) = try screen(keys: "r")
        let (b, _) = try screen(keys: "r")
        #expect(a.spec.seed == b.spec.seed && a.spec.seed != 1)
        #expect(a.model.trace.sequence != ExplorerState(spec: ExperimentSpec()).model.trace.sequence)
    }

    @Test func settingsChangeTheModelAtOnce() throws {
        // Down to "hidden units H", then one step up the list of sizes.
        let (state, canvas) = try screen(keys: "s Down Right")
        #expect(state.screen == .settings && state.spec.hidden == 12 && state.model.hidden == 12)
        #expect(canvas.text.contains("▸ hidden units H"))
        #expect(canvas.text.contains("‹ 12 ›"))
        let (closed, _) = try screen(keys: "s Down Right Esc")
        #expect(closed.screen == .main && closed.spec.hidden == 12)
        // Forget bias is among the settings.
        let (biased, _) = try screen(keys: "s Down Down Down Down Down Down Down Right Right Right Right Right")
        #expect(biased.spec.initOptions.forgetBias == 2)
    }

    /// Help pages through every key at the smallest size, and PgDn stops at the last page.
    @Test func helpListsEveryKeyOfTheKeyTable() throws {
        var pages: [String] = []
        for page in 0..<6 {
            let (_, canvas) = try screen(keys: "?" + String(repeating: " PageDown", count: page))
            pages.append(canvas.lines.dropFirst().dropLast(2).joined(separator: "\n"))
        }
        #expect(pages[4] == pages[5] && pages[0] != pages[1], "PgDn goes on to the last page and stays there")
        let all = pages.joined(separator: "\n")
        for binding in KeyBindings.all {
            #expect(all.contains(binding.help.prefix(30)), "help misses \(binding.keys[0].label)")
        }
        let (_, bar) = try screen()
        for binding in KeyBindings.keyBar(for: ExplorerState(spec: ExperimentSpec())).prefix(6) {
            #expect(bar.lines[23].contains(binding.short))
        }
    }

    @Test func playingTicksToTheEndAndStops() {
        var state = ExplorerState(spec: ExperimentSpec(length: 4))
        // What a runtime asks for the state it opens with: the steps' timing, once.
        #expect(state.derivedWork().count == 1)
        #expect(update(&state, .togglePlay) == [.startTicking(milliseconds: 250)])
        for _ in 0..<3 { #expect(update(&state, .tick).isEmpty) }
        #expect(state.cursor == 3)
        #expect(update(&state, .tick) == [.stopTicking])
        #expect(state.cursor == 4 && !state.playing)
        #expect(update(&state, .faster).isEmpty && state.speedIndex == 3)
    }

    @Test func quitAndControlC() throws {
        var state = ExplorerState(spec: ExperimentSpec())
        #expect(KeyBindings.action(for: .character("q"), in: state, randomSeed: 0) == .quit)
        #expect(update(&state, .show(.help)).isEmpty)
        #expect(KeyBindings.action(for: .character("q"), in: state, randomSeed: 0) == .closeOverlay)
        #expect(KeyBindings.action(for: .control("c"), in: state, randomSeed: 0) == .quit)
        #expect(update(&state, .quit) == [.stopTicking, .quit])
    }

    @Test func aRecordedListOfActionsReplaysExactly() {
        let actions: [Action] = [.stepForward, .stepForward, .cycleCell, .reseed(77), .toggleBackward, .stepBack,
                                 .scaleRecurrentUp, .nextUnit, .show(.settings), .settingsDown, .settingsIncrease, .closeOverlay]
        var a = ExplorerState(spec: ExperimentSpec()), b = ExplorerState(spec: ExperimentSpec())
        for action in actions { _ = update(&a, action) }
        for action in actions { _ = update(&b, action) }
        #expect(a.spec == b.spec && a.cursor == b.cursor && a.phase == b.phase && a.selectedUnit == b.selectedUnit)
        #expect(KeyScript.render(a, width: 80, height: 24, theme: .plainUnicode).text
            == KeyScript.render(b, width: 80, height: 24, theme: .plainUnicode).text)
    }

    @Test func keyNamesParse() throws {
        #expect(try KeyScript.keys("Right Left Home End Space Tab BTab Enter Esc Up Down C-l F1 b +")
            == [.right, .left, .home, .end, .character(" "), .tab, .backTab, .enter, .escape, .up, .down, .control("l"), .function(1),
                .character("b"), .character("+")])
        #expect(throws: KeyScript.UnknownKey.self) { try KeyScript.keys("Rihgt") }
    }
}
