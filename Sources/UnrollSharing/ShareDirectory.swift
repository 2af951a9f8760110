import CPlatform
#if canImport(Glibc)
import Glibc
#endif

/// Why a session cannot be shared or followed.
public struct ShareError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Where shared sessions live: one directory per session under a common root, each holding the socket.
/// The session directory's group and mode (0750) decide who may follow: the teacher's group by default,
/// or a class group given with `--share-group`.
public struct ShareDirectory: Sendable {
    /// The root: `$UNROLL_SHARE_DIR`, or `/tmp/unroll-share`.
    public let root: String

    public init(root: String) { self.root = root }

    /// The root the environment names, or the default.
    public static func fromEnvironment() -> ShareDirectory {
        if let value = getenv("UNROLL_SHARE_DIR").map({ String(cString: $0) }), value.hasPrefix("/") { return ShareDirectory(root: value) }
        return ShareDirectory(root: "/tmp/unroll-share")
    }

    /// Whether `name` can name a session: letters, digits, `.`, `_`, `-`, not starting with a dot.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 40 && name.first != "." && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    public func sessionDirectory(_ name: String) -> String { root + "/" + name }
    public func socketPath(_ name: String) -> String { sessionDirectory(name) + "/socket" }

    /// The root is world-writable: anyone can fill it, and the home screen looks every two seconds. At most
    /// this many entries are looked at...
    static let entriesLooked = 4096
    /// ...and this many sessions listed.
    static let sessionsListed = 200

    /// The sessions shared now (those with a socket).
    public func sessions() -> [String] {
        guard let dir = opendir(root) else { return [] }
        defer { closedir(dir) }
        var names: [String] = [], looked = 0
        while names.count < Self.sessionsListed, looked < Self.entriesLooked, let entry = readdir(dir) {
            looked += 1
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            guard Self.isValidName(name) else { continue }
            var info = stat()
            if stat(socketPath(name), &info) == 0, (info.st_mode & S_IFMT) == S_IFSOCK { names.append(name) }
        }
        return names.sorted()
    }

    /// Makes the root (sticky and world-writable, like /tmp) and the session's directory, owned by this
    /// user with `group` (a group name; nil: this user's group) and mode 0750; removes a stale socket.
    /// Returns the socket path to listen on, and the group to give it.
    func prepare(_ name: String, group: String?) throws(ShareError) -> (socket: String, group: gid_t) {
        guard Self.isValidName(name) else {
            throw ShareError("'\(name)' cannot name a session: use letters, digits, '.', '_' and '-' (up to 40)")
        }
        var info = stat()
        if lstat(root, &info) != 0 {
            guard mkdir(root, 0o1777) == 0 || errno == EEXIST else { throw ShareError("cannot create \(root): \(Self.reason())") }
            chmod(root, 0o1777)
        } else {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw ShareError("\(root) is not a directory") }
            let othersWrite = info.st_mode & S_IWOTH != 0, sticky = info.st_mode & S_ISVTX != 0
            guard info.st_uid == 0 || info.st_uid == geteuid() || !othersWrite || sticky else {
                throw ShareError("\(root) is writable by everyone without the sticky bit; remove it or set UNROLL_SHARE_DIR")
            }
        }
        let gid: gid_t
        if let group {
            guard let entry = getgrnam(group) else { throw ShareError("no group named '\(group)'") }
            gid = entry.pointee.gr_gid
        } else {
            gid = getegid()
        }
        let directory = sessionDirectory(name), socket = socketPath(name)
        if lstat(directory, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid() else {
                throw ShareError("the name '\(name)' is taken by \(Self.userName(info.st_uid)); choose another")
            }
            let probe = unroll_unix_connect(socket)
            if probe >= 0 {
                close(probe)
                throw ShareError("'\(name)' is already being shared; choose another name")
            }
            unlink(socket)
        } else if mkdir(directory, 0o750) != 0 {
            throw ShareError("cannot create \(directory): \(Self.reason())")
        }
        guard chown(directory, uid_t.max, gid) == 0 else {
            throw ShareError("cannot give \(directory) to group '\(group ?? String(gid))': \(Self.reason()) (you must be a member)")
        }
        chmod(directory, 0o750)
        return (socket, gid)
    }

    /// Removes the session's socket and directory.
    func remove(_ name: String) {
        unlink(socketPath(name))
        rmdir(sessionDirectory(name))
    }

    static func reason() -> String { String(cString: strerror(errno)) }

    static func userName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid) else { return "user \(uid)" }
        return String(cString: entry.pointee.pw_name)
    }

    static func groupName(_ gid: gid_t) -> String {
        guard let entry = getgrgid(gid) else { return "group \(gid)" }
        return String(cString: entry.pointee.gr_name)
    }
}
