import Foundation
import Testing
import UnrollCore
@testable import UnrollExplorer

@Suite struct LessonTests {
    static var lessonsDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../lessons").standardized
    }

    static func shipped() throws -> [(String, String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: lessonsDirectory.path)
            .filter { $0.hasSuffix(".md") && $0.first?.isNumber == true }.sorted()
        return try names.map { ($0, try String(contentsOf: lessonsDirectory.appendingPathComponent($0), encoding: .utf8)) }
    }

    @Test func everyShippedLessonPassesTheCheck() throws {
        let files = try Self.shipped()
        #expect(files.count >= 3)
        for (name, text) in files {
            let (lesson, problems) = LessonParser.parse(text, file: name)
            #expect(problems.isEmpty, "\(problems.map(\.description))")
            #expect(lesson != nil)
        }
    }

    /// Keys that complete each step (nil: nothing to do) and keys that must not.
    static let scripts: [String: [(right: String?, wrong: String?)]] = [
        "hidden-state": [(nil, nil), ("Right", "Left"), (nil, nil), ("End", "Right Right"), ("Tab", "Left")],
        "vanishing-gradients": [("End", "Right"), ("b", "Right"), ("End", "Left"), (nil, nil), ("+ + + + + + + + + +", "-"), ("b b End", "b b")],
        "weight-sharing": [(nil, nil), ("Down Down Right Right Esc", "Down Down Right Esc"), (nil, nil)],
        "exploding-gradients": [("End b End", "End b"), (nil, nil), ("k", "b"), (nil, nil)],
        "initialisation": [("End b End", "End b"), ("Down Down Down Down Down Right Right Esc", "Down Down Down Down Right Right Esc"), (nil, nil),
                           ("Up Up Up Up Up Right Down Down Down Down Down Right Esc", "Up Up Up Up Up Right Esc")],
        "gru": [("Right Right Right", "Right"), (nil, nil), ("End b End", "End b"),
                ("Down Down Down Down Down Down Down Right Right Right Right Right Right Esc", "Down Down Down Down Down Down Down Right Right Esc"), (nil, nil)],
        "training": [("R", "Right"), (nil, nil), ("Enter", "Right")],
        "bidirectional": [("End", "Right"), (nil, nil)],
        "state-space": [("End b End", "End b"), ("+ + + + + + + + + +", "-"), (nil, nil), (nil, nil)],
        "transformers": [("End", "Right"), (nil, nil), (nil, nil)],
        "applications": [("t", "Right"), ("t", "Right"), (nil, nil)],
        "lstm": [("Right Right Right Right Right", "Right"), (nil, nil), ("End b End", "End b"), (nil, nil),
                 ("Down Down Down Down Down Down Down Right Right Right Right Right Right Esc", "Down Down Down Down Down Down Down Right Right Esc"),
                 (nil, nil)],
    ]

    @Test func lessonsPlayThroughWithTheRightKeysAndNotTheWrongOnes() throws {
        for (name, text) in try Self.shipped() {
            let lesson = try #require(LessonParser.parse(text, file: name).lesson)
            guard let script = Self.scripts[lesson.id] else { Issue.record("no script for \(lesson.id)"); continue }
            #expect(script.count == lesson.steps.count, "\(lesson.id): script and steps differ")
            var state = ExplorerState(lesson: lesson)
            for (index, step) in lesson.steps.enumerated() where index < script.count {
                state.enter(step)
                if let wrong = script[index].wrong {
                    let passedWrongly = Snapshot.run(try Snapshot.keys(wrong), from: state, trainingSteps: 100).passes(step)
                    #expect(!passedWrongly, "\(lesson.id) step \(index + 1) '\(step.title)' passed with the wrong keys \(wrong)")
                }
                if let right = script[index].right { state = Snapshot.run(try Snapshot.keys(right), from: state, trainingSteps: 100) }
                let passed = state.passes(step)
                #expect(passed, "\(lesson.id) step \(index + 1) '\(step.title)' did not pass")
                if let question = step.question { #expect(question.choices.filter(\.correct).count == 1) }
            }
        }
    }

    /// The corpus under MalformedLessons/: each file gets its expected `file:line:col` message, never a crash.
    @Test func malformedLessonFilesGetFileLineAndColumn() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("MalformedLessons")
        let manifest = try String(contentsOf: directory.appendingPathComponent("EXPECTED.tsv"), encoding: .utf8)
        var count = 0
        for line in manifest.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            let (name, expected) = (parts[0], parts[1])
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let (lesson, problems) = LessonParser.parse(String(decoding: data, as: UTF8.self), file: name)
            #expect(lesson == nil, "\(name) was accepted")
            #expect(problems.contains { $0.description.hasPrefix("\(name):\(expected)") }, "\(name): wanted \(expected), got \(problems.map(\.description))")
            count += 1
        }
        #expect(count >= 15)
    }
}

@Suite struct LessonDocumentationTests {
    /// Every name, function and directive the code accepts is documented for teachers, and the example parses.
    @Test func theReadmeDocumentsTheLanguageAndItsExampleParses() throws {
        let readme = try String(contentsOf: LessonTests.lessonsDirectory.appendingPathComponent("README.md"), encoding: .utf8)
        for name in LiveQuantities.names.map(\.name) { #expect(readme.contains("`\(name)`"), "\(name) is not documented") }
        for function in LiveQuantities.functions.map(\.name) { #expect(readme.contains("`\(function)("), "\(function) is not documented") }
        for key in LessonParser.directiveKeys { #expect(readme.contains("`\(key):"), "\(key) is not documented") }
        let example = try #require(readme.components(separatedBy: "````markdown\n").last?.components(separatedBy: "````").first)
        let (lesson, problems) = LessonParser.parse(example, file: "README example")
        #expect(problems.isEmpty, "\(problems.map(\.description))")
        #expect(lesson?.steps.count == 2)
    }
}
