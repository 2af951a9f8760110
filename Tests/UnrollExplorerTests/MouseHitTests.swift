import Foundation
import Testing
import UnrollTestSupport
import UnrollCore
@testable import UnrollExplorer

/// Clicks and the wheel in memory: a screen is rendered, a cell of it is clicked (found by what the screen
/// shows there, not by the layout's arithmetic), and the action and the state after it are checked.
@Suite struct MouseHitTests {
    static let sizes = [(80, 24), (120, 40)]

    /// Renders `state`, maps `event` on that frame, and applies the action; returns it.
    @discardableResult
    static func act(_ event: MouseEvent, on state: inout ExplorerState, _ size: (Int, Int), theme: Theme = .plainUnicode) -> Action? {
        let canvas = KeyScript.render(state, width: size.0, height: size.1, theme: theme)
        let action = MouseBindings.action(for: event, regions: canvas.regions, in: state, randomSeed: 9)
        if let action { _ = update(&state, action) }
        return action
    }

    /// The column where `needle` begins in row `y`, if it is there (after column `from`).
    static func column(of needle: String, inRow y: Int, of canvas: Canvas, from: Int = 0) -> Int? {
        let row = Array(canvas.lines[y])
        let pattern = Array(needle)
        guard row.count >= pattern.count else { return nil }
        return (from...(row.count - pattern.count)).first { Array(row[$0..<($0 + pattern.count)]) == pattern }
    }

    /// The step panel's left edge: the column after the border on the timeline's row.
    static func stepPanelX(_ canvas: Canvas) -> Int { (column(of: "│", inRow: 1, of: canvas) ?? 0) + 1 }

    @Test func aClickOnAStepsColumnMovesThere() throws {
        for (size, length) in Self.sizes.flatMap({ size in [30, 200].map { (size, $0) } }) {
            var state = ExplorerState(spec: ExperimentSpec(length: length))
            _ = update(&state, .stepForward)
            let canvas = KeyScript.render(state, width: size.0, height: size.1, theme: .plainUnicode)
            // The timeline's tick label "10" is drawn at step 10's column.
            let x = try #require(Self.column(of: "10", inRow: 1, of: canvas))
            #expect(Self.act(.click(x, 1), on: &state, size) == .select(step: 10, unit: nil))
            #expect(state.cursor == 10)
            let after = KeyScript.render(state, width: size.0, height: size.1, theme: .plainUnicode)
            #expect(Array(after.lines[1])[x] == "▼", "the marker is where the click was")
            #expect(after.lines[0].contains("t=10/\(length)"))
            // The same column lower down, in the heatmap and in the gradient plot, is the same step; the
            // column to its right the next.
            let gradientRow = try #require(after.firstRow(containing: "‖∂L/∂hₜ‖")) + 2
            #expect(Self.act(.click(x + 1, gradientRow), on: &state, size) == .select(step: 11, unit: nil))
            let heatRow = try #require(after.firstRow(startingWith: " u3"))
            #expect(Self.act(.click(x - 1, heatRow), on: &state, size) == .select(step: 9, unit: 3))
            #expect(state.cursor == 9 && state.selectedUnit == 3)
        }
    }

