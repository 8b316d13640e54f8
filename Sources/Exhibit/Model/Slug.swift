import Foundation

/// Grouping keys and slugs of tags and themes (docs/publishing.md).
///
/// - **Spelling**: the tag as written, with control characters removed, whitespace runs
///   collapsed to one space and trimmed.
/// - **Group key**: the spelling in Unicode NFKC, lowercased (Unicode default mapping), NFC again,
///   whitespace collapsed and trimmed. Spellings with the same key are one tag.
/// - **Base slug** (``base(for:)``): the key decomposed (NFD); ASCII letters and digits kept,
///   combining marks dropped (so Latin diacritics fold: `café` → `cafe`), a few Latin letters
///   spelled out (`ß` → `ss`, `æ` → `ae`, `ø` → `o`, `ł` → `l`, …), the symbols `+` `#` `&` `@`
///   spelled out as words (`plus`, `sharp`, `and`, `at`), every other run of characters → one
///   `-`; trimmed of `-` and cut to 80 characters at a word boundary. A key with nothing left
///   (Japanese, emoji) gets `t-` + 16 hex digits of its FNV-1a hash.
/// - **Collisions** (``assign(keys:)``): a group keeps its base slug when no other group has the
///   same base, or when its key *is* the base slug (`cafe` keeps `cafe`, `café` then gets
///   `cafe-` + 8 hex digits of its key's FNV-1a hash). So a slug only changes when a colliding
///   name appears, and never depends on popularity or input order. A base slug that Windows
///   reserves as a file name (`con`, `nul`, `com1`, …) always takes the suffix.
package enum Slug {
    /// Longest base slug, before any disambiguating suffix.
    package static let maximumLength = 80

    /// The displayed spelling of a raw tag or theme; empty when nothing is left.
    package static func spelling(_ raw: String) -> String {
        TextCleaner.singleLine(raw).text
    }

    /// The grouping key of a spelling (see the type's documentation).
    package static func groupKey(_ spelling: String) -> String {
        var ascii = true
        for byte in spelling.utf8 where byte >= 0x80 { ascii = false; break }
        if ascii { return spelling.lowercased() }
        let folded = spelling.precomposedStringWithCompatibilityMapping.lowercased().precomposedStringWithCanonicalMapping
        return TextCleaner.singleLine(folded).text
    }

    private static let letterFolds: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l",
        "ı": "i", "ħ": "h", "ŀ": "l", "ŋ": "ng", "ſ": "s", "ŧ": "t", "ĸ": "q", "ƒ": "f",
    ]
    private static let symbolWords: [Unicode.Scalar: String] = ["+": "plus", "#": "sharp", "&": "and", "@": "at"]

    /// The readable slug of a group key, before collisions are resolved; nil when nothing
    /// readable is left (the caller then uses ``hashed(_:)``).
    package static func readable(_ key: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(key.utf8.count)
        var pendingDash = false
        func word(_ text: String) {
            if pendingDash && !out.isEmpty { out.append(UInt8(ascii: "-")) }
            pendingDash = false
            out.append(contentsOf: text.utf8)
        }
        var ascii = true
        for byte in key.utf8 where byte >= 0x80 { ascii = false; break }
        let scalars = ascii ? key.unicodeScalars : key.decomposedStringWithCanonicalMapping.unicodeScalars
        for scalar in scalars {
            let value = scalar.value
            if (0x61...0x7a).contains(value) || (0x30...0x39).contains(value) {
                if pendingDash && !out.isEmpty { out.append(UInt8(ascii: "-")) }
                pendingDash = false
                out.append(UInt8(value))
            } else if (0x41...0x5a).contains(value) {
                if pendingDash && !out.isEmpty { out.append(UInt8(ascii: "-")) }
                pendingDash = false
                out.append(UInt8(value + 0x20))
            } else if let spelled = symbolWords[scalar] {
                pendingDash = true
                word(spelled)
                pendingDash = true
            } else if scalar.properties.generalCategory == .nonspacingMark && !out.isEmpty && !pendingDash {
                continue // a diacritic on the previous letter
            } else if let folded = letterFolds[scalar] {
                word(folded)
            } else {
                pendingDash = true
            }
        }
        if out.isEmpty { return nil }
        if out.count > maximumLength {
            out.removeSubrange(maximumLength...)
            if let lastDash = out.lastIndex(of: UInt8(ascii: "-")), lastDash > maximumLength / 2 {
                out.removeSubrange(lastDash...)
            }
        }
        while out.last == UInt8(ascii: "-") { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// The slug of a key with nothing readable: `t-` + 16 hex digits of FNV-1a.
    package static func hashed(_ key: String) -> String {
        "t-" + FNV1a.hex(FNV1a.hash64(key), width: 16)
    }

    /// The base slug of a group key: ``readable(_:)`` or ``hashed(_:)``.
    package static func base(for key: String) -> String {
        readable(key) ?? hashed(key)
    }

    /// The disambiguating suffix of a key: `-` + 8 hex digits (FNV-1a, folded to 32 bits).
    package static func suffix(for key: String) -> String {
        let hash = FNV1a.hash64(key)
        return "-" + FNV1a.hex((hash >> 32) ^ (hash & 0xffff_ffff), width: 8)
    }

    /// Unique slugs for distinct group keys, in the same order (see the type's documentation).
    package static func assign(keys: [String]) -> [String] {
        let bases = keys.map(base(for:))
        var groupsPerBase: [String: Int] = [:]
        for base in bases { groupsPerBase[base, default: 0] += 1 }
        var slugs = [String](repeating: "", count: keys.count)
        for index in keys.indices {
            let base = bases[index]
            // A slug Windows reserves as a file name (`con`, `nul`, `com1`…) always takes the suffix.
            if PathSegment.isReservedName(base) {
                slugs[index] = base + suffix(for: keys[index])
            } else if groupsPerBase[base] == 1 || keys[index].utf8.elementsEqual(base.utf8) {
                slugs[index] = base
            } else {
                slugs[index] = base + suffix(for: keys[index])
            }
        }
        // A suffixed slug could still meet another slug (a tag literally named `cafe-1a2b3c4d`):
        // the first key in byte order keeps it, the others get a longer, salted hash.
        var owners: [String: Int] = [:]
        var clashes: [Int] = []
        let order = keys.indices.sorted { keys[$0].utf8.lexicographicallyPrecedes(keys[$1].utf8) }
        for index in order {
            if owners[slugs[index]] == nil { owners[slugs[index]] = index } else { clashes.append(index) }
        }
        for index in clashes {
            var salt = 0
            var candidate: String
            repeat {
                salt += 1
                candidate = bases[index] + "-" + FNV1a.hex(FNV1a.hash64(keys[index] + "\u{0}\(salt)"), width: 16)
            } while owners[candidate] != nil
            owners[candidate] = index
            slugs[index] = candidate
        }
        return slugs
    }
}
