import Foundation

/// The real data Unroll ships (see `Datasets/SOURCES.md`), read from the module's resources. The only file
/// besides trace I/O that uses Foundation.
public enum Datasets {
    /// Yearly sunspot numbers, 1700–2008.
    public static let sunspots: [Float] = {
        guard let text = resource("sunspots", "csv") else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            line.split(separator: ",").last.flatMap { Float($0.trimmingCharacters(in: .whitespaces)) }
        }
    }()

    /// Genesis 1–15 (King James Version) as plain ASCII text.
    public static let genesis: String = resource("genesis", "txt") ?? ""

    private static func resource(_ name: String, _ ext: String) -> String? {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Datasets") else { return nil }
        return try? String(contentsOf: url, encoding: .utf8)
    }
}
