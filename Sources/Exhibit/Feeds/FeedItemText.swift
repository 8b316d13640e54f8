/// The words of a feed item derived from an image: its title and the media type of its file.
enum FeedItemText {
    /// Longest title, in characters, before it is cut at a word boundary and ends with "…".
    static let titleLimit = 80

    /// A meaningful title: the first line of the description (characters XML forbids dropped,
    /// whitespace trimmed), cut at a word boundary to about 80 characters with "…";
    /// `untitled` (`Photo by NAME` in the site's language) when the description has no usable
    /// first line.
    static func title(description: UnsafeRawBufferPointer, untitled: @autoclosure () -> String) -> String {
        if let plain = plainFirstLine(description.uint8) { return plain }
        return title(description: description.utf8String, untitled: untitled())
    }

    static func title(description: String, untitled: @autoclosure () -> String) -> String {
        var description = description
        if let plain = description.withUTF8({ plainFirstLine($0) }) { return plain }
        var line = ""
        for scalar in description.unicodeScalars {
            if scalar == "\n" || scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{85}" {
                if line.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) { break }
                line = ""
                continue
            }
            if isKept(scalar) { line.unicodeScalars.append(scalar) }
        }
        let trimmed = trim(line)
        guard !trimmed.isEmpty else { return untitled() }
        if trimmed.utf8.count <= titleLimit || trimmed.count <= titleLimit { return trimmed }
        let head = trimmed.prefix(titleLimit - 1)
        var cut = head.endIndex
        if let space = head.lastIndex(where: { $0.isWhitespace }), head.distance(from: head.startIndex, to: space) >= titleLimit / 2 {
            cut = space
        }
        var result = String(head[..<cut])
        while let last = result.last, last.isWhitespace || last == "," || last == ";" || last == ":" || last == "-" {
            result.removeLast()
        }
        return result + "…"
    }

    /// The first line as it is, when it is short and needs no cleaning or trimming (the common
    /// case, checked on bytes); nil sends ``title(description:untitled:)`` the careful way.
    private static func plainFirstLine(_ utf8: UnsafeBufferPointer<UInt8>) -> String? {
        var length = 0
        var last: UInt8 = 0
        for byte in utf8 {
            if byte == 0x0A || byte == 0x0D { break }
            // Controls, and lead bytes of C1 controls, NBSP, U+2028/9 and other spaces, U+FFFE…
            if byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE1 || byte == 0xE2 || byte == 0xE3 || byte == 0xEF {
                return nil
            }
            length += 1
            if length > titleLimit { return nil }
            last = byte
        }
        guard length > 0, utf8.first != 0x20, last != 0x20 else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: utf8[..<length]), as: UTF8.self)
    }

    /// True for a scalar feeds keep: the rule of ``FeedBytes`` (XML-forbidden and C1 characters dropped).
    @inline(__always)
    static func isKept(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch value {
        case 0x9, 0xA, 0xD: return true
        case 0x00 ..< 0x20, 0x7F ... 0x9F: return false
        case 0xFDD0 ... 0xFDEF, 0xFFFE, 0xFFFF: return false
        default: return Escape.isXMLCharacter(value)
        }
    }

    private static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first ... last])
    }

    /// The MIME type of an image from its URL's file extension (query and fragment ignored);
    /// nil when the extension is unknown.
    static func mediaType(ofURL url: String) -> String? {
        var url = url
        return url.withUTF8 { mediaType(ofURL: UnsafeRawBufferPointer($0)) }
    }

    static func mediaType(ofURL url: UnsafeRawBufferPointer) -> String? {
        do {
            let bytes = url.uint8
            var end = bytes.count
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") {
                end = index
                break
            }
            // The extension: after the last "." of the last path segment, 3 or 4 ASCII bytes.
            var dot = -1
            var index = end - 1
            while index >= 0 {
                let byte = bytes[index]
                if byte == UInt8(ascii: "/") { break }
                if byte == UInt8(ascii: ".") { dot = index; break }
                index -= 1
            }
            guard dot >= 0 else { return nil }
            var slash = dot - 1
            while slash >= 0 && bytes[slash] != UInt8(ascii: "/") { slash -= 1 }
            guard slash >= 0 else { return nil }
            let length = end - dot - 1
            guard length >= 3, length <= 4 else { return nil }
            // The length above bit 32, then the lowercased bytes: "jpg" is 0x3_006A_7067.
            var key = UInt64(length) << 32
            for offset in 1 ... length {
                let byte = bytes[dot + offset]
                guard byte < 0x80 else { return nil }
                key |= UInt64(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte) << (8 * UInt64(length - offset))
            }
            switch key {
            case 0x3_006A_7067, 0x4_6A70_6567: return "image/jpeg" // jpg, jpeg
            case 0x3_0070_6E67: return "image/png"
            case 0x4_7765_6270: return "image/webp"
            case 0x3_0067_6966: return "image/gif"
            case 0x4_6176_6966: return "image/avif"
            default: return nil
            }
        }
    }

    /// True when `url` starts with `http://` or `https://` (any case).
    static func isWebURL(_ url: String) -> Bool {
        // "http" then ":" or "s:", then "//", any case, compared byte by byte (no arrays).
        var bytes = url.utf8.makeIterator()
        for expected in "http".utf8 {
            guard let byte = bytes.next(), byte | 0x20 == expected else { return false }
        }
        var next = bytes.next()
        if let byte = next, byte | 0x20 == UInt8(ascii: "s") { next = bytes.next() }
        return next == UInt8(ascii: ":") && bytes.next() == UInt8(ascii: "/") && bytes.next() == UInt8(ascii: "/")
    }
}
