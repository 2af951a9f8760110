import Foundation

/// The committed inputs: `Fuzz/corpus/TARGET/`, one input per file.
public enum FuzzCorpus {
    /// `Fuzz/corpus` of the checkout this target was built from.
    public static var directory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/corpus").standardized.path
    }

    /// The input files at `path`: the file itself, or a directory's files at any depth, in name order,
    /// without READMEs and hidden files.
    public static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [path] }
        guard isDirectory.boolValue else { return [path] }
        let names = (FileManager.default.subpaths(atPath: path) ?? []).sorted()
        return names.filter { name in
            let last = (name as NSString).lastPathComponent
            var sub: ObjCBool = false
            return !last.hasPrefix(".") && !last.hasPrefix("README") && FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &sub) && !sub.boolValue
        }.map { path + "/" + $0 }
    }
}
