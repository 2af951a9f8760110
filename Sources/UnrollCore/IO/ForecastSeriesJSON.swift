extension ForecastSeries {
    /// The series as a spec's `series` member: the file's name, the columns' names and the raw values (the
    /// target's only when it is another column). The scalings are not written: they follow from the values.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("file", .string(file)), ("column", .string(inputName)), ("inputs", .floats(rawInputs))]
        if !forecastsItsInput { members += [("target", .string(targetName)), ("targets", .floats(rawTargets))] }
        return .object(members)
    }

    /// Reads a series written by `json`; errors name `field`.
    public init(json value: JSONValue, field: String) throws(TraceFormatError) {
        guard case .object = value else { throw TraceFormatError(field: field, "expected an object") }
        let reader = JSONReader(field: field)
        func values(_ name: String) throws(TraceFormatError) -> [Float] {
            let place = field + "." + name
            guard case let .array(items)? = value[name] else {
                throw TraceFormatError(field: place, value[name] == nil ? "missing field" : "expected an array of numbers")
            }
            guard (2...Self.rowLimit).contains(items.count) else {
                throw TraceFormatError(field: place, "has \(items.count) values: a series has 2 to \(Self.rowLimit)")
            }
            var xs: [Float] = []
            xs.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                let x = try floatValue(item, field: "\(place)[\(i)]")
                guard x.isFinite else { throw TraceFormatError(field: "\(place)[\(i)]", "a series value must be finite") }
                xs.append(x)
            }
            return xs
        }
        let file = try reader.child("file").string(value["file"]), column = try reader.child("column").string(value["column"])
        let inputs = try values("inputs")
        var targetName = column, targets = inputs
        if value["target"] != nil || value["targets"] != nil {
            targetName = try reader.child("target").string(value["target"])
            targets = try values("targets")
            guard targets.count == inputs.count else {
                throw TraceFormatError(field: field + ".targets", "has \(targets.count) values where inputs has \(inputs.count)")
            }
        }
        self.init(file: file, inputName: column, targetName: targetName, inputs: inputs, targets: targets)
    }
}
