import Testing
import UnrollCore
import UnrollTestSupport
@testable import UnrollExplorer

/// Every view draws in the area it is given and nowhere else: drawn into a smaller area of a larger canvas,
/// it leaves every cell outside the area as it was, and says nothing to the mouse about them.
@Suite struct ViewAreaTests {
    static let mark = CanvasCell(glyph: "▒", style: .warning)

    /// The states worth drawing: each screen of the explorer, training (a run and a race), a lesson.
    static func states() throws -> [(String, ExplorerState)] {
        let spec = ExperimentSpec(cell: .lstm, hidden: 6, length: 30)
        var named: [(String, ExplorerState)] = []
        for screen in Screen.allCases {
            var state = ExplorerState(spec: spec)
            state.library = try LessonTests.shipped().prefix(3).compactMap { LessonParser.parse($0.1, file: $0.0).lesson }
            _ = update(&state, .show(screen))
            named.append(("\(screen)", state))
        }
        let backward = KeyScript.run(try KeyScript.keys("End b Left Left"), from: ExplorerState(spec: spec))
        named.append(("backward", backward))
        named.append(("training", KeyScript.run(try KeyScript.keys("t"), from: ExplorerState(spec: spec), trainingSteps: 40)))
        named.append(("race", KeyScript.run(try KeyScript.keys("R"), from: ExplorerState(spec: spec), trainingSteps: 20)))
        return named
    }

    /// The views that take an area, by name.
    static var views: [(String, (ExplorerState, Rect, inout Canvas) -> Void)] { [
        ("sources", { SourcesView.render($0, in: $1, on: &$2) }),
        ("training", { TrainingView.render($0, in: $1, on: &$2) }),
        ("home", { HomeView.render($0, in: $1, on: &$2) }),
        ("settings", { SettingsView.render($0, in: $1, on: &$2) }),
        ("help", { HelpView.render($0, in: $1, on: &$2) }),
        ("unrolled", { UnrolledView.render($0, in: $1, on: &$2) }),
        ("step", { StepView.render($0, in: $1, on: &$2) }),
        ("header", { HeaderView.render($0, in: $1, on: &$2) }),
        ("key bar", { KeyBarView.render($0, in: $1, on: &$2) }),
        ("main", { ExplorerView.main($0, in: $1, on: &$2) }),
        ("panels", { ExplorerView.panels($0, in: $1, needs: [.timeline, .hidden, .gradient, .step], on: &$2) }),
    ] }

    @Test(arguments: [(7, 5, 80, 22), (3, 2, 100, 34), (10, 4, 60, 20), (5, 5, 40, 14), (2, 3, 34, 9), (4, 6, 20, 6), (6, 2, 10, 3)])
    func aViewLeavesEverythingOutsideItsAreaAlone(x: Int, y: Int, width: Int, height: Int) throws {
        let area = Rect(x: x, y: y, width: width, height: height)
        for (stateName, state) in try Self.states() {
            // The main screen's two columns are for areas at least as wide as the smallest screen; in a
            // narrower one (a lesson's), `panels` stacks them.
            for (viewName, render) in Self.views where viewName != "main" || width >= ExplorerLayout.minimumWidth {
                var canvas = Canvas(width: 120, height: 42, theme: .plainUnicode)
                canvas.fill(canvas.bounds, Self.mark.glyph, Self.mark.style)
                let before = canvas.regions.count
                render(state, area, &canvas)
                var outside: [String] = []
                for cy in 0..<canvas.height {
                    for cx in 0..<canvas.width where !area.contains(x: cx, y: cy) && canvas[cx, cy] != Self.mark {
                        outside.append("(\(cx), \(cy)) '\(canvas[cx, cy].glyph)'")
                    }
                }
                #expect(outside.isEmpty, "\(viewName) on \(stateName) in \(width)x\(height) at (\(x), \(y)) drew at \(outside.prefix(5).joined(separator: ", "))\(outside.count > 5 ? " and \(outside.count - 5) more" : "")")
                let strays = canvas.regions.dropFirst(before).filter { region in
                    region.rect.x < area.x || region.rect.y < area.y || region.rect.maxX > area.maxX || region.rect.maxY > area.maxY
                }
                #expect(strays.isEmpty, "\(viewName) on \(stateName): regions \(strays.map(\.rect)) outside \(area)")
                // The test must see the view draw at all, or it proves nothing.
                #expect((0..<canvas.height).contains { cy in (0..<canvas.width).contains { area.contains(x: $0, y: cy) && canvas[$0, cy] != Self.mark } },
                        "\(viewName) on \(stateName) drew nothing in \(area)")
            }
        }
    }
}
