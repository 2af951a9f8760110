import Foundation
import Testing
import UnrollCore
import UnrollTestSupport
@testable import UnrollExplorer

/// Every step of every shipped lesson as the learner sees it at 80x24, in UTF-8 and in ASCII, as it begins
/// and once its keys and answer are in, every page of its text: compared with reviewed snapshot files, and
/// checked to hold every word of the step and the panels it names.
@Suite struct LessonScreenTests {
    static let themes: [(name: String, theme: Theme)] = [("utf8", .plainUnicode), ("ascii", .plainASCII)]

    /// Text that marks each explorer panel as drawn.
    static func marker(_ panel: LessonPanel, _ theme: Theme) -> String? {
        let text: String? = switch panel {
        case .timeline: "t     "
        // The heatmap's title: the layer's symbol (h, c, Δ, …), two spaces, the selected unit.
        case .hidden: "  u"
        case .gradient: "‖∂L/∂hₜ‖ "
        case .step: "Step t="
        // The triangle's title, ‖∂hₜ/∂hₖ‖'s or attention's map's.
        case .sources: "  rows t ↓"
        case .settings: "Settings:"
        case .training: nil
        case .unrolled: "Unrolled "
        case .scan: "round "
        case .stream: "Stream: "
        }
        return text.map { String(theme.displayable($0)) }
    }

    /// The words a learner must be able to read in a step: its title, prose, question and choices.
    static func words(_ step: LessonStep, _ theme: Theme) -> [String] {
        let texts = [step.title, step.prose] + (step.question.map { [$0.prompt] + $0.choices.map(\.text) } ?? [])
        return texts.flatMap { String(theme.displayable(MarkdownText.plain($0))).split(whereSeparator: \.isWhitespace).map(String.init) }
    }

    @Test(arguments: LessonTests.shippedNames)
    func everyStepReadsWholeAt80x24(name: String) throws {
        let text = try String(contentsOf: LessonTests.lessonsDirectory.appendingPathComponent(name), encoding: .utf8)
        let lesson = try #require(LessonParser.parse(text, file: name).lesson)
        let id = String(name.dropLast(3))
        var compared = Set<String>()
        _ = LessonPlaythrough.problems(lesson, trainingSteps: 100) { index, entry, done in
            let step = lesson.steps[index]
            for (moment, state) in [("begin", entry), ("done", done)] {
                for (themeName, theme) in Self.themes {
                    let pages = LessonPaneView.pages(state, width: 80, height: 24, theme: theme)
                    var shown = ""
                    for page in 0..<pages {
                        var paged = state
                        paged.lessonSession?.page = page
                        let canvas = KeyScript.render(paged, width: 80, height: 24, theme: theme)
                        let snapshot = "\(id)/step\(index + 1)-\(moment)-\(themeName)-page\(page + 1)"
                        ScreenSnapshot.expect(canvas, matches: snapshot)
                        compared.insert(snapshot)
                        // The pane: the columns right of its border.
                        let pane = LessonLayout(width: 80, height: 24).pane
                        shown += canvas.lines.map { String(Array($0).dropFirst(pane.x).prefix(pane.width)) }.joined(separator: " ") + " "
                        if page == 0 && moment == "begin" {
                            for panel in step.panels {
                                guard let marker = Self.marker(panel, theme) else { continue }
                                #expect(canvas.text.contains(marker), "\(id) step \(index + 1) \(moment) \(themeName): the \(panel) panel is not on screen")
                            }
                        }
                    }
                    let joined = shown.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    for word in Self.words(step, theme) where !joined.contains(word) && !joined.replacingOccurrences(of: " ", with: "").contains(word) {
                        Issue.record("\(id) step \(index + 1) \(moment) \(themeName): '\(word)' is not in the pane on any page")
                    }
                }
            }
        }
        ScreenSnapshot.expectNoOthers(in: id, than: compared)
    }
}
