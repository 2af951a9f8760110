extension Canvas {
    /// Writes the first of `forms` (longest first) that fits in `maxWidth` columns as the theme shows it, or
    /// the last one cut: for a label whose words can give way before its numbers are cut.
    @discardableResult
    mutating func firstFitting(_ x: Int, _ y: Int, _ forms: [String], _ style: Style = .normal, maxWidth: Int) -> Int {
        let chosen = forms.first { DisplayWidth.of(theme.displayable($0)) <= maxWidth } ?? forms.last ?? ""
        return text(x, y, chosen, style, maxWidth: maxWidth)
    }
}
