import Foundation
import UnrollCore
import UnrollExplorer

/// The user's lesson progress: `$XDG_STATE_HOME/unroll/progress.json` (default `~/.local/state/unroll/`).
enum ProgressFile {
    static var path: String? {
        let environment = ProcessInfo.processInfo.environment
        let base: String
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            base = state
        } else if let home = environment["HOME"], !home.isEmpty {
            base = home + "/.local/state"
        } else {
            return nil
        }
        let directory = base + "/unroll"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory + "/progress.json"
    }

    /// The saved progress, or none yet.
    static func load() -> LessonProgress {
        let limits = JSONLimits.progressFile
        guard let path, let text = try? TextFile.read(path, limit: limits.bytes, kind: limits.kind),
              let json = try? JSONParser.parse(text, limits: limits) else { return LessonProgress() }
        return LessonProgress(json: json)
    }
}
