/// The lines, corners and arrowheads of the unrolled diagram for the glyph set at hand: box drawing in
/// UTF-8, and a drawing made of `+ - | > < ^` where only ASCII shows. Boxes come in three kinds, told apart by
/// their lines as well as their style, since a terminal without colour (and a text snapshot) shows no style.
struct DiagramGlyphs {
    /// The corners and sides of one kind of box.
    struct Frame {
        let topLeft: Character, topRight: Character, bottomLeft: Character, bottomRight: Character
        let horizontal: Character, vertical: Character
    }

    /// A step that has run.
    let box: Frame
    /// The current step.
    let lit: Frame
    /// A step that has not run yet.
    let pending: Frame
    /// An arrow's line, and the dashed line of one whose value does not exist yet.
    let line: Character, dashed: Character
    /// Arrowheads.
    let right: Character, left: Character, up: Character

    static let unicode = DiagramGlyphs(
        box: Frame(topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", horizontal: "─", vertical: "│"),
        lit: Frame(topLeft: "╔", topRight: "╗", bottomLeft: "╚", bottomRight: "╝", horizontal: "═", vertical: "║"),
        pending: Frame(topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", horizontal: "┄", vertical: "┆"),
        line: "─", dashed: "┄", right: "▶", left: "◀", up: "↑")

    static let ascii = DiagramGlyphs(
        box: Frame(topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", horizontal: "-", vertical: "|"),
        lit: Frame(topLeft: "#", topRight: "#", bottomLeft: "#", bottomRight: "#", horizontal: "=", vertical: "#"),
        pending: Frame(topLeft: ".", topRight: ".", bottomLeft: ".", bottomRight: ".", horizontal: ".", vertical: ":"),
        line: "-", dashed: ".", right: ">", left: "<", up: "^")

    /// The glyphs for `theme`.
    static func of(_ theme: Theme) -> DiagramGlyphs { theme.glyphSet == .unicode ? .unicode : .ascii }
}
