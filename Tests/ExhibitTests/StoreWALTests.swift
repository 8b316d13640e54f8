import Foundation
import Testing
@testable import Exhibit

/// The platform writes while Exhibit reads (docs/database.md): WAL databases.
@Suite struct StoreWALTests {
    @Test func aWALWriterMidTransactionNeitherBlocksNorLeaksUncommittedRows() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.image("committed", owner: "u1")
        }
        let writer = try SQLiteDatabase.create(path: db.path)
        try writer.execute("PRAGMA journal_mode=WAL")
        try writer.execute("INSERT INTO images VALUES ('walcommitted','u1','https://x.example/a.jpg',NULL,NULL,NULL,1,'2024-01-02T00:00:00Z')")
        try writer.execute("BEGIN IMMEDIATE")
        try writer.execute("INSERT INTO images VALUES ('uncommitted','u1','https://x.example/b.jpg',NULL,NULL,NULL,1,'2024-01-03T00:00:00Z')")
        let loaded = try db.load()
        #expect(loaded.imageIDs == ["walcommitted", "committed"])
        try writer.execute("COMMIT")
        #expect(try db.load().imageIDs == ["uncommitted", "walcommitted", "committed"])
    }

    @Test func aClosedWALDatabaseIsReadWithoutLeavingFilesBehind() throws {
        let db = try TestDatabase { db in
            db.user("u1")
            db.image("i1", owner: "u1")
        }
        do {
            let writer = try SQLiteDatabase.create(path: db.path)
            try writer.execute("PRAGMA journal_mode=WAL")
        }
        let filesBefore = try FileManager.default.contentsOfDirectory(atPath: db.directory.path).sorted()
        let bytesBefore = try Data(contentsOf: URL(fileURLWithPath: db.path))
        let loaded = try db.load()
        #expect(loaded.imageIDs == ["i1"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: db.directory.path).sorted() == filesBefore)
        #expect(try Data(contentsOf: URL(fileURLWithPath: db.path)) == bytesBefore)
    }
}
