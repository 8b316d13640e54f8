/// What the compiler knows about one level of the context stack while checking a template.
enum StaticFrame: Equatable {
    /// An object of a known schema: names resolve to its fields.
    case object(TemplateSchema)
    /// A text (or number): `{{.}}` writes it; it has no fields.
    case scalar
    /// A flag: it has no fields and no value to write.
    case opaque

    static func == (lhs: StaticFrame, rhs: StaticFrame) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)): return a === b
        case (.scalar, .scalar), (.opaque, .opaque): return true
        default: return false
        }
    }
}

/// A name resolved against the schemas: the object schema that declares its first segment, the
/// slots along a dotted path, and the kind of the final field.
struct ResolvedName {
    var schema: TemplateSchema
    var slots: [Int]
    var kind: TemplateFieldKind
}

/// Static name resolution with helpful errors.
enum TemplateChecker {
    /// Resolves `name` (possibly dotted) through `frames`, innermost last, like Mustache lookup.
    static func resolve(_ name: String, in frames: [StaticFrame], file: String, at position: TemplatePosition) throws -> ResolvedName {
        let segments = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !segments.contains(where: \.isEmpty) else {
            throw error(file, position, "bad name \"\(name)\"")
        }
        var found: (TemplateSchema, Int)? = nil
        for frame in frames.reversed() {
            if case .object(let schema) = frame, let slot = schema.index[segments[0]] {
                found = (schema, slot)
                break
            }
        }
        guard let (schema, slot) = found else {
            let candidates = visibleNames(frames)
            var message = "unknown field \"\(segments[0])\" in \(contextName(frames))"
            if let suggestion = suggestion(for: segments[0], among: candidates) {
                message += "; did you mean \"\(suggestion)\"?"
            }
            throw error(file, position, message)
        }
        var kind = schema.fields[slot].kind
        var slots = [slot]
        var path = segments[0]
        for segment in segments.dropFirst() {
            guard case .object(let inner) = kind else {
                throw error(file, position, "\"\(path)\" is \(describe(kind)), not an object: \"\(name)\" cannot name a field of it")
            }
            guard let innerSlot = inner.index[segment] else {
                var message = "unknown field \"\(segment)\" in \(inner.name) (\"\(path)\")"
                if let suggestion = suggestion(for: segment, among: inner.fields.map(\.name)) {
                    message += "; did you mean \"\(suggestion)\"?"
                }
                throw error(file, position, message)
            }
            slots.append(innerSlot)
            kind = inner.fields[innerSlot].kind
            path += "." + segment
        }
        return ResolvedName(schema: schema, slots: slots, kind: kind)
    }

    static func error(_ file: String, _ position: TemplatePosition, _ message: String) -> TemplateError {
        TemplateError(file: file, line: position.line, column: position.column, message: message)
    }

    /// The innermost object schema's name, for messages: "image page".
    static func contextName(_ frames: [StaticFrame]) -> String {
        for frame in frames.reversed() {
            if case .object(let schema) = frame { return schema.name }
        }
        return "this context"
    }

    static func describe(_ kind: TemplateFieldKind) -> String {
        switch kind {
        case .text: return "a text"
        case .number: return "a number"
        case .bool: return "a flag"
        case .optionalText: return "an optional text"
        case .optionalNumber: return "an optional number"
        case .list(let schema): return "a list of \(schema.name)"
        case .textList: return "a list of texts"
        case .object(let schema): return "an object (\(schema.name))"
        }
    }

    private static func visibleNames(_ frames: [StaticFrame]) -> [String] {
        var names: [String] = []
        for frame in frames.reversed() {
            if case .object(let schema) = frame { names.append(contentsOf: schema.fields.map(\.name)) }
        }
        return names
    }

    /// The closest candidate within a small edit distance, if any.
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        let limit = max(1, min(3, name.count / 3))
        // Distance counts a swap of neighbours ("titel" → "title") as one edit.
        var best: (String, Int)? = nil
        for candidate in candidates {
            let distance = editDistance(name, candidate)
            if distance <= limit, best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        return best?.0
    }

    /// Optimal-string-alignment distance over characters (Levenshtein plus adjacent swaps).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = Array(repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
