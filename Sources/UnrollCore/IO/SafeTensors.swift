// The safetensors format, as its specification (huggingface/safetensors) defines it:
//   8 bytes      N, the header's length, an unsigned 64-bit little-endian integer
//   N bytes      a JSON object: for each tensor {"dtype", "shape", "data_offsets": [begin, end]}, and an
//                optional "__metadata__" object of strings; padded with spaces
//   the rest     the tensors' bytes, little-endian, each at its offsets counted from the end of the header,
//                together covering the buffer with no gap and no overlap
// Unroll writes and reads float32 ("F32") tensors only.

/// A named float32 tensor: its shape (outermost first) and its values, row-major.
public struct NamedTensor: Equatable, Sendable {
    /// The tensor's name, e.g. `weight_ih_l0`.
    public var name: String
    /// Its dimensions; a vector has one.
    public var shape: [Int]
    /// ∏ shape values, row-major.
    public var values: [Float]

    /// Creates a tensor; `values.count` must be the product of `shape`.
    public init(name: String, shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "a tensor's values fill its shape")
        self.name = name
        self.shape = shape
        self.values = values
    }
}

/// A safetensors file that cannot be read: what is wrong, and where when one tensor is at fault.
public struct SafeTensorsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public let message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// Reading and writing the safetensors format.
public enum SafeTensors {
    /// The largest header Unroll reads: far more than a network's few dozen tensors need.
    public static let headerLimit = 1 << 20

    /// The file's bytes: `tensors` in the order given, each right after the last, and `metadata` (string
    /// pairs) under `__metadata__`. The header is padded with spaces to a multiple of 8 bytes, so the data
    /// starts aligned.
    public static func encode(_ tensors: [NamedTensor], metadata: [(String, String)] = []) -> [UInt8] {
        var members: [(String, JSONValue)] = []
        if !metadata.isEmpty { members.append(("__metadata__", .object(metadata.map { ($0.0, .string($0.1)) }))) }
        var offset = 0
        for tensor in tensors {
            let end = offset + tensor.values.count * MemoryLayout<Float>.size
            members.append((tensor.name, .object([
                ("dtype", .string("F32")), ("shape", .array(tensor.shape.map(JSONValue.int))),
                ("data_offsets", .array([.int(offset), .int(end)])),
            ])))
            offset = end
        }
        var header = Array(JSONValue.object(members).serializedOnOneLine().utf8)
        while (8 + header.count) % 8 != 0 { header.append(0x20) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header)
        for tensor in tensors {
            for value in tensor.values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        }
        return bytes
    }

