import CLibXML2
import Foundation
@testable import Exhibit

/// Walks every file of a built site and lists what breaks the hostile-input and privacy rules:
///
/// - HTML (libxml2's HTML parser): no `script` but the theme's (JSON-LD that parses as JSON, and
///   the search page's external `assets/search.HASH.js`), no injected elements (`iframe`, `object`, the
///   probes' `xss-probe`…), no `on*` attribute, no `javascript:`/`data:`/`vbscript:` URL in a
///   URL attribute;
/// - XML (`.xml`, `.atom`) well-formed through libxml2; JSON (`.json`) valid;
/// - every file valid UTF-8 without C0 control characters (other than tab and line breaks) or DEL;
/// - no symbolic link; no marker (case-insensitive) anywhere, hidden files included.
enum HostileSiteInspector {
    struct Problem: CustomStringConvertible {
        var file: String
        var what: String
        var description: String { "\(file): \(what)" }
    }

    /// Every regular file and symbolic link below `root`, hidden ones included, as relative paths.
    static func allFiles(below root: URL) -> [String] {
        let base = root.resolvingSymlinksInPath().path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = base + "/" + relative
            let isLink = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) != nil
            if isLink || (FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) && !isDirectory.boolValue) {
                paths.append(relative)
            }
        }
        return paths.sorted()
    }

    /// The files of a site and their bytes, without Exhibit's own bookkeeping (`.exhibit-*`).
    static func contents(of root: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for path in allFiles(below: root) where !path.hasPrefix(".exhibit-") {
            result[path] = try Data(contentsOf: root.appendingPathComponent(path))
        }
        return result
    }

    /// Every problem in the site at `root`; `markers` are matched case-insensitively in every file.
    static func problems(site root: URL, markers: [String] = []) -> [Problem] {
        var problems: [Problem] = []
        let lowered = markers.map { Array($0.lowercased().utf8) }
        for path in allFiles(below: root) {
            let full = root.appendingPathComponent(path)
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: full.path)) != nil {
                problems.append(Problem(file: path, what: "is a symbolic link"))
                continue
            }
            guard let data = try? Data(contentsOf: full) else {
                problems.append(Problem(file: path, what: "cannot be read"))
                continue
            }
            let bytes = [UInt8](data)
            let lowerBytes = bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
            for (index, marker) in lowered.enumerated() where contains(lowerBytes, marker) {
                problems.append(Problem(file: path, what: "contains the private marker \(markers[index])"))
            }
            if path.hasPrefix("media/") || path.hasPrefix(".exhibit-") { continue } // demo binaries; Exhibit's bookkeeping
            if String(validatingUTF8: bytes.map { CChar(bitPattern: $0) } + [0]) == nil || bytes.contains(0) {
                problems.append(Problem(file: path, what: "is not valid UTF-8 (or holds NUL)"))
            }
            if let bad = bytes.first(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }) {
                problems.append(Problem(file: path, what: "holds the control character 0x\(String(bad, radix: 16))"))
            }
            if path.hasSuffix(".html") {
                problems += htmlProblems(bytes, file: path)
            } else if path.hasSuffix(".xml") || path.hasSuffix(".atom") {
                for error in XMLWellFormedness.errors(in: bytes) { problems.append(Problem(file: path, what: "XML: \(error)")) }
            } else if path.hasSuffix(".json") {
                if (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) == nil {
                    problems.append(Problem(file: path, what: "is not valid JSON"))
                }
            }
        }
        return problems
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// Elements the theme never writes: any of them in a page was injected.
    static let forbiddenElements: Set<String> = ["iframe", "frame", "frameset", "object", "embed", "applet", "math", "base",
                                                 "xss-probe", "marquee", "style", "link-probe", "textarea"]
    /// Attributes holding a URL.
    static let urlAttributes: Set<String> = ["href", "src", "action", "formaction", "poster", "cite", "background", "srcset", "xlink:href", "data"]

    static func htmlProblems(_ bytes: [UInt8], file: String) -> [Problem] {
        xmlInitParser()
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        let document: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), file, "UTF-8", options)
            }
        }
        guard let document else { return [Problem(file: file, what: "libxml2 cannot parse the HTML")] }
        defer { xmlFreeDoc(document) }
        var problems: [Problem] = []
        var sawHTML = false
        func visit(_ node: xmlNodePtr) {
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE {
                    let name = String(cString: current.pointee.name).lowercased()
                    if name == "html" { sawHTML = true }
                    check(current, name: name)
                }
                visit(current)
                child = current.pointee.next
            }
        }
        func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
            guard let value = xmlGetProp(node, name) else { return nil }
            defer { free(value) }
            return String(cString: value)
        }
        func check(_ node: xmlNodePtr, name: String) {
            if forbiddenElements.contains(name) {
                problems.append(Problem(file: file, what: "injected element <\(name)>"))
            }
            if name == "script" {
                let content: String = {
                    guard let raw = xmlNodeGetContent(node) else { return "" }
                    defer { free(raw) }
                    return String(cString: raw)
                }()
                if attribute(node, "type") == "application/ld+json" {
                    if (try? JSONSerialization.jsonObject(with: Data(content.utf8))) == nil {
                        problems.append(Problem(file: file, what: "JSON-LD does not parse: \(content.prefix(200))"))
                    }
                } else if file == "search/index.html", attribute(node, "src").map({ $0.contains("assets/search.") && $0.hasSuffix(".js") }) == true,
                          content.isEmpty {
                    // the theme's search script
                } else {
                    problems.append(Problem(file: file, what: "unexpected <script> \(content.prefix(100))"))
                }
            }
            var property = node.pointee.properties
            while let current = property {
                let attributeName = String(cString: current.pointee.name).lowercased()
                let value: String = {
                    guard let raw = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)) else { return "" }
                    defer { free(raw) }
                    return String(cString: raw)
                }()
                if attributeName.hasPrefix("on") {
                    problems.append(Problem(file: file, what: "event-handler attribute \(attributeName) on <\(name)>"))
                }
                let isURL = urlAttributes.contains(attributeName)
                    || (name == "meta" && attributeName == "content"
                        && ((attribute(node, "property") ?? attribute(node, "name") ?? "").hasSuffix("image")
                            || (attribute(node, "property") ?? attribute(node, "name") ?? "").hasSuffix("url")))
                if isURL && unsafeScheme(value) {
                    problems.append(Problem(file: file, what: "unsafe URL \(attributeName)=\"\(value.prefix(80))\" on <\(name)>"))
                }
                property = current.pointee.next
            }
        }
        visit(UnsafeMutableRawPointer(document).assumingMemoryBound(to: xmlNode.self))
        if !sawHTML { problems.append(Problem(file: file, what: "no <html> element")) }
        return problems
    }

    /// True for a URL a browser would run or inline: `javascript:`, `data:`, `vbscript:`, after
    /// the stripping browsers do (leading spaces and controls, tabs and line breaks anywhere).
    static func unsafeScheme(_ value: String) -> Bool {
        let cleaned = String(value.unicodeScalars.filter { $0.value > 0x20 && $0 != "\u{7F}" }.map(Character.init)).lowercased()
        return cleaned.hasPrefix("javascript:") || cleaned.hasPrefix("data:") || cleaned.hasPrefix("vbscript:")
    }
}
