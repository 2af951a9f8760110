import Testing
import UnrollTestSupport

@Suite struct ScreenDifferenceTests {
    @Test func sameScreensHaveNoDifference() {
        #expect(ScreenDifference(expected: ["ab", "cd"], actual: ["ab", "cd"]) == nil)
    }

    @Test func theFirstDifferenceIsNamedByColumnAndRow() throws {
        let d = try #require(ScreenDifference(expected: ["ab", "cd", "ef"], actual: ["ab", "cx", "ey"]))
        #expect((d.x, d.y, d.expected, d.actual) == (1, 1, "d", "x"))
        #expect(d.others == 1)
        #expect(d.description.hasPrefix("at (1, 1): expected 'd', got 'x' (and 1 other cell)\n"))
        #expect(d.listing.contains("≠  1 expected |cd|\n        got |cx|"))
        #expect(d.listing.contains("≠  2 expected |ef|"))
    }

    @Test func aShorterRowOrScreenIsNothing() throws {
        let row = try #require(ScreenDifference(expected: ["abc"], actual: ["ab"]))
        #expect(row.description.hasPrefix("at (2, 0): expected 'c', got nothing\n"))
        let screen = try #require(ScreenDifference(expected: ["a"], actual: ["a", "b"]))
        #expect(screen.description.hasPrefix("at (0, 1): expected nothing, got 'b'\n"))
    }

    @Test func theOtherDifferencesAreCounted() throws {
        // Row 0 differs in two cells, row 1 is two characters longer, row 2 is missing its three.
        let d = try #require(ScreenDifference(expected: ["abcd", "ef", "ghi"], actual: ["axcy", "efgh"]))
        #expect((d.x, d.y, d.others) == (1, 0, 1 + 2 + 3))
        #expect(d.description.hasPrefix("at (1, 0): expected 'b', got 'x' (and 6 other cells)\n"))
    }
}
