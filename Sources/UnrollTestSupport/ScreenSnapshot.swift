import Foundation
import Testing
import UnrollExplorer

/// Whole-screen assertions for tests: a canvas against expected lines, or against a reviewed snapshot file
/// kept beside the test.
public enum ScreenSnapshot {
    /// Set to 1 to write every snapshot a test compares with, instead of comparing (then review the diff).
    public static let recordVariable = "UNROLL_RECORD_SNAPSHOTS"

    /// Expects `canvas` to show exactly `expected`, row by row, trailing spaces included.
    public static func expect(_ canvas: Canvas, equals expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        if let difference = ScreenDifference(expected: expected, actual: canvas.lines) {
            Issue.record("\(difference)", sourceLocation: sourceLocation)
        }
    }

    /// Expects `canvas` to match `__Snapshots__/<test file>/<name>.txt` beside the test file. A missing file
    /// is written and the test fails once, so a new screen is always read by someone before it counts;
    /// with UNROLL_RECORD_SNAPSHOTS=1 every file is rewritten.
    public static func expect(_ canvas: Canvas, matches name: String, filePath: String = #filePath,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let url = file(for: name, beside: filePath)
        let actual = canvas.lines.map(withoutTrailingSpaces)
        let recording = ProcessInfo.processInfo.environment[recordVariable] == "1"
        guard !recording, let stored = try? String(contentsOf: url, encoding: .utf8) else {
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try (actual.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            } catch {
                Issue.record("could not write the snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
                return
            }
            if !recording { Issue.record("recorded a new snapshot \(url.path): review it, then run again", sourceLocation: sourceLocation) }
            return
        }
        var expected = stored.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if expected.last == "" { expected.removeLast() }
        if let difference = ScreenDifference(expected: expected, actual: actual) {
            Issue.record("\(name) differs from \(url.lastPathComponent) (\(recordVariable)=1 rewrites it):\n\(difference)",
                         sourceLocation: sourceLocation)
        }
    }

    /// Expects the snapshot folder `group` (beside the test file) to hold no file but those `names` the test
    /// compared with: a screen that no longer exists (a step that shrank to one page) leaves no stale file
    /// for a reviewer to trust. With UNROLL_RECORD_SNAPSHOTS=1 such files are removed.
    public static func expectNoOthers(in group: String, than names: Set<String>, filePath: String = #filePath,
                                      sourceLocation: SourceLocation = #_sourceLocation) {
        let folder = folder(beside: filePath).appendingPathComponent(group)
        let recording = ProcessInfo.processInfo.environment[recordVariable] == "1"
        let stored = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in stored.sorted() where name.hasSuffix(".txt") && !names.contains(group + "/" + name.dropLast(4)) {
            let url = folder.appendingPathComponent(name)
            if recording {
                try? FileManager.default.removeItem(at: url)
            } else {
                Issue.record("\(url.path) is a snapshot no test compares with (\(recordVariable)=1 removes it)", sourceLocation: sourceLocation)
            }
        }
    }

    /// `__Snapshots__/<test file name without .swift>/<name>.txt` in the test file's directory.
    static func file(for name: String, beside filePath: String) -> URL {
        folder(beside: filePath).appendingPathComponent(name + ".txt")
    }

    /// `__Snapshots__/<test file name without .swift>` in the test file's directory.
    static func folder(beside filePath: String) -> URL {
        let test = URL(fileURLWithPath: filePath)
        return test.deletingLastPathComponent().appendingPathComponent("__Snapshots__")
            .appendingPathComponent(test.deletingPathExtension().lastPathComponent)
    }

    private static func withoutTrailingSpaces(_ line: String) -> String {
        var line = Substring(line)
        while line.last == " " { line.removeLast() }
        return String(line)
    }
}
