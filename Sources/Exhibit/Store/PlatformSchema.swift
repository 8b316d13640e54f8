/// The platform's tables and the columns Exhibit reads (docs/database.md).
package enum PlatformSchema {
    /// Required tables and their required columns, in the order Exhibit checks them.
    /// Extra tables and columns are ignored; a missing one is an input error naming it.
    package static let requiredColumns: [(table: String, columns: [String])] = [
        ("users", ["user_id", "email", "name", "avatar_url", "bio", "created_at", "updated_at"]),
        ("images", ["image_id", "user_id", "url", "description", "tags", "theme", "is_public", "created_at"]),
        ("collections", ["collection_id", "user_id", "name", "description", "image_ids", "created_at", "updated_at"]),
        ("interactions", ["interaction_id", "user_id", "image_id", "type", "content", "created_at"]),
        ("reports", ["report_id", "user_id", "image_id", "reason", "created_at", "status"]),
    ]

    /// DDL that creates the platform's schema as its export writes it: loosely typed, as the
    /// platform is (ids TEXT, tags and image_ids JSON TEXT, dates TEXT or INTEGER).
    /// Used by `exhibit demo-db` and by tests that build databases.
    package static let createStatements = """
    CREATE TABLE users (
        user_id TEXT PRIMARY KEY,
        email TEXT,
        name TEXT,
        avatar_url TEXT,
        bio TEXT,
        created_at,
        updated_at
    );
    CREATE TABLE images (
        image_id TEXT PRIMARY KEY,
        user_id TEXT,
        url TEXT,
        description TEXT,
        tags TEXT,
        theme TEXT,
        is_public,
        created_at
    );
    CREATE TABLE collections (
        collection_id TEXT PRIMARY KEY,
        user_id TEXT,
        name TEXT,
        description TEXT,
        image_ids TEXT,
        created_at,
        updated_at
    );
    CREATE TABLE interactions (
        interaction_id TEXT PRIMARY KEY,
        user_id TEXT,
        image_id TEXT,
        type TEXT,
        content TEXT,
        created_at
    );
    CREATE TABLE reports (
        report_id TEXT PRIMARY KEY,
        user_id TEXT,
        image_id TEXT,
        reason TEXT,
        status TEXT,
        created_at
    );
    """
}
