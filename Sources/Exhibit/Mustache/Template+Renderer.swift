/// Where a linked instruction finds its value. Plain data: copying it retains nothing.
enum LinkedRef {
    /// The innermost context (`{{.}}`).
    case top
    /// Field `slot` of the innermost context object whose schema has this identity.
    case field(ObjectIdentifier, Int)
    /// A dotted name: slots `paths[start..<start+count]`, the first in the innermost object of the schema.
    case path(ObjectIdentifier, start: Int, count: Int)
    /// Looked up by name at render time (`.renderEmpty` mode): `names[index]`.
    case dynamic(Int)
}

/// One instruction of the linked image. Plain data (no references), so dispatch costs no reference counting.
enum LinkedOp {
    /// Static text: `text[start..<start+count]`.
    case text(start: Int, count: Int)
    case value(LinkedRef, escaped: Bool)
    /// A section; its body is the instructions up to `end`.
    case section(LinkedRef, inverted: Bool, end: Int)
    /// Runs `code[start..<end]` (a partial compiled for this context).
    case call(start: Int, end: Int)
}

/// Runs compiled templates. Immutable: every render owns its context stack and output buffer,
/// so one renderer serves any number of threads.
struct TemplateRenderer: Sendable {
    /// Every program, concatenated.
    private let code: [LinkedOp]
    /// Program index → its range in `code`.
    private let programStarts: [Int]
    /// All static text, UTF-8.
    private let text: [UInt8]
    /// Slots of dotted names.
    private let paths: [Int]
    /// Names looked up at render time (`.renderEmpty` mode only).
    private let names: [[String]]
    /// Keeps the schemas whose identities the code compares alive.
    private let schemas: [TemplateSchema]

    /// Links compiled programs into one flat image.
    init(programs: [[TemplateOp]]) {
        var starts: [Int] = []
        var offset = 0
        for program in programs {
            starts.append(offset)
            offset += program.count
        }
        starts.append(offset)
        var code: [LinkedOp] = []
        code.reserveCapacity(offset)
        var text: [UInt8] = []
        var paths: [Int] = []
        var names: [[String]] = []
        var schemas: [ObjectIdentifier: TemplateSchema] = [:]

        func link(_ ref: TemplateValueRef) -> LinkedRef {
            switch ref {
            case .top:
                return .top
            case .field(let schema, let slot):
                schemas[ObjectIdentifier(schema)] = schema
                return .field(ObjectIdentifier(schema), slot)
            case .path(let schema, let slots):
                schemas[ObjectIdentifier(schema)] = schema
                let start = paths.count
                paths.append(contentsOf: slots)
                return .path(ObjectIdentifier(schema), start: start, count: slots.count)
            case .dynamic(let segments):
                names.append(segments)
                return .dynamic(names.count - 1)
            }
        }

        for (index, program) in programs.enumerated() {
            let base = starts[index]
            for op in program {
                switch op {
                case .text(let bytes):
                    code.append(.text(start: text.count, count: bytes.count))
                    text.append(contentsOf: bytes)
                case .value(let ref, let escaped):
                    code.append(.value(link(ref), escaped: escaped))
                case .section(let ref, let inverted, let end):
                    code.append(.section(link(ref), inverted: inverted, end: base + end))
                case .call(let callee):
                    code.append(.call(start: starts[callee], end: starts[callee + 1]))
                }
            }
        }
        self.code = code
        self.programStarts = starts
        self.text = text
        self.paths = paths
        self.names = names
        self.schemas = schemas.values.sorted { ObjectIdentifier($0) < ObjectIdentifier($1) }
    }

    /// The number of linked programs (pages plus partial expansions).
    var programCount: Int { programStarts.count - 1 }

    func render(_ program: Int, root: TemplateValue, into buffer: inout [UInt8]) {
        var writer = ByteWriter(capacity: 16 * 1024)
        defer { writer.deallocate() }
        var frames: [Frame] = []
        frames.reserveCapacity(16)
        withUnsafePointer(to: root) { root in
            frames.append(Frame(root))
            code.withUnsafeBufferPointer { code in
                text.withUnsafeBufferPointer { text in
                    paths.withUnsafeBufferPointer { paths in
                        let image = Image(code: code, text: text, paths: paths, names: names)
                        image.run(programStarts[program]..<programStarts[program + 1], frames: &frames, into: &writer)
                    }
                }
            }
        }
        buffer.append(contentsOf: writer.bytes)
    }

    /// One level of the context stack during a render: pointers into the caller's values (which
    /// outlive the render), so pushing and looking up retain nothing.
    private struct Frame {
        /// The value itself (for `{{.}}` and name lookups in `.renderEmpty` mode).
        let value: UnsafePointer<TemplateValue>
        /// The schema's identity when the value is an object.
        let schema: ObjectIdentifier?
        /// The object's field values, in schema order.
        let fields: UnsafePointer<TemplateValue>?

