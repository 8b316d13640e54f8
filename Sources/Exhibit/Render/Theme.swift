import Foundation

/// A theme: the Mustache templates of every page, parsed and checked against the page schemas,
/// and the assets copied as they are (`assets/style.css`, `assets/search.js`, …).
///
/// The stylesheet, the search script and the favicon are published under a name that carries a
/// hash of their content (`assets/style.3f2a9c1b7e.css`, docs/output.md), so they can be cached
/// for a year and an upgrade still reaches every visitor; pages link them by the `styleHref`,
/// `scriptHref` and `faviconHref` fields. Other assets keep their names (a stylesheet may refer
/// to them by a relative URL).
///
/// The default theme (the files of `Templates/`) is embedded in the binary; an override folder
/// (`--templates DIR`) replaces files by relative path (`image.mustache`,
/// `partials/header.mustache`, `assets/style.css`) and may add assets under `assets/`.
package struct Theme: Sendable {
    /// One file copied into the output as it is.
    package struct Asset: Sendable {
        /// Path below the output folder, e.g. `assets/style.css`.
        package let path: String
        package let bytes: [UInt8]
    }

    /// The parsed, checked templates.
    package let templates: TemplateSet
    /// The site's language: the catalogs' texts, plural rule, dates and numbers.
    package let language: SiteLanguage
    /// What loading the language found missing (keys, forms, a catalog): warnings of the build.
    package let languageWarnings: [Diagnostic]
    /// Files copied as they are, sorted by path.
    package let assets: [Asset]
    /// Published paths of the fingerprinted assets (nil when the theme has none).
    package let stylePath: String?
    package let scriptPath: String?
    package let faviconPath: String?
    /// A digest of everything of the theme but its templates: assets, catalogs, language. Two
    /// themes with the same digest differ at most in templates (see
    /// ``TemplateSet/sourceDigest(ofPage:)``).
    package let assetsAndTextsDigest: UInt64

    /// The assets published under a name with their content hash, by their path in the theme.
    static let fingerprinted: Set<String> = ["assets/style.css", "assets/search.js", "assets/favicon.svg", "assets/favicon.png", "assets/favicon.ico"]

    /// `assets/style.css` → `assets/style.3f2a9c1b7e.css`: ten hex digits of the content's XXH64.
    static func fingerprintedPath(_ path: String, bytes: [UInt8]) -> String {
        let hash = bytes.withUnsafeBytes { FNV1a.hex(XXHash64.hash($0), width: 16).prefix(10) }
        guard let dot = path.lastIndex(of: "."), path[dot...].firstIndex(of: "/") == nil else { return path + "." + hash }
        return path[..<dot] + "." + hash + path[dot...]
    }

    /// The default theme's files by relative path (`layout.mustache`, `assets/style.css`, …),
    /// for `exhibit templates export DIR`.
    package static var defaultFiles: [String: String] { embeddedFiles }

    /// The default theme, or the default overridden by the files of `overridesDirectory`.
    /// - Throws: ``ThemeError`` naming the folder or file, or a ``TemplateError`` whose `file`
    ///   is the path of the template at fault (`DIR/image.mustache`, or
    ///   `Templates/image.mustache (built-in)`).
    ///   Or a ``CatalogError`` for a catalog (`i18n/fr.toml`) that cannot be used.
    /// - Parameters:
    ///   - favicon: the configured favicon (`favicon` in the configuration): its file name and
    ///     bytes; it replaces the theme's.
    ///   - language: the site's language (BCP 47); catalogs in `DIR/i18n/` replace the theme's
    ///     texts key by key.
    package static func load(overridesDirectory: String?, favicon: (name: String, bytes: [UInt8])? = nil,
                             language: String = "en") throws -> Theme {
        var files: [String: [UInt8]] = [:]
        var catalogs = SiteLanguage.Sources()
        for (path, text) in embeddedFiles {
            if let tag = catalogLanguage(path) {
                catalogs.builtIn[tag] = ("Templates/" + path + " (built-in)", Array(text.utf8))
            } else {
                files[path] = Array(text.utf8)
            }
        }
        var overridden = Set<String>()
        if let directory = overridesDirectory {
            for (path, bytes) in try readFolder(directory) {
                if let tag = catalogLanguage(path) {
                    catalogs.overrides[tag] = ((directory.hasSuffix("/") ? directory : directory + "/") + path, bytes)
                    continue
                }
                files[path] = bytes
                overridden.insert(path)
            }
        }
        if let favicon {
            for path in fingerprinted where path.hasPrefix("assets/favicon.") { files[path] = nil }
            files["assets/favicon." + (favicon.name.split(separator: ".").last.map { $0.lowercased() } ?? "png")] = favicon.bytes
        }
        return try Theme(files: files, language: language, catalogs: catalogs, describe: { path in
            if let directory = overridesDirectory, overridden.contains(path) {
                return (directory.hasSuffix("/") ? directory : directory + "/") + path
            }
            return "Templates/" + path + " (built-in)"
        })
    }

    /// The language tag of a catalog's path, `i18n/pt-BR.toml` → `pt-BR`; nil for other files.
    static func catalogLanguage(_ path: String) -> String? {
        guard path.hasPrefix("i18n/"), path.hasSuffix(".toml") else { return nil }
        let tag = path.dropFirst("i18n/".count).dropLast(".toml".count)
        guard !tag.isEmpty, !tag.contains("/") else { return nil }
        return String(tag)
    }

    /// The default theme's catalogs, by language tag.
    static var builtInCatalogs: SiteLanguage.Sources {
        var catalogs = SiteLanguage.Sources()
        for (path, text) in embeddedFiles {
            if let tag = catalogLanguage(path) { catalogs.builtIn[tag] = ("Templates/" + path + " (built-in)", Array(text.utf8)) }
        }
        return catalogs
    }

    /// A theme from its files (relative path → bytes) and catalogs. `describe` names a file in errors.
    init(files: [String: [UInt8]], language tag: String = "en", catalogs: SiteLanguage.Sources = Theme.builtInCatalogs,
         describe: (String) -> String = { $0 }) throws {
        (language, languageWarnings) = try SiteLanguage.load(tag: tag, from: catalogs)
        var digest = XXHash64.Stream()
        func add(_ piece: some Collection<UInt8>) {
            withUnsafeBytes(of: UInt64(piece.count).littleEndian) { digest.update($0) }
            Array(piece).withUnsafeBytes { digest.update($0) }
        }
        add(tag.utf8)
        for path in files.keys.sorted() where !path.hasSuffix(".mustache") {
            add(path.utf8)
            add(files[path]!)
        }
        for (kind, table) in [("built-in", catalogs.builtIn), ("override", catalogs.overrides)] {
            for key in table.keys.sorted() {
                add(kind.utf8)
                add(key.utf8)
                add(table[key]!.bytes)
            }
        }
        assetsAndTextsDigest = digest.finish()
        var templates: [String: String] = [:]
        var assets: [Asset] = []
        var templateFiles: [String: String] = [:]
        for (path, bytes) in files {
            if path.hasSuffix(".mustache") {
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw ThemeError.invalidFile(describe(path), "not valid UTF-8")
                }
                let name = String(path.dropLast(".mustache".count))
                templates[name] = text
                templateFiles[name] = path
            } else if path.hasPrefix("assets/") {
                assets.append(Asset(path: path, bytes: bytes))
            }
        }
        for name in PageSchemas.pages.keys where templates[name] == nil {
            throw ThemeError.missingTemplate(name + ".mustache")
        }
        do {
            self.templates = try TemplateSet(templates: templates, pages: PageSchemas.pages, texts: Self.templateTexts(language))
        } catch var error as TemplateError {
            if let path = templateFiles[error.file] { error.file = describe(path) }
            throw error
        }
        var stylePath: String?, scriptPath: String?, faviconPath: String?
        assets.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        assets = assets.map { asset in
            guard Self.fingerprinted.contains(asset.path) else { return asset }
            let published = Self.fingerprintedPath(asset.path, bytes: asset.bytes)
            switch asset.path {
            case "assets/style.css": stylePath = published
            case "assets/search.js": scriptPath = published
            default: faviconPath = faviconPath ?? published
            }
            return Asset(path: published, bytes: asset.bytes)
        }
        self.stylePath = stylePath
        self.scriptPath = scriptPath
        self.faviconPath = faviconPath
        self.assets = assets.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// The catalog's texts as templates reach them (`{{t.nav.home}}`, `{{#t.image.by}}…`).
    static func templateTexts(_ language: SiteLanguage) -> TemplateTexts {
        var entries: [String: TemplateTexts.Entry] = [:]
        for (key, text) in language.texts where !key.hasPrefix("format.") {
            let pattern = TextPattern(text)
            switch pattern.placeholders.count {
            case 0: entries[key] = .plain(text)
            case 1: entries[key] = .around(before: pattern.aroundPlaceholder!.before, after: pattern.aroundPlaceholder!.after)
            default: entries[key] = .unusable("has \(pattern.placeholders.count) placeholders; pages get it filled in by a field")
            }
        }
        for key in CountKey.allCases {
            entries[key.rawValue] = .unusable("is a counted text; pages get it with its number by a field (likeLabel, countLabel, …)")
        }
        return TemplateTexts(entries)
    }

    /// Every regular file below `directory` (hidden files and folders skipped), by relative path.
    static func readFolder(_ directory: String) throws -> [(String, [UInt8])] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ThemeError.notAFolder(directory)
        }
        let base = URL(fileURLWithPath: directory, isDirectory: true)
        guard let walker = manager.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey],
                                              options: [.skipsHiddenFiles]) else {
            throw ThemeError.notAFolder(directory)
        }
        let prefix = base.standardizedFileURL.resolvingSymlinksInPath().path
        var result: [(String, [UInt8])] = []
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard full.hasPrefix(prefix + "/") else { continue }
            let relative = String(full.dropFirst(prefix.count + 1))
            do {
                result.append((relative, Array(try Data(contentsOf: url))))
            } catch {
                throw ThemeError.invalidFile(full, "unreadable: \(error.localizedDescription)")
            }
        }
        return result.sorted { $0.0 < $1.0 }
    }
}

/// A theme that cannot be loaded, with the path at fault.
package enum ThemeError: Error, Sendable, CustomStringConvertible, Equatable {
    case notAFolder(String)
    case invalidFile(String, String)
    case missingTemplate(String)

    package var description: String {
        switch self {
        case .notAFolder(let path): return "\(path): templates folder not found"
        case .invalidFile(let path, let reason): return "\(path): \(reason)"
        case .missingTemplate(let name): return "\(name): the theme has no such template"
        }
    }
}