    @Test func aClickInTheBackwardPassMovesTheGradientsReachAndStopsPlaying() throws {
        var state = ExplorerState(spec: ExperimentSpec(length: 30))
        _ = update(&state, .toggleBackward)
        _ = update(&state, .togglePlay)
        let canvas = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode)
        let x = try #require(Self.column(of: "20", inRow: 1, of: canvas))
        #expect(Self.act(.click(x, 1), on: &state, (80, 24)) == .select(step: 20, unit: nil))
        #expect(state.phase == .backward && state.cursor == 20 && !state.playing)
        #expect(KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode).text.contains("Step t=20 · backward"))
    }

    @Test func aClickOnAUnitsRowSelectsIt() throws {
      for size in Self.sizes {
        var state = ExplorerState(spec: ExperimentSpec(length: 30))
        _ = update(&state, .toEnd)
        var canvas = KeyScript.render(state, width: size.0, height: size.1, theme: .plainUnicode)
        // The heatmap's label column (the heatmap may scroll to keep the selected unit in view).
        let heatRow = try #require(canvas.firstRow(startingWith: " u3"))
        #expect(Self.act(.click(2, heatRow), on: &state, size) == .select(step: nil, unit: 3))
        #expect(state.selectedUnit == 3 && state.cursor == 30)
        canvas = KeyScript.render(state, width: size.0, height: size.1, theme: .plainUnicode)
        #expect(canvas.firstRow(startingWith: "▸u3") != nil)
        // The step panel's unit rows, at their bars as well as their labels.
        let x = Self.stepPanelX(canvas)
        let stepRow = try #require(canvas.lines.firstIndex { Array($0).count > x + 3 && String(Array($0)[x..<(x + 3)]) == " u2" })
        #expect(Self.act(.click(x + 10, stepRow), on: &state, size) == .select(step: nil, unit: 2))
        #expect(state.selectedUnit == 2)
        canvas = KeyScript.render(state, width: size.0, height: size.1, theme: .plainUnicode)
        #expect(canvas.text.contains("h  u2 t=30"))
      }
    }

    @Test func aBidirectionalNetsReverseUnitsAreTheirOwnRows() throws {
        var state = ExplorerState(spec: ExperimentSpec(hidden: 4, length: 20, bidirectional: true))
        _ = update(&state, .toEnd)
        let canvas = KeyScript.render(state, width: 120, height: 40, theme: .plainUnicode)
        let row = try #require(canvas.firstRow(startingWith: " u2←"))
        #expect(Self.act(.click(1, row), on: &state, (120, 40)) == .select(step: nil, unit: 4 + 2))
        #expect(state.selectedDirectionAndUnit == (1, 2))
        // The step panel now shows the reverse direction: its u1 is unit 4 + 1.
        let after = KeyScript.render(state, width: 120, height: 40, theme: .plainUnicode)
        let x = Self.stepPanelX(after)
        let stepRow = try #require(after.lines.firstIndex { Array($0).count > x + 3 && String(Array($0)[x..<(x + 3)]) == " u1" })
        #expect(Self.act(.click(x + 1, stepRow), on: &state, (120, 40)) == .select(step: nil, unit: 4 + 1))
    }

    @Test func aClickOnAKeyBarLabelPressesTheKey() throws {
      for size in Self.sizes {
        var state = ExplorerState(spec: ExperimentSpec(length: 30))
        let bottom = size.1 - 1
        var canvas = KeyScript.render(state, width: size.0, height: size.1, theme: .plainUnicode)
        // On the label's word, and on the key itself.
        let word = try #require(Self.column(of: "backward", inRow: bottom, of: canvas))
        #expect(Self.act(.click(word + 3, bottom), on: &state, size) == .toggleBackward)
        #expect(state.phase == .backward && state.cursor == 30)
        #expect(Self.act(.click(word - 2, bottom), on: &state, size) == .toggleBackward)
        #expect(state.phase == .forward)
        canvas = KeyScript.render(state, width: size.0, height: size.1, theme: .plainUnicode)
        let help = try #require(Self.column(of: "? help", inRow: bottom, of: canvas))
        #expect(Self.act(.click(help, bottom), on: &state, size) == .show(.help))
        // Help's own bar: close.
        canvas = KeyScript.render(state, width: size.0, height: size.1, theme: .plainUnicode)
        let close = try #require(Self.column(of: "close", inRow: bottom, of: canvas))
        #expect(Self.act(.click(close, bottom), on: &state, size) == .closeOverlay)
        #expect(state.screen == .main)
        // In ASCII the arrow key is spelled out, and a click on it still steps.
        _ = update(&state, .toStart)
        canvas = KeyScript.render(state, width: size.0, height: size.1, theme: .plainASCII)
        let step = try #require(Self.column(of: "step", inRow: bottom, of: canvas))
        #expect(Self.act(.click(step, bottom), on: &state, size, theme: .plainASCII) == .stepForward)
        #expect(state.cursor == 1)
      }
    }

    @Test func clicksElsewhereDoNothing() throws {
        var state = ExplorerState(spec: ExperimentSpec(length: 30))
        _ = update(&state, .stepForward)
        let canvas = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode)
        let equation = try #require(canvas.firstRow(containing: "= σ("))
        let x = Self.stepPanelX(canvas)
        let heatTitle = try #require(canvas.firstRow(containing: "h  u0 t=1"))
        for point in [(10, 0), (x + 2, equation), (x + 2, 1), (canvas.width - 1, 2), (20, heatTitle)] {
            #expect(Self.act(.click(point.0, point.1), on: &state, (80, 24)) == nil, "a click at \(point)")
        }
        // Only the left button and the wheel act: a right click or a release on a step's column does nothing.
        let tick = try #require(Self.column(of: "10", inRow: 1, of: canvas))
        for kind in [MouseEvent.Kind.press(1), .press(2), .release, .motion, .wheelLeft, .wheelRight] {
            #expect(Self.act(MouseEvent(kind, x: tick, y: 1), on: &state, (80, 24)) == nil, "\(kind)")
        }
        // Off the canvas.
        #expect(Self.act(.click(500, 500), on: &state, (80, 24)) == nil)
        #expect(state.cursor == 1)
    }

    @Test func theWheelScrollsTimePagesAndLists() throws {
        var state = ExplorerState(spec: ExperimentSpec(length: 30))
        #expect(Self.act(MouseEvent(.wheelDown, x: 10, y: 8), on: &state, (80, 24)) == .stepForward)
        #expect(Self.act(MouseEvent(.wheelDown, x: 60, y: 3), on: &state, (80, 24)) == .stepForward)
        #expect(Self.act(MouseEvent(.wheelUp, x: 10, y: 8), on: &state, (80, 24)) == .stepBack)
        #expect(state.cursor == 1)
        _ = update(&state, .show(.help))
        #expect(Self.act(MouseEvent(.wheelDown, x: 10, y: 8), on: &state, (80, 24)) == .helpPageDown)
        #expect(state.helpPage == 1)
        #expect(Self.act(MouseEvent(.wheelUp, x: 10, y: 8), on: &state, (80, 24)) == .helpPageUp)
        _ = update(&state, .closeOverlay)
        _ = update(&state, .show(.settings))
        #expect(Self.act(MouseEvent(.wheelDown, x: 10, y: 8), on: &state, (80, 24)) == .settingsDown)
        #expect(state.settingsCursor == 1)
    }

    @Test func aClickOnASettingsRowChoosesIt() throws {
      for size in Self.sizes {
        var state = ExplorerState(spec: ExperimentSpec(length: 30))
        _ = update(&state, .show(.settings))
        let canvas = KeyScript.render(state, width: size.0, height: size.1, theme: .plainUnicode)
        let row = try #require(canvas.firstRow(containing: "hidden units H"))
        let index = try #require(Setting.allCases.firstIndex { $0.label(for: state.spec.cell) == "hidden units H" })
        #expect(Self.act(.click(30, row), on: &state, size) == .settingsSelect(index))
        #expect(state.settingsCursor == index && state.spec.hidden == 8, "choosing changes nothing yet")
        #expect(KeyScript.render(state, width: size.0, height: size.1, theme: .plainUnicode).text.contains("▸ hidden units H"))
      }
    }

    @Test func aClickOnAHomeItemOpensIt() throws {
      for size in Self.sizes {
        let library = LessonLibrary(files: try LessonTests.shipped().map { (path: $0.0, text: $0.1) }).lessons
        var state = ExplorerState(spec: ExperimentSpec())
        state.library = library
        state.screen = .home
        state.underlyingScreen = .home
        // The wheel moves the cursor down the list.
        #expect(Self.act(MouseEvent(.wheelDown, x: 10, y: 10), on: &state, size) == .homeDown)
        #expect(state.homeCursor == 1)
        var home = state
        var canvas = KeyScript.render(home, width: size.0, height: size.1, theme: .plainUnicode)
        let free = try #require(canvas.firstRow(containing: "Free play"))
        let freeIndex = try #require(home.homeMenu.firstIndex(of: .freePlay))
        #expect(Self.act(.click(20, free), on: &home, size) == .homeChoose(freeIndex))
        #expect(home.screen == .main && home.returnsHome)
        // A lesson's row opens that lesson.
        canvas = KeyScript.render(state, width: size.0, height: size.1, theme: .plainUnicode)
        let third = try #require(canvas.firstRow(containing: "3. " + state.library[2].title))
        #expect(Self.act(.click(10, third), on: &state, size) == .homeChoose(2))
        #expect(state.lessonSession?.lesson.id == library[2].id)
      }
    }

    /// Every cell of a lesson's screen clicked, and the wheel turned there, at both sizes: nothing a mouse
    /// does answers a question (the digits are keys only), and the wheel over the lesson's text pages it.
    @Test func noClickAnswersALessonsQuestion() throws {
        var questionSteps: [ExplorerState] = []
        for (name, text) in try LessonTests.shipped() {
            let lesson = try #require(LessonParser.parse(text, file: name).lesson)
            for (k, step) in lesson.steps.enumerated() where step.question != nil { questionSteps.append(ExplorerState(lesson: lesson, step: k)) }
        }
        #expect(questionSteps.count >= 5)
        var paged = false
        for state in questionSteps.prefix(8) {
            for size in Self.sizes {
                let canvas = KeyScript.render(state, width: size.0, height: size.1, theme: .plainUnicode)
                var seen: Set<String> = []
                for y in 0..<size.1 {
                    for x in 0..<size.0 {
                        for kind in [MouseEvent.Kind.press(0), .wheelDown, .wheelUp] {
                            guard let action = MouseBindings.action(for: MouseEvent(kind, x: x, y: y), regions: canvas.regions, in: state, randomSeed: 3) else { continue }
                            if case .lessonAnswer = action { Issue.record("a \(kind) at (\(x), \(y)) answered the question") }
                            if action == .lessonPageDown { paged = true }
                            guard seen.insert("\(action)").inserted else { continue }
                            var after = state
                            _ = update(&after, action)
                            #expect(after.lessonSession?.answer == nil, "\(action) from (\(x), \(y)) answered")
                        }
                    }
                }
            }
        }
        #expect(paged, "the wheel over the lesson's text pages it")
        // The same screens with the keyboard: 1 does answer, so the check above could fail.
        var typed = questionSteps[0]
        _ = update(&typed, try #require(KeyBindings.action(for: .character("1"), in: typed, randomSeed: 0)))
        #expect(typed.lessonSession?.answer == 0)
    }

    /// Mouse reports as bytes (every one spelling digits) through the filter and on to a lesson with a
    /// question: none answers it, whole or cut short, split across reads, an SGR report's rest even after
    /// the deadline. (Only an ESC whose rest came later than curses waits is a key: Escape. An X10 report's
    /// rest that late is three bytes like any others.)
    @Test func reportBytesNeverReachALessonAsKeys() throws {
        let (name, text) = try #require(try LessonTests.shipped().first { pair in
            LessonParser.parse(pair.1, file: pair.0).lesson?.steps.contains { $0.question != nil } == true
        })
        let lesson = try #require(LessonParser.parse(text, file: name).lesson)
        let step = try #require(lesson.steps.firstIndex { $0.question != nil })
        var state = ExplorerState(lesson: lesson, step: step)
        var filter = KeySequenceFilter()
        var time = Duration.zero
        var random = SeededGenerator(seed: 2)
        for _ in 0..<400 {
            let x = 1 + random.index(below: 80), y = 1 + random.index(below: 24), button = [0, 1, 2, 64, 65][random.index(below: 5)]
            let sgr = random.index(below: 2) == 0
            var bytes: [UInt8] = sgr ? Array("\u{1b}[<\(button);\(x);\(y)M".utf8) : [0x1b, 0x5b, 0x4d, UInt8(32 + button), UInt8(32 + x), UInt8(32 + y)]
            if random.index(below: 4) == 0 { bytes.removeLast(1 + random.index(below: 3)) }
            let cut = random.index(below: bytes.count + 1)
            // curses waits 25 ms for what follows an ESC, so a cut just after it has its rest come late.
            let late = cut == 1 || (sgr && random.index(below: 3) == 0)
            for (k, part) in [bytes[..<cut], bytes[cut...]].enumerated() {
                let canvas = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode)
                for event in filter.events(KeyDecoder.inputs(fromBytes: Array(part)), at: time) {
                    let action: Action? = switch event {
                    case let .key(key): KeyBindings.action(for: key, in: state, randomSeed: 1)
                    case let .mouse(mouse): MouseBindings.action(for: mouse, regions: canvas.regions, in: state, randomSeed: 1)
                    }
                    if let action { _ = update(&state, action) }
                    if case let .key(key) = event, !(key == .escape && cut == 1) {
                        Issue.record("a report's byte came through as \(key): \(String(decoding: bytes, as: UTF8.self).debugDescription) cut at \(cut)\(late ? ", late" : "")")
                    }
                }
                time += k == 0 && late ? KeySequenceFilter.sequenceDeadline + .milliseconds(1) : .milliseconds(5)
            }
            // A truncated report is left open; the next report's ESC ends it.
            time += .milliseconds(200)
            #expect(state.lessonSession?.answer == nil)
            if state.lessonSession?.stepIndex != step || state.screen != .main { state = ExplorerState(lesson: lesson, step: step) }
        }
    }

    @Test func aViewerClicksOnlyItsOwnKeys() throws {
        var teacher = ExplorerState(spec: ExperimentSpec(length: 30))
        _ = update(&teacher, .toEnd)
        var viewer = ViewerState(title: "room")
        viewer.mirror = teacher
        var canvas = Canvas(width: 80, height: 24, theme: .plainUnicode)
        ViewerView.render(viewer, on: &canvas)
        // Watching: the teacher's timeline and units are not the viewer's to change.
        let tick = try #require(Self.column(of: "10", inRow: 1, of: canvas))
        #expect(viewer.action(for: .click(tick, 1), regions: canvas.regions) == nil)
        let y = try #require(Self.column(of: "try it yourself", inRow: 23, of: canvas))
        #expect(viewer.action(for: .click(y, 23), regions: canvas.regions) == .tryItYourself)
        let tab = try #require(Self.column(of: "Tab", inRow: 23, of: canvas))
        #expect(viewer.action(for: .click(tab, 23), regions: canvas.regions) == .cycleView)
        // With the viewer's help over the screen, what lies under it is out of reach.
        _ = viewer.apply(.toggleHelp)
        canvas = Canvas(width: 80, height: 24, theme: .plainUnicode)
        ViewerView.render(viewer, on: &canvas)
        #expect(canvas.targets(atX: tick, y: 1).isEmpty)
        _ = viewer.apply(.closeHelp)
        // In the viewer's own copy the explorer's clicks are the copy's.
        _ = viewer.apply(.tryItYourself)
        var own = try #require(viewer.own)
        canvas = Canvas(width: 80, height: 24, theme: .plainUnicode)
        ViewerView.render(viewer, on: &canvas)
        #expect(MouseBindings.action(for: .click(tick, 1), regions: canvas.regions, in: own, randomSeed: 0) == .select(step: 10, unit: nil))
        _ = update(&own, .select(step: 10, unit: nil))
        #expect(own.cursor == 10 && viewer.mirror?.cursor == 30)
    }

    /// What a click does goes to followers and recordings as an action, and comes back the same; one out of
    /// range (another user's input) changes nothing it should not.
    @Test func clickActionsGoThroughTheStream() throws {
        for action in [Action.select(step: 7, unit: nil), .select(step: nil, unit: 2), .select(step: 3, unit: 1), .homeChoose(4), .settingsSelect(2)] {
            let text = action.json.serializedOnOneLine()
            #expect(try Action(json: try JSONParser.parse(text), field: "action") { _ in nil } == action, "\(text)")
        }
        var state = ExplorerState(spec: ExperimentSpec(hidden: 4, length: 10))
        for action in [Action.select(step: Int.max, unit: Int.min), .select(step: Int.min, unit: 4), .homeChoose(Int.max), .settingsSelect(-1), .settingsSelect(Int.max)] {
            _ = update(&state, action)
        }
        #expect(state.cursor == 1 && state.selectedUnit == 0 && state.settingsCursor == 0 && state.screen == .main)
        _ = update(&state, .select(step: Int.max, unit: 3))
        #expect(state.cursor == 10 && state.selectedUnit == 3)
        for bad in ["{\"do\":\"select\",\"step\":\"x\"}", "{\"do\":\"home_choose\"}", "{\"do\":\"settings_select\",\"row\":1.5}"] {
            #expect(throws: TraceFormatError.self) { try Action(json: try JSONParser.parse(bad), field: "action") { _ in nil } }
        }
    }
}
