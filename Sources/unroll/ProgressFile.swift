import Foundation
import UnrollCore
import UnrollExplorer

/// The user's lesson progress: `$XDG_STATE_HOME/unroll/progress.json` (default `~/.local/state/unroll/`).
/// A file that cannot be read as progress is never overwritten: it is moved aside first.
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

    /// The saved progress, and a line for the learner when the file could not be used (short enough for the
    /// home screen: it names the kept copy by its file name, beside `path`). A damaged file (one
    /// that is not JSON, or not progress) is moved to `progress.json.damaged`, or `.damaged.1`, `.damaged.2`,
    /// … when that exists, so no earlier copy is overwritten, and the next save starts a fresh file.
    static func load() -> (progress: LessonProgress, notice: String?) {
        guard let path else { return (LessonProgress(), nil) }
        switch read(path) {
        case let .read(progress): return (progress, nil)
        case .absent: return (LessonProgress(), nil)
        case let .unreadable(reason):
            return (LessonProgress(), "Saved progress cannot be read, so it will not be saved over (\(reason))")
        case let .damaged(reason):
            guard let kept = moveAside(path) else {
                return (LessonProgress(), "Saved progress is damaged and cannot be moved aside, so it will not be saved over (\(reason))")
            }
            let name = kept.split(separator: "/").last.map(String.init) ?? kept
            return (LessonProgress(), "Saved progress was damaged; it is kept as \(name) and lessons start afresh (\(reason))")
        }
    }

    /// Where progress may be saved: nowhere while a file that cannot be read as progress is in the way.
    static var savePath: String? {
        guard let path else { return nil }
        switch read(path) {
        case .read, .absent: return path
        case .damaged, .unreadable: return nil
        }
    }

    private enum Reading {
        case read(LessonProgress)
        case absent
        /// It is there but cannot be opened (permissions): not known to be damaged, so left alone.
        case unreadable(String)
        case damaged(String)
    }

    private static func read(_ path: String) -> Reading {
        let limits = JSONLimits.progressFile
        guard FileManager.default.fileExists(atPath: path) else { return .absent }
        guard FileManager.default.isReadableFile(atPath: path) else { return .unreadable("\(path): cannot be read") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > limits.bytes { return .damaged("it is \(byteCountText(size)), more than \(limits.kind) can be") }
        let bytes: [UInt8]
        do { bytes = try TextFile.readBytes(path, limit: limits.bytes, kind: limits.kind) } catch {
            return .unreadable(error.description)
        }
        do {
            return .read(try LessonProgress(json: try JSONParser.parse(bytes, limits: limits)))
        } catch let error as JSONSyntaxError {
            return .damaged("not JSON at \(error)")
        } catch {
            return .damaged("\(error)")
        }
    }

    /// Moves the file at `path` to the first free `path.damaged`, `path.damaged.1`, …; its new path, or nil.
    /// A hard link claims the name, so a name another process took meanwhile is never replaced.
    private static func moveAside(_ path: String) -> String? {
        for k in 0..<100 {
            let candidate = path + ".damaged" + (k == 0 ? "" : ".\(k)")
            if link(path, candidate) == 0 {
                unlink(path)
                return candidate
            }
            switch errno {
            case EEXIST: continue
            case ENOENT: return FileManager.default.fileExists(atPath: path) ? nil : candidate
            default:
                // A file system without hard links: rename, after checking the name is free.
                guard !FileManager.default.fileExists(atPath: candidate) else { continue }
                return rename(path, candidate) == 0 ? candidate : nil
            }
        }
        return nil
    }
}