    /// The tensors (in the order their bytes lie) and the metadata of a safetensors file, every rule of the
    /// format checked: the header's length within the file, a JSON object, each tensor's dtype, shape and
    /// offsets consistent, the data covered exactly.
    public static func decode(_ bytes: [UInt8]) throws(SafeTensorsError) -> (tensors: [NamedTensor], metadata: [(String, String)]) {
        guard bytes.count >= 8 else {
            throw SafeTensorsError("\(bytes.count) bytes is too short for a safetensors file (its header's length alone takes 8)")
        }
        var length: UInt64 = 0
        for k in 0..<8 { length |= UInt64(bytes[k]) << (8 * UInt64(k)) }
        guard length <= UInt64(bytes.count - 8) else {
            throw SafeTensorsError("the header's length, \(length) bytes, runs past the end of the file (\(bytes.count) bytes)")
        }
        guard length <= UInt64(headerLimit) else {
            throw SafeTensorsError("the header is \(length) bytes; Unroll reads headers of up to \(headerLimit)")
        }
        let headerEnd = 8 + Int(length)
        guard length > 0, bytes[8] == UInt8(ascii: "{") else { throw SafeTensorsError("the header does not start with '{'") }
        let limits = JSONLimits(kind: "a safetensors header", bytes: Int(length), values: 1 << 16, stringBytes: 4096, depth: 4)
        let header: JSONValue
        do { header = try JSONParser.parse(Array(bytes[8..<headerEnd]), limits: limits) } catch {
            throw SafeTensorsError("the header is not JSON: \(error)")
        }
        guard case let .object(members) = header else { throw SafeTensorsError("the header is not a JSON object") }
        let dataCount = bytes.count - headerEnd
        var metadata: [(String, String)] = []
        var entries: [(name: String, shape: [Int], begin: Int, end: Int)] = []
        var seen = Set<String>()
        for (name, value) in members {
            let shown = InputText.excerpt(name)
            guard seen.insert(name).inserted else { throw SafeTensorsError("'\(shown)' is in the header twice") }
            if name == "__metadata__" {
                guard case let .object(pairs) = value else { throw SafeTensorsError("__metadata__ is not an object of strings") }
                for (key, text) in pairs {
                    guard case let .string(s) = text else {
                        throw SafeTensorsError("__metadata__.\(InputText.excerpt(key)) is \(text.kindName), not a string")
                    }
                    metadata.append((key, s))
                }
                continue
            }
            guard case .object = value else { throw SafeTensorsError("tensor '\(shown)': expected an object, found \(value.kindName)") }
            guard case let .string(dtype)? = value["dtype"] else { throw SafeTensorsError("tensor '\(shown)': no dtype") }
            guard dtype == "F32" else {
                throw SafeTensorsError("tensor '\(shown)': dtype \(InputText.excerpt(dtype)) is not read, only F32 (float32)")
            }
            guard case let .array(dimensions)? = value["shape"] else { throw SafeTensorsError("tensor '\(shown)': no shape") }
            var shape: [Int] = [], count = 1, overflowed = false
            for dimension in dimensions {
                guard case let .number(text) = dimension, let n = Int(text), n >= 0 else {
                    throw SafeTensorsError("tensor '\(shown)': a shape holds whole numbers of 0 or more")
                }
                let (product, overflow) = count.multipliedReportingOverflow(by: n)
                overflowed = overflowed || overflow
                shape.append(n)
                count = overflow ? 0 : product
            }
            // A zero anywhere makes an empty tensor, however large the other dimensions.
            if shape.contains(0) { overflowed = false; count = 0 }
            guard !overflowed, count <= dataCount / MemoryLayout<Float>.size else {
                throw SafeTensorsError("tensor '\(shown)': its shape holds more values than the file has bytes for")
            }
            guard case let .array(offsets)? = value["data_offsets"], offsets.count == 2,
                  case let .number(beginText) = offsets[0], case let .number(endText) = offsets[1],
                  let begin = Int(beginText), let end = Int(endText) else {
                throw SafeTensorsError("tensor '\(shown)': data_offsets is not two whole numbers")
            }
            guard 0 <= begin, begin <= end, end <= dataCount else {
                throw SafeTensorsError("tensor '\(shown)': data_offsets [\(begin), \(end)] are outside the \(dataCount) bytes of data")
            }
            guard end - begin == count * MemoryLayout<Float>.size else {
                throw SafeTensorsError("tensor '\(shown)': data_offsets hold \(end - begin) bytes, its shape \(shape) of F32 needs \(count * 4)")
            }
            entries.append((name, shape, begin, end))
        }
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var covered = 0
        for entry in entries {
            guard entry.begin == covered else {
                throw SafeTensorsError(entry.begin > covered
                    ? "the data has a gap: bytes \(covered) to \(entry.begin) belong to no tensor"
                    : "tensor '\(InputText.excerpt(entry.name))' overlaps the tensor before it")
            }
            covered = entry.end
        }
        guard covered == dataCount else {
            throw SafeTensorsError("the data has \(dataCount - covered) bytes past its last tensor")
        }
        let tensors = entries.map { entry -> NamedTensor in
            let start = headerEnd + entry.begin
            let values = (0..<((entry.end - entry.begin) / 4)).map { k -> Float in
                let at = start + 4 * k
                let bits = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
                return Float(bitPattern: bits)
            }
            return NamedTensor(name: entry.name, shape: entry.shape, values: values)
        }
        return (tensors, metadata)
    }
}
