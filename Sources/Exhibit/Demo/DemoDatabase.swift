import Foundation

/// Generates demo platform databases: `exhibit demo-db PATH --images N --seed S` and the
/// gallery behind `exhibit build --demo`.
///
/// The database has the platform's schema (``PlatformSchema/createStatements``) and realistic,
/// varied rows that exercise every storage convention of docs/database.md: Clerk user ids, ObjectIds,
/// Cloudinary and S3 URLs, tags and themes spelled in several ways, every `is_public` form and
/// every date form, collections with private and repeated images, likes with taste structure
/// (for measuring recommendations), comments, ignored interaction types and reports.
/// Everything follows from the seed: the same options always give the same rows.
package enum DemoDatabase {
    /// The gallery of `exhibit build --demo`: 240 images with a fixed seed.
    package static let bundled = DemoOptions(images: 240, seed: 20_240_501)

    /// Largest image count accepted (ids and memory are sized for it).
    package static let maximumImages = 20_000_000

    /// Writes a new database at `path` and returns how many rows each table got.
    ///
    /// Fails with ``DemoDatabaseError/pathExists(_:)`` when anything exists at `path` (the file is
    /// claimed atomically, never overwritten). Rows are written in one transaction with the
    /// journal off; if generation fails, the partial file is removed.
    package static func generate(at path: String, options: DemoOptions) throws -> DemoSummary {
        guard options.images >= 0 else { throw DemoDatabaseError.invalidOptions("--images must be 0 or more, got \(options.images)") }
        guard options.images <= maximumImages else {
            throw DemoDatabaseError.invalidOptions("--images must be at most \(maximumImages), got \(options.images)")
        }
        guard options.meanLikesPerImage.isFinite, options.meanLikesPerImage >= 0,
              options.meanCommentsPerImage.isFinite, options.meanCommentsPerImage >= 0 else {
            throw DemoDatabaseError.invalidOptions("mean likes and comments per image must be finite and not negative")
        }
        try claim(path)
        do {
            return try write(at: path, options: options)
        } catch {
            unlink(path)
            throw error
        }
    }

    /// Creates `path` empty, failing if anything is already there (O_EXCL: no race, no overwrite).
    private static func claim(_ path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        if descriptor < 0 {
            let code = errno
            if code == EEXIST { throw DemoDatabaseError.pathExists(path) }
            throw DemoDatabaseError.cannotCreate(path: path, reason: String(cString: strerror(code)))
        }
        close(descriptor)
    }

    /// Fills the claimed, empty file. The connection is closed when this returns.
    private static func write(at path: String, options: DemoOptions) throws -> DemoSummary {
        let database = try SQLiteDatabase.create(path: path)
        // A fresh file nobody else reads yet: no journal, no fsync, a generous page cache.
        try database.execute("PRAGMA page_size=16384; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;")
        try database.execute(PlatformSchema.createStatements)
        // The optional size columns (docs/database.md), so demo pages reserve each image's box.
        try database.execute("ALTER TABLE images ADD COLUMN width INTEGER; ALTER TABLE images ADD COLUMN height INTEGER;")
        var generator = DemoGenerator(options: options, database: database)
        return try database.transaction { try generator.run() }
    }
}
