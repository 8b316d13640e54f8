/// The fields a template may name, declared by the code that renders it.
///
/// Every page kind declares one schema; a template that names a field its page does not have
/// is an error when the theme is loaded (naming file, line and column), not a silent blank.
/// Schemas also document the fields (`doc`) for `exhibit templates fields` and the README.
package final class TemplateSchema: Sendable {
    /// A name for messages and docs: "image page", "grid item".
    package let name: String
    /// The fields, in declaration order. A ``TemplateObject`` stores values in this order.
    package let fields: [TemplateField]
    /// Field name → position in `fields`.
    package let index: [String: Int]
    /// A value per field, all `.null`: the values of a new ``TemplateObject``, shared until set.
    let nullValues: [TemplateValue]

    package init(_ name: String, _ fields: [TemplateField]) {
        self.name = name
        self.fields = fields
        var index: [String: Int] = [:]
        for (position, field) in fields.enumerated() {
            precondition(index[field.name] == nil, "duplicate field \(field.name) in schema \(name)")
            index[field.name] = position
        }
        self.index = index
        nullValues = Array(repeating: .null, count: fields.count)
    }
}

/// One field of a ``TemplateSchema``.
package struct TemplateField: Sendable {
    package let name: String
    package let kind: TemplateFieldKind
    /// One sentence for the documentation of the field.
    package let doc: String

    package init(_ name: String, _ kind: TemplateFieldKind, _ doc: String) {
        self.name = name
        self.kind = kind
        self.doc = doc
    }
}

/// What a field holds, which decides how a template may use it.
package indirect enum TemplateFieldKind: Sendable {
    /// Text: `{{name}}` HTML-escapes it; `{{{name}}}` writes it raw (only for trusted markup).
    case text
    /// A number, written in decimal.
    case number
    /// A flag, for `{{#flag}}…{{/flag}}` and `{{^flag}}…{{/flag}}`.
    case bool
    /// Optional text: may be `.null`, so `{{#field}}…{{/field}}` shows a block only when present.
    case optionalText
    /// An optional number: may be `.null` (a section shows its block only when present).
    case optionalNumber
    /// A list of objects of the given schema, for `{{#list}}…{{/list}}`.
    case list(TemplateSchema)
    /// A list of texts, for `{{#list}}{{.}}{{/list}}`.
    case textList
    /// A nested object (or `.null`), for `{{object.field}}` and `{{#object}}…{{/object}}`.
    case object(TemplateSchema)
}

/// A value handed to a template.
package enum TemplateValue: Sendable {
    case text(String)
    /// Text whose UTF-8 lives elsewhere for the whole render (the gallery's texts, a page's
    /// scratch space): written like `.text`, without making a string.
    case bytes(TemplateBytes)
    case number(Int)
    case bool(Bool)
    case list([TemplateValue])
    case object(TemplateObject)
    /// Absent: renders nothing, is falsy in sections.
    case null
}

/// UTF-8 borrowed from storage that outlives a render (see ``TemplateValue/bytes(_:)``). Only the
/// library makes them: code that hands one to a template vouches for the storage.
package struct TemplateBytes: @unchecked Sendable {
    let start: UnsafeRawPointer?
    package let count: Int

    init(_ bytes: UnsafeRawBufferPointer) {
        start = bytes.baseAddress
        count = bytes.count
    }

    var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: count) }

    /// The bytes as a string (a copy).
    package var string: String { String(decoding: buffer, as: UTF8.self) }
}

/// The values of one object, in the order of its schema's fields.
package struct TemplateObject: Sendable {
    package let schema: TemplateSchema
    package var values: [TemplateValue]

    /// An object whose fields are all `.null`.
    package init(_ schema: TemplateSchema) {
        self.schema = schema
        self.values = schema.nullValues
    }

    /// An object with all its values, in the order of the schema's fields (no lookup by name:
    /// for objects built on hot paths).
    @inline(__always)
    package init(_ schema: TemplateSchema, values: [TemplateValue]) {
        assert(values.count == schema.fields.count, "\(schema.name) has \(schema.fields.count) fields, not \(values.count)")
        self.schema = schema
        self.values = values
    }

    /// Reads or sets a field by name. Naming a field the schema lacks is a programming error.
    package subscript(field: String) -> TemplateValue {
        get {
            guard let position = schema.index[field] else { preconditionFailure("\(schema.name) has no field \(field)") }
            return values[position]
        }
        set {
            guard let position = schema.index[field] else { preconditionFailure("\(schema.name) has no field \(field)") }
            values[position] = newValue
        }
    }
}

/// A problem in a template, with where it is: `Templates/image.mustache:12:5: unknown field "titel" …`.
package struct TemplateError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The template's name as given to ``TemplateSet`` (its path below the templates folder).
    package var file: String
    /// 1-based line and column of the tag at fault.
    package var line: Int
    package var column: Int
    package var message: String

    package init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    package var description: String { "\(file):\(line):\(column): \(message)" }
}
