import UnrollCore

extension Screen {
    /// The screen's name in recordings, shares and state snapshots.
    public var name: String {
        switch self {
        case .main: "main"
        case .sources: "sources"
        case .help: "help"
        case .settings: "settings"
        case .training: "training"
        case .home: "home"
        case .unrolled: "unrolled"
        case .scan: "scan"
        case .stream: "stream"
        }
    }

    /// The screen called `name`, or nil.
    public init?(name: String) {
        guard let screen = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = screen
    }

    /// The screen a stream or a snapshot names at `field`; an unknown name is refused with the name.
    init(json: JSONValue?, field: String) throws(TraceFormatError) {
        let name = try JSONReader(field: field).string(json)
        guard let screen = Screen(name: name) else { throw TraceFormatError(field: field, "unknown screen \"\(InputText.excerpt(name))\"") }
        self = screen
    }
}
