extension Float {
    /// The shortest decimal that reads back as this float, or `nan`, `inf`, `-inf`: how traces and streams
    /// write a number.
    public var roundTripText: String { isNaN ? "nan" : isInfinite ? (self < 0 ? "-inf" : "inf") : description }
}
