import CLibXML2
import Foundation

/// Strict XML checks for tests, through libxml2 (FoundationXML accepts malformed XML).
///
/// `XMLWellFormedness.errors(in:)` lists every libxml2 error and warning (well-formedness and
/// namespace errors alike) as `line N: message`; `XMLWellFormedness.parse(_:)` also returns the
/// tree for structural checks. Network access is off (`XML_PARSE_NONET`); nothing is recovered.
enum XMLWellFormedness {
    /// Every libxml2 message for `bytes`; empty when the document is well-formed and
    /// namespace-well-formed.
    static func errors(in bytes: [UInt8]) -> [String] {
        parse(bytes).errors
    }

    /// Parses `bytes`: the tree (nil when libxml2 gives up) and every message.
    static func parse(_ bytes: [UInt8]) -> (document: XMLTree?, errors: [String]) {
        xmlInitParser()
        let sink = ErrorSink()
        let context = Unmanaged.passRetained(sink)
        defer { context.release() }
        // libxml2's error handler is per thread; the parse below runs synchronously on this one.
        xmlSetStructuredErrorFunc(context.toOpaque()) { userData, error in
            guard let userData, let error else { return }
            let sink = Unmanaged<ErrorSink>.fromOpaque(userData).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
            let trimmed = message.hasSuffix("\n") ? String(message.dropLast()) : message
            sink.messages.append("line \(error.pointee.line): \(trimmed)")
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                xmlReadMemory(pointer, Int32(buffer.count), "feed.xml", nil, Int32(XML_PARSE_NONET.rawValue))
            }
        }
        if document == nil && sink.messages.isEmpty { sink.messages.append("libxml2 returned no document") }
        return (document.map(XMLTree.init), sink.messages)
    }

    private final class ErrorSink {
        var messages: [String] = []
    }
}

/// A parsed libxml2 document; frees it when released.
final class XMLTree {
    let document: xmlDocPtr

    init(_ document: xmlDocPtr) { self.document = document }
    deinit { xmlFreeDoc(document) }

    /// The root element.
    var root: XMLElement { XMLElement(node: xmlDocGetRootElement(document)!, tree: self) }
}

/// An element of an ``XMLTree``, namespace-aware.
struct XMLElement {
    let node: xmlNodePtr
    /// Keeps the document alive.
    let tree: XMLTree

    /// The local name: `content` for `media:content`.
    var name: String { String(cString: node.pointee.name) }
    /// The namespace URI, or nil for an element in no namespace.
    var namespaceURI: String? { node.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) } }
    /// The prefix written in the document, if any.
    var prefix: String? { node.pointee.ns.flatMap { $0.pointee.prefix }.map { String(cString: $0) } }

    /// Child elements, in document order.
    var children: [XMLElement] {
        var result: [XMLElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(XMLElement(node: current, tree: tree)) }
            child = current.pointee.next
        }
        return result
    }

    /// Child elements with local name `name` in namespace `namespace` (nil: no namespace).
    func children(_ name: String, namespace: String? = nil) -> [XMLElement] {
        children.filter { $0.name == name && $0.namespaceURI == namespace }
    }

    /// The first such child.
    func child(_ name: String, namespace: String? = nil) -> XMLElement? {
        children(name, namespace: namespace).first
    }

    /// The text content (entities decoded).
    var text: String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { free(content) } // xmlFree is free() unless an app replaces it
        return String(cString: content)
    }

    /// An attribute's value: `namespace` nil for an unprefixed attribute.
    func attribute(_ name: String, namespace: String? = nil) -> String? {
        let value = namespace.map { xmlGetNsProp(node, name, $0) } ?? xmlGetNoNsProp(node, name)
        guard let value else { return nil }
        defer { free(value) }
        return String(cString: value)
    }

    /// The namespaces declared on this element: prefix (nil for the default) → URI.
    var namespaceDeclarations: [String?: String] {
        var result: [String?: String] = [:]
        var ns = node.pointee.nsDef
        while let current = ns {
            result[current.pointee.prefix.map { String(cString: $0) }] = current.pointee.href.map { String(cString: $0) }
            ns = current.pointee.next
        }
        return result
    }

    /// Every descendant element (depth first, document order).
    var descendants: [XMLElement] {
        var result: [XMLElement] = []
        for child in children {
            result.append(child)
            result.append(contentsOf: child.descendants)
        }
        return result
    }
}
