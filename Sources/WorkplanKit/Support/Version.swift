/// The version of wp and WorkplanKit.
public enum WorkplanKitVersion {
    public static let current = "0.1.0"
}
