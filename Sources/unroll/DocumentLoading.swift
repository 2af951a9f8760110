import UnrollCore

/// Reads a JSON document (a trace or a checkpoint) and decodes it; any problem ends the command with one
/// line naming the file, the place and what was wrong, and exit status 2.
func loadDocument<T>(_ path: String, _ decode: (JSONValue) throws(TraceFormatError) -> T) -> T {
    let text: String
    do { text = try TextFile.read(path) } catch { CommandFailure(message: error.description, status: 2).exit() }
    let document: JSONValue
    do { document = try JSONParser.parse(text) } catch { CommandFailure(message: "\(path): malformed JSON at \(error)", status: 2).exit() }
    do { return try decode(document) } catch { CommandFailure(message: "\(path): \(error)", status: 2).exit() }
}
