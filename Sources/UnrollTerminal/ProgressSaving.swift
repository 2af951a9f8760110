import UnrollCore
import UnrollExplorer

/// Saves one lesson's progress into the progress file, keeping every other lesson as the file has it now:
/// another session of the same learner (a second terminal, a second login to a class account) may have
/// saved its lessons since this one started, and writing this session's whole copy would undo them.
enum ProgressSaving {
    /// Puts lesson `id` at `step` with `passed` into the file at `path`; the file's other lessons are kept,
    /// or `fallback`'s when the file is missing or cannot be read as progress. Written atomically: a crash
    /// or a cut connection never leaves half a file.
    static func save(id: String, step: Int, passed: [Bool], to path: String, otherwise fallback: LessonProgress) {
        var progress = (try? read(path)) ?? fallback
        progress.lessons[id] = (step, passed)
        try? TextFile.writeAtomically(progress.json.serialized() + "\n", to: path)
    }

    /// The progress in the file at `path`.
    static func read(_ path: String) throws -> LessonProgress {
        let limits = JSONLimits.progressFile
        return try LessonProgress(json: try JSONParser.parse(try TextFile.readBytes(path, limit: limits.bytes, kind: limits.kind), limits: limits))
    }
}
