/// A field of a ``TemplateSchema`` resolved once to its position, for code that fills objects on
/// a hot path: `let likes = schema.slot("likeCount")` once, then `object[likes] = .number(n)` —
/// an index store, with no lookup by name and no position written by hand.
///
/// A slot fits every schema whose field at that position has the same name (page schemas share
/// their common fields); debug builds check it on every use.
package struct TemplateSlot: Sendable {
    /// Position in the schema's fields and in an object's values.
    let position: Int
    #if DEBUG
    /// The field's name, checked against the object's schema on use.
    let name: String
    #endif
}

extension TemplateSchema {
    /// The slot of field `name`. Naming a field the schema lacks is a programming error.
    package func slot(_ name: String) -> TemplateSlot {
        guard let position = index[name] else { preconditionFailure("\(self.name) has no field \(name)") }
        #if DEBUG
        return TemplateSlot(position: position, name: name)
        #else
        return TemplateSlot(position: position)
        #endif
    }
}

extension TemplateObject {
    /// Reads or sets the field of `slot` (resolved from this schema, or one sharing the field).
    @inline(__always)
    package subscript(slot: TemplateSlot) -> TemplateValue {
        get {
            assertFits(slot)
            return values[slot.position]
        }
        set {
            assertFits(slot)
            values[slot.position] = newValue
        }
    }

    @inline(__always)
    private func assertFits(_ slot: TemplateSlot) {
        #if DEBUG
        assert(slot.position < schema.fields.count && schema.fields[slot.position].name == slot.name,
               "slot \(slot.name) is not a field of \(schema.name) at \(slot.position)")
        #endif
    }
}
