extension Collection where Element: BinaryFloatingPoint {
    /// The median and the 99th percentile, each the sorted value at the nearest rank (nil when empty).
    public var medianAndP99: (median: Element, p99: Element)? {
        guard !isEmpty else { return nil }
        let sorted = self.sorted()
        func at(_ q: Double) -> Element { sorted[Swift.min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded()))] }
        return (at(0.5), at(0.99))
    }
}
