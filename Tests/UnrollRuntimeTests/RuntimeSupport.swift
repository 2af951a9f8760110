import Foundation
import UnrollCore
@testable import UnrollExplorer
@testable import UnrollTerminal

/// The repository's shipped lessons, read as the command does.
enum Course {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../lessons").standardized.path

    static func lessons() throws -> [Lesson] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".md") && $0.first?.isNumber == true }.sorted()
        let files = try names.map { (path: directory + "/" + $0, text: try String(contentsOfFile: directory + "/" + $0, encoding: .utf8)) }
        return LessonLibrary(files: files).lessons
    }
}

/// A session's stream text: the start line, each action at its time, and the end line.
func streamText(from initial: ExplorerState, title: String, actions: [(at: Int, action: Action)], endAt end: Int,
                reason: String = "the teacher quit") -> (text: String, lines: [String]) {
    var state = initial
    var lines = [SessionStream.startLine(initial, title: title)]
    for (at, action) in actions {
        _ = update(&state, action)
        lines.append(SessionStream.line(for: action, after: state, milliseconds: at))
    }
    lines.append(SessionStream.endLine(reason: reason, milliseconds: end))
    return (lines.joined(), lines)
}

/// A fresh directory for one test's files.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "unroll-runtime-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

extension MemoryTerminal {
    /// Keeps the screen as it stands at `milliseconds` (the last frame drawn before then) under `name`.
    func look(at milliseconds: Int, into shots: Shots, _ name: String) {
        at(milliseconds, .run { [unowned self] in shots.screens[name] = self.screen.text })
    }
}

/// Screens kept by name while a runtime runs.
final class Shots {
    var screens: [String: String] = [:]
    subscript(name: String) -> String { screens[name] ?? "(no screen kept as \(name))" }
}
