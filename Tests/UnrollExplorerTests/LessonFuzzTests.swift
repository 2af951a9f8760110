import Foundation
import Testing
import UnrollCore
@testable import UnrollExplorer

/// `lesson --check` must never crash or hang, whatever the file: mutants of the shipped lessons and of the
/// hostile corpus go through the byte reader and the parser (all of `--check`'s checks), and what parses runs
/// a few steps of the lesson runner and is drawn. Seeded, so a failure names a mutant that can be made again.
@Suite struct LessonFuzzTests {
    /// The seed, and the time for the whole run and the part of it the runner may take (a debug build
    /// computes a lesson's models slowly; the parser gets the rest, a few milliseconds a mutant). For a longer
    /// hunt: UNROLL_FUZZ_SEED=N UNROLL_FUZZ_SECONDS=S swift test --filter LessonFuzzTests.
    static let environment = ProcessInfo.processInfo.environment
    static let seed = environment["UNROLL_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x11E5_5015
    static let seconds = environment["UNROLL_FUZZ_SECONDS"].flatMap { Int($0) }
    static let budget: Duration = .seconds(seconds ?? 7), runnerBudget: Duration = .seconds((seconds ?? 7) * 3 / 7)
    static let maximumMutants = seconds == nil ? 3000 : Int.max

    static func seeds() throws -> [(name: String, bytes: [UInt8])] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let directories = [LessonTests.lessonsDirectory, root.appendingPathComponent("MalformedLessons"),
                           root.appendingPathComponent("../../Fuzz/corpus/lessons").standardized]
        var out: [(String, [UInt8])] = []
        for directory in directories {
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where name.hasSuffix(".md") {
                out.append((name, [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))))
            }
        }
        return out
    }

    static let hostileNumbers = ["1e20", "-1e308", "nan", "inf", "-inf", "1e999", "9223372036854775808", "-9223372036854775809",
                                 "18446744073709551616", "4294967296", "-0", "0", "1e-320", "0x10", "1_000", "0.0000001"]
    static let hostileFragments = ["\u{1B}]0;pwned\u{07}", "\u{1B}[2J", "\u{00}", "\u{9B}", "\u{7F}", "\r", "\r\n", "\t", "&a ", "*a",
                                   "? ", "- ", "[", "{", "|", ">", "!!str ", "\"", "'", "\\", "#", ": ", "```", "```unroll\n", "## ",
                                   "\u{FEFF}", "é", "\u{301}", "\u{202E}", "(", ")", "not ", "-", " and ", " or ", "grad(", "\n"]

    /// One mutation of `bytes`, and what it did.
    static func mutate(_ bytes: [UInt8], with g: inout SeededGenerator, corpus: [[UInt8]]) -> ([UInt8], String) {
        var b = bytes
        func at() -> Int { b.isEmpty ? 0 : Int.random(in: 0...b.count, using: &g) }
        func text(_ s: String) -> [UInt8] { Array(s.utf8) }
        switch Int.random(in: 0..<11, using: &g) {
        case 0:
            for _ in 0..<Int.random(in: 1...8, using: &g) where !b.isEmpty { b[Int.random(in: 0..<b.count, using: &g)] = UInt8.random(in: 0...255, using: &g) }
            return (b, "byte flips")
        case 1:
            return (Array(b.prefix(at())), "truncation")
        case 2:
            let piece = ["(", "not ", "-", "abs(", "[", "{", "  ", "> ", "- "].randomElement(using: &g)!
            let count = [63, 64, 65, 1000, 20_000].randomElement(using: &g)!
            b.insert(contentsOf: text(String(repeating: piece, count: count)), at: at())
            return (b, "nesting of \(count) \(piece.debugDescription)")
        case 3, 4:
            // A hostile number in one numeric field, or in every one.
            let number = hostileNumbers.randomElement(using: &g)!
            let every = Bool.random(using: &g)
            let chars = Array(String(decoding: b, as: UTF8.self))
            let ranges = numbers(in: chars)
            guard !ranges.isEmpty else { return (b, "no number") }
            let chosen = every ? ranges : [ranges.randomElement(using: &g)!]
            var out = chars
            for r in chosen.reversed() { out.replaceSubrange(r, with: Array(number)) }
            return (text(String(out)), "\(number) in \(every ? "every" : "one") numeric field")
        case 5:
            let s = String(decoding: b, as: UTF8.self)
            return (text(s.replacingOccurrences(of: "\n", with: Bool.random(using: &g) ? "\r\n" : "\r")), "CR line endings")
        case 6, 7:
            let fragment = hostileFragments.randomElement(using: &g)!
            b.insert(contentsOf: text(fragment), at: at())
            return (b, "inserted \(fragment.debugDescription)")
        case 8:
            var lines = b.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
            guard !lines.isEmpty else { return (b, "no lines") }
            let i = Int.random(in: 0..<lines.count, using: &g), j = Int.random(in: 0..<lines.count, using: &g)
            switch Int.random(in: 0..<3, using: &g) {
            case 0: lines.insert(lines[i], at: j)
            case 1: lines.remove(at: i)
            default: lines.swapAt(i, j)
            }
            return (Array(lines.joined(separator: [10])), "lines moved")
        case 9:
            let other = corpus.randomElement(using: &g)!.split(separator: 10, omittingEmptySubsequences: false)
            guard let line = other.randomElement(using: &g) else { return (b, "empty splice") }
            b.insert(contentsOf: Array(line) + [10], at: at())
            return (b, "a line of another file")
        default:
            let value = ["((((((((((step == 1))))))))))", "grad(1e20) > 0", String(repeating: "1+", count: 600) + "1 > 0",
                         "step == 1e999", "h(-1) > nan", "gate(\"\u{1B}\", 1) > 0"].randomElement(using: &g)!
            let key = ["wait", "check", "show", "set", "ask", "choice", "choice*", "hint", "focus"].randomElement(using: &g)!
            var s = String(decoding: b, as: UTF8.self)
            if let r = s.range(of: "```unroll\n") { s.insert(contentsOf: "\(key): \(value)\n", at: r.upperBound) }
            return (text(s), "\(key): \(value.prefix(30))")
        }
    }

    /// Where the numbers are: digits with an optional fraction and exponent, not inside a word.
    static func numbers(in chars: [Character]) -> [Range<Int>] {
        var out: [Range<Int>] = [], i = 0
        func digits(_ j: inout Int) { while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 } }
        while i < chars.count {
            let wordBefore = i > 0 && (chars[i - 1].isLetter || chars[i - 1] == "_" || chars[i - 1].isNumber)
            guard chars[i].isASCII, chars[i].isNumber, !wordBefore else { i += 1; continue }
            var j = i
            digits(&j)
            if j + 1 < chars.count, chars[j] == ".", chars[j + 1].isNumber { j += 1; digits(&j) }
            if j + 1 < chars.count, chars[j] == "e" { var k = j + 1; if k < chars.count, chars[k] == "-" { k += 1 }; let e = k; digits(&k); if k > e { j = k } }
            out.append(i..<j)
            i = j
        }
        return out
    }

    /// Keys' actions that a learner would press, the lesson keys among them.
    static let actions: [Action] = [.stepForward, .stepForward, .toEnd, .toggleBackward, .toEnd, .lessonHint, .lessonAnswer(0),
                                    .lessonAnswer(3), .lessonNext, .show(.help), .closeOverlay, .lessonNext, .lessonPrevious,
                                    .scaleRecurrentUp, .lessonNext, .show(.settings), .settingsIncrease, .closeOverlay, .lessonNext]

    @Test func mutatedLessonsNeverCrashOrHang() throws {
        let seeds = try Self.seeds()
        #expect(seeds.count >= 30)
        var g = SeededGenerator(seed: Self.seed)
        let clock = ContinuousClock(), start = clock.now
        var tried = 0, parsed = 0, ran = 0, slowest: Duration = .zero, running: Duration = .zero
        while clock.now - start < Self.budget, tried < Self.maximumMutants {
            let (name, original) = seeds.randomElement(using: &g)!
            var (bytes, what) = Self.mutate(original, with: &g, corpus: seeds.map(\.bytes))
            if Bool.random(using: &g) { (bytes, what) = { let m = Self.mutate(bytes, with: &g, corpus: seeds.map(\.bytes)); return (m.0, what + ", " + m.1) }() }
            tried += 1
            let label = "mutant \(tried) of \(name): \(what)"
            let began = clock.now
            // What `lesson --check` does with a file's bytes.
            let text: String
            switch LessonParser.text(of: bytes, file: name) {
            case let .success(t): text = t
            case let .failure(problem):
                #expect(Self.isOneSafeLine(problem.description), "\(label): \(problem.description.prefix(200))")
                text = String(decoding: bytes, as: UTF8.self)
            }
            let (lesson, problems) = LessonParser.parse(text, file: name)
            for p in problems { #expect(Self.isOneSafeLine(p.description), "\(label): \(p.description.prefix(200))") }
            #expect(problems.count <= LessonParser.maximumProblems + 1, "\(label)")
            #expect((lesson == nil) == !problems.isEmpty, "\(label)")
            if let lesson {
                parsed += 1
                if Self.affordable(lesson), running < Self.runnerBudget {
                    ran += 1
                    let runStart = clock.now
                    defer { running += clock.now - runStart }
                    var state = ExplorerState(lesson: lesson, step: Int.random(in: 0...lesson.steps.count, using: &g))
                    for action in Self.actions { _ = update(&state, action) }
                    let canvas = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode)
                    #expect(!canvas.lines.joined().unicodeScalars.contains(where: TerminalText.isControl), "\(label): drawn with a control character")
                    _ = KeyScript.render(state, width: 30, height: 8, theme: .plainASCII)
                }
            }
            slowest = max(slowest, clock.now - began)
            #expect(clock.now - began < .seconds(2), "\(label) took \(clock.now - began)")
        }
        // Not vacuous: many mutants, some of them still lessons that ran.
        #expect(tried >= 200, "only \(tried) mutants in \(Self.budget)")
        #expect(parsed >= 10 && ran >= 10, "\(parsed) parsed, \(ran) ran of \(tried)")
        print("lesson fuzz, seed \(Self.seed): \(tried) mutants, \(parsed) parsed, \(ran) ran, slowest \(slowest)")
    }

    /// The malformed and hostile corpus as it is: every file refused or run, in bounded time.
    @Test func theCorpusItselfIsRefusedOrRuns() throws {
        for (name, bytes) in try Self.seeds() {
            let text = (try? LessonParser.text(of: bytes, file: name).get()) ?? String(decoding: bytes, as: UTF8.self)
            let (lesson, problems) = LessonParser.parse(text, file: name)
            #expect(lesson != nil || !problems.isEmpty, "\(name)")
            if let lesson, Self.affordable(lesson) {
                var state = ExplorerState(lesson: lesson)
                for action in Self.actions { _ = update(&state, action) }
            }
        }
    }

    static func isOneSafeLine(_ text: String) -> Bool {
        text.count <= 240 && !text.unicodeScalars.contains(where: TerminalText.isControl)
    }

    /// Whether the lesson's models are small enough to compute in a debug build within the budget: larger
    /// models are the size limits' concern, not the reader's, and every size a lesson takes is bounded by
    /// ModelOptionSchema.
    static func affordable(_ lesson: Lesson) -> Bool {
        var hidden = lesson.spec.hidden, length = lesson.spec.length
        for step in lesson.steps {
            for s in step.settings {
                if s.name == "hidden" { hidden = max(hidden, Int(s.value) ?? hidden) }
                if s.name == "length" { length = max(length, Int(s.value) ?? length) }
            }
        }
        return hidden <= 32 && length <= 100
    }
}
