import Testing
@testable import UnrollExplorer

@Suite struct NumberFormatTests {
    @Test func formatsWithoutTrapping() {
        #expect(NumberFormat.signed(0.5812) == "+0.58")
        #expect(NumberFormat.signed(-0.004) == "+0.00")
        #expect(NumberFormat.signed(-0.006) == "-0.01")
        #expect(NumberFormat.signed(.nan) == "nan")
        #expect(NumberFormat.signed(-.infinity) == "-inf")
        #expect(NumberFormat.fixed(12.345, decimals: 1) == "12.3")
        #expect(NumberFormat.fixed(3e20) == "3e+20")
        #expect(NumberFormat.scientific(3.04e-9) == "3e-09")
        #expect(NumberFormat.scientific(9.96e-3) == "1e-02")
        #expect(NumberFormat.scientific(1234, digits: 2) == "1.2e+03")
        #expect(NumberFormat.scientific(.greatestFiniteMagnitude) == "3e+38")
        #expect(NumberFormat.scientific(.leastNonzeroMagnitude) == "1e-45")
        #expect(NumberFormat.compact(0.005) == "5e-03" && NumberFormat.compact(1.5) == "1.50" && NumberFormat.compact(0) == "0")
    }

    @Test func levelsQuantise() {
        #expect(Levels.signed(0) == 0 && Levels.signed(1) == 4 && Levels.signed(-1) == -4 && Levels.signed(0.3) == 2)
        #expect(Levels.signed(.nan) == 0 && Levels.signed(.infinity) == 4)
        #expect(Levels.magnitude(0.5) == 4 && Levels.magnitude(2) == 8 && Levels.magnitude(-.infinity) == 8)
    }
}
