/// Runs compiled programs. Holds no mutable state: every render owns its stack and buffer.
struct TemplateRenderer: Sendable {
    let programs: [[TemplateOp]]

    func render(_ program: Int, root: TemplateValue, into buffer: inout [UInt8]) {
        var stack: [TemplateValue] = []
        stack.reserveCapacity(16)
        stack.append(root)
        run(programs[program], 0..<programs[program].count, stack: &stack, into: &buffer)
    }

    private func run(_ ops: [TemplateOp], _ range: Range<Int>, stack: inout [TemplateValue], into buffer: inout [UInt8]) {
        var index = range.lowerBound
        while index < range.upperBound {
            switch ops[index] {
            case .text(let bytes):
                buffer.append(contentsOf: bytes)
                index += 1
            case .value(let ref, let escaped):
                Self.write(Self.lookup(ref, in: stack), escaped: escaped, into: &buffer)
                index += 1
            case .section(let ref, let inverted, let end):
                let value = Self.lookup(ref, in: stack)
                if inverted {
                    if !Self.isTruthy(value) { run(ops, (index + 1)..<end, stack: &stack, into: &buffer) }
                } else if case .list(let items) = value {
                    for item in items {
                        stack.append(item)
                        run(ops, (index + 1)..<end, stack: &stack, into: &buffer)
                        stack.removeLast()
                    }
                } else if Self.isTruthy(value) {
                    stack.append(value)
                    run(ops, (index + 1)..<end, stack: &stack, into: &buffer)
                    stack.removeLast()
                }
                index = end
            case .call(let program):
                let callee = programs[program]
                run(callee, 0..<callee.count, stack: &stack, into: &buffer)
                index += 1
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
        case .number, .object: return true
        }
    }

    static func lookup(_ ref: TemplateValueRef, in stack: [TemplateValue]) -> TemplateValue {
        switch ref {
        case .top:
            return stack[stack.count - 1]
        case .field(let schema, let slot):
            var index = stack.count - 1
            while index >= 0 {
                if case .object(let object) = stack[index], object.schema === schema { return object.values[slot] }
                index -= 1
            }
            return .null
        case .path(let schema, let slots):
            var index = stack.count - 1
            while index >= 0 {
                if case .object(let object) = stack[index], object.schema === schema {
                    var value = object.values[slots[0]]
                    for slot in slots.dropFirst() {
                        guard case .object(let inner) = value else { return .null }
                        value = inner.values[slot]
                    }
                    return value
                }
                index -= 1
            }
            return .null
        case .dynamic(let names):
            var index = stack.count - 1
            while index >= 0 {
                if case .object(let object) = stack[index], let slot = object.schema.index[names[0]] {
                    var value = object.values[slot]
                    for name in names.dropFirst() {
                        guard case .object(let inner) = value, let innerSlot = inner.schema.index[name] else { return .null }
                        value = inner.values[innerSlot]
                    }
                    return value
                }
                index -= 1
            }
            return .null
        }
    }

    static func write(_ value: TemplateValue, escaped: Bool, into buffer: inout [UInt8]) {
        switch value {
        case .text(let text):
            if escaped { HTMLEscaping.appendEscaped(text, to: &buffer) } else { HTMLEscaping.appendRaw(text, to: &buffer) }
        case .number(let number):
            HTMLEscaping.appendDecimal(number, to: &buffer)
        case .bool(let flag):
            buffer.append(contentsOf: flag ? Array("true".utf8) : Array("false".utf8))
        case .null, .list, .object:
            break
        }
    }
}
