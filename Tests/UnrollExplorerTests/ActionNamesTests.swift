import Testing
import UnrollCore
@testable import UnrollExplorer

/// Every action goes to followers and recordings by a name and comes back as itself.
@Suite struct ActionNamesTests {
    /// Reads back what `json` wrote.
    static func readBack(_ action: Action) throws -> Action {
        try Action(json: try JSONParser.parse(action.json.serializedOnOneLine()), field: "action") { _ in nil }
    }

    /// An action named in `json` but left out of the reader's list would go out and be refused by every
    /// follower: whatever a key does on any screen must come back.
    @Test func whatEveryKeyDoesOnEveryScreenComesBack() throws {
        let named: [Key] = [.left, .right, .up, .down, .home, .end, .pageUp, .pageDown, .tab, .backTab, .enter, .escape, .backspace]
        let keys = named + (32...126).map { Key.character(Character(UnicodeScalar(UInt8($0)))) }
            + "abcdefghijklmnopqrstuvwxyz".map { Key.control($0) } + (1...12).map { Key.function($0) }
        var seen = 0
        for screen in Screen.allCases {
            var state = ExplorerState(spec: ExperimentSpec(hidden: 4, length: 10))
            _ = update(&state, .show(screen))
            for key in keys {
                guard let action = KeyBindings.action(for: key, in: state, randomSeed: 7) else { continue }
                seen += 1
                #expect(try Self.readBack(action) == action, "\(key) on \(screen): \(action)")
            }
        }
        #expect(seen > 100)
    }

    @Test func screensGoByNameAndAnUnknownNameIsRefused() throws {
        for screen in Screen.allCases {
            #expect(Screen(name: screen.name) == screen)
            #expect(try Self.readBack(.show(screen)) == .show(screen))
        }
        #expect(Set(Screen.allCases.map(\.name)).count == Screen.allCases.count)
        let bad = try JSONParser.parse(#"{"do":"show","screen":"lobby"}"#)
        #expect(throws: TraceFormatError.self) { try Action(json: bad, field: "line 3") { _ in nil } }
        do {
            _ = try Action(json: bad, field: "line 3") { _ in nil }
        } catch {
            #expect("\(error)".contains("line 3.screen") && "\(error)".contains("unknown screen \"lobby\""), "\(error)")
        }
    }

    /// A lesson's `screen == "…"` reads the same names as streams and snapshots.
    @Test func aLessonNamesTheScreenAsTheStreamDoes() throws {
        for screen in Screen.allCases {
            var state = ExplorerState(spec: ExperimentSpec(hidden: 4, length: 8))
            _ = update(&state, .show(screen))
            let shown = state.screen
            #expect(LiveQuantities.holds(try ConditionParser.parse("screen == \"\(shown.name)\""), in: state), "\(shown)")
            let other = try #require(Screen.allCases.first { $0 != shown })
            #expect(!LiveQuantities.holds(try ConditionParser.parse("screen == \"\(other.name)\""), in: state), "\(shown)")
        }
    }
}
