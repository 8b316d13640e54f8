/// Exhibit's version.
package enum ExhibitVersion {
    package static let current = "0.1.0"
}
