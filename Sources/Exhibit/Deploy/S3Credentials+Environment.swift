import Foundation

/// Why no credentials or region could be found.
package struct CredentialsError: Error, CustomStringConvertible {
    package var description: String
}

extension S3Credentials {
    /// Credentials as every S3 tool finds them: `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`
    /// (and `AWS_SESSION_TOKEN`), else the profile `AWS_PROFILE` (or `default`) of the shared
    /// credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`), else the
    /// same profile in the config file. The error never contains a secret.
    package static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CredentialsError) -> S3Credentials {
        if let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty {
            guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
                throw CredentialsError(description: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
            }
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return S3Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token)
        }
        let profile = environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let file = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? AWSConfigFile.home(environment) + "/.aws/credentials"
        if let section = AWSConfigFile.section(profile, inFile: file, configStyle: false)
            ?? AWSConfigFile.section(profile, inFile: AWSConfigFile.configPath(environment), configStyle: true),
           let key = section["aws_access_key_id"], let secret = section["aws_secret_access_key"] {
            return S3Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: section["aws_session_token"])
        }
        throw CredentialsError(description: "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a profile in \(file)")
    }

    /// The region: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region` in the config file, or nil.
    package static func region(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            if let value = environment[name], !value.isEmpty { return value }
        }
        let profile = environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        return AWSConfigFile.section(profile, inFile: AWSConfigFile.configPath(environment), configStyle: true)?["region"]
    }
}

/// The INI files of the AWS tools (`~/.aws/credentials`, `~/.aws/config`), read leniently: a
/// line that is not `[section]` or `key = value` is skipped.
enum AWSConfigFile {
    static func home(_ environment: [String: String]) -> String {
        environment["HOME"] ?? NSHomeDirectory()
    }

    static func configPath(_ environment: [String: String]) -> String {
        environment["AWS_CONFIG_FILE"] ?? home(environment) + "/.aws/config"
    }

    /// The keys of `[profile]` (in the config file: `[profile name]`, or `[default]`).
    static func section(_ profile: String, inFile path: String, configStyle: Bool) -> [String: String]? {
        guard let data = FileManager.default.contents(atPath: path), data.count < 1 << 20 else { return nil }
        return section(profile, in: String(decoding: data, as: UTF8.self), configStyle: configStyle)
    }

    static func section(_ profile: String, in text: String, configStyle: Bool) -> [String: String]? {
        let wanted = configStyle && profile != "default" ? "profile \(profile)" : profile
        var current: String?
        var found: [String: String]?
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                current = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if current == wanted, found == nil { found = [:] }
                continue
            }
            guard current == wanted, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            found?[key] = value
        }
        return found
    }
}
