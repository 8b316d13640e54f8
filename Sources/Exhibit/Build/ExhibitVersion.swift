/// Exhibit's version.
public enum ExhibitVersion {
    public static let current = "0.1.0"
}
