/// A family of output files the build renders: site pages, feeds, search shards, assets.
///
/// The build pipeline asks every source for its files and renders them in parallel, so a
/// source must be safe to call from several threads at once and must render the same bytes
/// for the same index every time (no clock, no randomness, no hash-order iteration).
package protocol ArtifactSource: Sendable {
    /// A short name for progress and the build report: "pages", "feeds", "search", "assets".
    var kind: String { get }
    /// How many files this source produces.
    var count: Int { get }
    /// The output path of file `index`, relative to the output folder, `/`-separated,
    /// e.g. `images/abc/index.html`. Must be a safe relative path (no `..`, no leading `/`).
    func path(_ index: Int) -> String
    /// Appends the bytes of file `index` to `buffer` (which the caller empties first).
    func render(_ index: Int, into buffer: inout [UInt8]) throws
}
