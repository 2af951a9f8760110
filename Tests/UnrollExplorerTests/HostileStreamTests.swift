import Testing
import UnrollCore
@testable import UnrollExplorer

/// What a hostile teacher or a damaged recording can put in a session stream: times and indices out of
/// range, control characters in text, lines past any size. Each is refused or made harmless.
@Suite struct HostileStreamTests {
    static func start(_ spec: ExperimentSpec = ExperimentSpec(cell: .gru, hidden: 3, length: 5)) -> String {
        String(SessionStream.startLine(ExplorerState(spec: spec), title: "x").dropLast())
    }

    @Test func timesOutOfRangeAreRefusedWithTheField() throws {
        for bad in ["9223372036854775807", "-1", "1.5", "1e400", "\"5\"", "99999999999999999999999"] {
            var mirror = SessionMirror()
            _ = try mirror.apply(line: Self.start())
            do {
                _ = try mirror.apply(line: "{\"t\":\(bad),\"kind\":\"action\",\"action\":{\"do\":\"step_forward\"}}")
                Issue.record("t = \(bad) was accepted")
            } catch {
                #expect(error.field == "t", "\(bad): \(error)")
            }
        }
        var mirror = SessionMirror()
        _ = try mirror.apply(line: Self.start())
        _ = try mirror.apply(line: "{\"t\":\(SessionStream.latestMilliseconds),\"kind\":\"action\",\"action\":{\"do\":\"step_forward\"}}")
        #expect(mirror.milliseconds == SessionStream.latestMilliseconds)
    }

    @Test func aRecordingWithATimeOfIntMaxIsRefusedWhereItSaysSo() {
        let text = Self.start() + "\n{\"t\":9223372036854775807,\"kind\":\"action\",\"action\":{\"do\":\"step_forward\"}}\n"
        #expect(throws: RecordingProblem(file: "big.unroll", line: 2,
                                         message: "t: expected whole milliseconds from 0 to \(SessionStream.latestMilliseconds)")) {
            try SessionRecording(text: text, file: "big.unroll")
        }
        // The latest time allowed seeks anywhere without overflow.
        let fine = Self.start() + "\n{\"t\":\(SessionStream.latestMilliseconds),\"kind\":\"action\",\"action\":{\"do\":\"step_forward\"}}\n"
        let recording = try? SessionRecording(text: fine, file: "fine.unroll")
        #expect(recording?.times == [0, SessionStream.latestMilliseconds])
        #expect(recording?.index(atMilliseconds: .max) == 1 && recording?.index(atMilliseconds: .min) == 0)
    }

    @Test func aLessonAnswerOrHomeCursorOutOfRangeCannotCrashTheMirror() throws {
        let library = try ProgressAndHomeTests.library()
        let (lessonIndex, stepIndex) = try #require(library.indices.lazy.compactMap { l in
            library[l].steps.firstIndex { $0.question != nil }.map { (l, $0) }
        }.first)
        var state = ExplorerState(lesson: library[lessonIndex])
        state.lessonSession = LessonSession(lesson: library[lessonIndex], startAt: stepIndex)
        let line = SessionStream.startLine(state, title: "x").dropLast()
        #expect(line.contains("\"hints_shown\":0"))
        var mirror = SessionMirror()
        do {
            _ = try mirror.apply(line: line.replacingOccurrences(of: "\"hints_shown\":0", with: "\"hints_shown\":0,\"answer\":99"))
            Issue.record("an answer past the step's choices was accepted")
        } catch {
            #expect(error.field == "state.lesson.answer")
        }
        // A home cursor far past the menu is brought back to its last item, and moving on from there is safe.
        var home = ExplorerState(spec: ExperimentSpec(cell: .gru, hidden: 3, length: 5))
        home.library = library
        home.screen = .home
        home.underlyingScreen = .home
        let homeLine = SessionStream.startLine(home, title: "x").dropLast()
        #expect(homeLine.contains("\"home_cursor\":0"))
        _ = try mirror.apply(line: homeLine.replacingOccurrences(of: "\"home_cursor\":0", with: "\"home_cursor\":9223372036854775807"))
        let items = try #require(mirror.state).homeMenu.count
        #expect(mirror.state?.homeCursor == items - 1)
        _ = try mirror.apply(line: "{\"t\":1,\"kind\":\"action\",\"action\":{\"do\":\"home_down\"}}")
        #expect(mirror.state?.homeCursor == items - 1)
    }

    @Test func linesAreCutAsTheyArriveAndAnOverlongOneIsRefusedAtOnce() {
        var buffer = LineBuffer(longestLine: 10)
        #expect(buffer.append(Array("ab".utf8)[...]).isEmpty)
        #expect(buffer.append(Array("c\nde\n\nf".utf8)[...]) == ["abc", "de", ""])
        #expect(buffer.append(Array("gh\n".utf8)[...]) == ["fgh"])
        #expect(buffer.append(Array("0123456789\n".utf8)[...]) == ["0123456789"], "exactly the limit is a line")
        // Past the limit, in pieces: refused when it passes, and nothing more is taken.
        #expect(buffer.append(Array("12345".utf8)[...]).isEmpty && !buffer.overlong)
        #expect(buffer.append(Array("ok\n123456".utf8)[...]) == ["12345ok"] && !buffer.overlong)
        #expect(buffer.append(Array("78901".utf8)[...]).isEmpty && buffer.overlong)
        #expect(buffer.append(Array("\nnext\n".utf8)[...]).isEmpty)
        // Lines before the overlong one in the same chunk still count.
        var other = LineBuffer(longestLine: 4)
        #expect(other.append(Array("one\ntoo long\nx\n".utf8)[...]) == ["one"] && other.overlong)
    }

    @Test func controlCharactersNeverReachACanvasOrAMessage() {
        let hostile = "\u{1b}]0;pwned\u{07}\u{1b}[2J\r\n\u{9b}31m\u{7f}ok"
        var canvas = Canvas(width: 30, height: 1, theme: .plainUnicode)
        canvas.text(0, 0, hostile)
        canvas[29, 0] = CanvasCell(glyph: "\u{1b}", style: .normal)
        #expect(canvas.lines == ["?]0;pwned??[2J???31m?ok      ?"])
        #expect(TerminalText.sanitized(hostile) == "?]0;pwned??[2J???31m?ok")
        #expect(TerminalText.sanitized("a\nb\tc\u{1b}", keepingNewlines: true) == "a\nb c?")
        #expect(TerminalText.sanitized(String(repeating: "x", count: 50), limit: 10) == String(repeating: "x", count: 10) + "…")
        #expect(TerminalText.sanitized("∂h/∂t é 日本") == "∂h/∂t é 日本", "printable text is kept as it is")
    }
}