        @inline(__always)
        init(_ value: UnsafePointer<TemplateValue>) {
            self.value = value
            if case .object(let object) = value.pointee {
                schema = ObjectIdentifier(object.schema)
                // The object's storage is owned by `value`, which outlives this frame.
                fields = object.values.withUnsafeBufferPointer { $0.baseAddress }
            } else {
                schema = nil
                fields = nil
            }
        }
    }

    /// Borrowed views of the renderer's arrays for one render.
    private struct Image {
        let code: UnsafeBufferPointer<LinkedOp>
        let text: UnsafeBufferPointer<UInt8>
        let paths: UnsafeBufferPointer<Int>
        let names: [[String]]

        func run(_ range: Range<Int>, frames: inout [Frame], into buffer: inout ByteWriter) {
            var index = range.lowerBound
            while index < range.upperBound {
                switch code[index] {
                case .text(let start, let count):
                    buffer.append(text.baseAddress! + start, count: count)
                    index += 1
                case .value(let ref, let escaped):
                    if let value = lookup(ref, in: frames) {
                        TemplateRenderer.write(value, escaped: escaped, into: &buffer)
                    }
                    index += 1
                case .section(let ref, let inverted, let end):
                    let value = lookup(ref, in: frames)
                    if inverted {
                        if value == nil || !TemplateRenderer.isTruthy(value!.pointee) {
                            run((index + 1)..<end, frames: &frames, into: &buffer)
                        }
                    } else if let value {
                        if case .list(let items) = value.pointee {
                            items.withUnsafeBufferPointer { items in
                                for item in items.indices {
                                    frames.append(Frame(items.baseAddress! + item))
                                    run((index + 1)..<end, frames: &frames, into: &buffer)
                                    frames.removeLast()
                                }
                            }
                        } else if TemplateRenderer.isTruthy(value.pointee) {
                            frames.append(Frame(value))
                            run((index + 1)..<end, frames: &frames, into: &buffer)
                            frames.removeLast()
                        }
                    }
                    index = end
                case .call(let start, let end):
                    run(start..<end, frames: &frames, into: &buffer)
                    index += 1
                }
            }
        }

        /// A pointer to the value `ref` names, or nil when it is missing.
        @inline(__always)
        func lookup(_ ref: LinkedRef, in frames: [Frame]) -> UnsafePointer<TemplateValue>? {
            switch ref {
            case .top:
                return frames[frames.count - 1].value
            case .field(let schema, let slot):
                var index = frames.count - 1
                while index >= 0 {
                    if frames[index].schema == schema { return frames[index].fields! + slot }
                    index -= 1
                }
                return nil
            case .path(let schema, let start, let count):
                var index = frames.count - 1
                while index >= 0 {
                    if frames[index].schema == schema {
                        var value = frames[index].fields! + paths[start]
                        for slot in paths[(start + 1)..<(start + count)] {
                            guard let fields = Frame(value).fields else { return nil }
                            value = fields + slot
                        }
                        return value
                    }
                    index -= 1
                }
                return nil
            case .dynamic(let nameIndex):
                let names = self.names[nameIndex]
                var index = frames.count - 1
                while index >= 0 {
                    if case .object(let object) = frames[index].value.pointee, let slot = object.schema.index[names[0]] {
                        var value = frames[index].fields! + slot
                        for name in names.dropFirst() {
                            guard case .object(let inner) = value.pointee, let innerSlot = inner.schema.index[name] else { return nil }
                            value = Frame(value).fields! + innerSlot
                        }
                        return value
                    }
                    index -= 1
                }
                return nil
            }
        }
    }

    /// Falsy: null, false, an empty list, an empty text.
    static func isTruthy(_ value: TemplateValue) -> Bool {
        switch value {
        case .null: return false
        case .bool(let flag): return flag
        case .list(let items): return !items.isEmpty
        case .text(let text): return !text.isEmpty
        case .bytes(let bytes): return bytes.count > 0
        case .number, .object: return true
        }
    }

    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)

    @inline(__always)
    static func write(_ value: UnsafePointer<TemplateValue>, escaped: Bool, into buffer: inout ByteWriter) {
        switch value.pointee {
        case .text(let text):
            if escaped { Escape.appendHTML(text, to: &buffer) } else { buffer.appendRaw(text) }
        case .bytes(let bytes):
            let typed = bytes.buffer.uint8
            if escaped { Escape.appendHTML(typed, to: &buffer) } else { buffer.append(typed) }
        case .number(let number):
            buffer.appendDecimal(number)
        case .bool(let flag):
            (flag ? trueBytes : falseBytes).withUnsafeBufferPointer { buffer.append($0) }
        case .null, .list, .object:
            break
        }
    }
}
