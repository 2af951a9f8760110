import ArgumentParser
import Foundation
import UnrollExplorer

/// Where the lessons are: $UNROLL_LESSONS, ./lessons, or the lessons beside the built binary's checkout.
func lessonsDirectory() -> String? {
    var candidates: [String] = []
    if let env = ProcessInfo.processInfo.environment["UNROLL_LESSONS"] { candidates.append(env) }
    candidates.append(FileManager.default.currentDirectoryPath + "/lessons")
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../../lessons").standardized.path)
    candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../../../lessons").standardized.path)
    return candidates.first { path in
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

/// The lesson files of a directory, as (path, text).
func lessonFiles(in directory: String) -> [(path: String, text: String)] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".md") && $0 != "README.md" && $0.first?.isNumber == true }.sorted().compactMap { name in
        let path = directory + "/" + name
        return (try? String(contentsOfFile: path, encoding: .utf8)).map { (path, $0) }
    }
}

/// `unroll lessons`: the course as plain text.
struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lessons", abstract: "List the guided lessons.")

    func run() throws {
        guard let directory = lessonsDirectory() else {
            CommandFailure(message: "no lessons directory found (set UNROLL_LESSONS or run from the checkout)", status: 2).exit()
        }
        let library = LessonLibrary(files: lessonFiles(in: directory))
        for (k, lesson) in library.lessons.enumerated() {
            FileHandleOutput.standardOutput("\(k + 1). \(lesson.title) (\(lesson.id), \(lesson.minutes) min, \(lesson.steps.count) steps)\n")
        }
        for problem in library.problems { FileHandleOutput.standardError(problem.description) }
    }
}

/// `unroll lesson --check FILE...`: validate lesson files.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Validate lesson files (--check); every problem as file:line:col: message."
    )

    @Flag(help: "Check the files and report every problem; exit status 1 when there is any.")
    var check = false

    @Argument(help: "Lesson files.")
    var files: [String] = []

    func run() throws {
        guard check else {
            CommandFailure(message: "opening a lesson needs the lesson runner, which is not built yet; use 'unroll lesson --check FILE...' to validate", status: 2).exit()
        }
        guard !files.isEmpty else { throw ValidationError("give the lesson files to check") }
        var total = 0
        for path in files {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                FileHandleOutput.standardError("\(path):1:1: cannot be read")
                total += 1
                continue
            }
            let (lesson, problems) = LessonParser.parse(text, file: path)
            for p in problems { FileHandleOutput.standardError(p.description) }
            total += problems.count
            if let lesson { FileHandleOutput.standardOutput("\(path): ok, \(lesson.steps.count) steps\n") }
        }
        if total > 0 { Foundation.exit(1) }
    }
}
