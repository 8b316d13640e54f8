import Foundation
import Testing
@testable import Exhibit

/// AWS Signature V4 against AWS's published examples: the SigV4 test suite (get-vanilla…),
/// the documented IAM `ListUsers` request and the S3 API reference's GET Object example.
@Suite struct DeploySigningTests {
    static let suiteCredentials = S3Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    @Test func getVanillaMatchesTheTestSuite() {
        let signer = SigV4Signer(credentials: Self.suiteCredentials, region: "us-east-1", service: "service")
        let result = signer.sign(method: "GET", path: "/", query: [], headers: [("Host", "example.amazonaws.com")],
                                 payloadHash: SigV4Signer.emptyPayloadHash, date: Self.suiteDate)
        #expect(result.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        let authorization = result.headers.first { $0.0 == "authorization" }?.1
        #expect(authorization == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(result.headers.contains { $0 == ("x-amz-date", "20150830T123600Z") })
    }

    @Test func queryParametersAreSortedBeforeSigning() {
        let signer = SigV4Signer(credentials: Self.suiteCredentials, region: "us-east-1", service: "service")
        let result = signer.sign(method: "GET", path: "/", query: [("Param2", "value2"), ("Param1", "value1")],
                                 headers: [("host", "example.amazonaws.com")], payloadHash: SigV4Signer.emptyPayloadHash, date: Self.suiteDate)
        #expect(result.signature == "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
    }

    @Test func utf8PathsAreSignedPercentEncoded() {
        let signer = SigV4Signer(credentials: Self.suiteCredentials, region: "us-east-1", service: "service")
        let result = signer.sign(method: "GET", path: SigV4Signer.uriEncode("/\u{1234}", keepSlash: true), query: [],
                                 headers: [("host", "example.amazonaws.com")], payloadHash: SigV4Signer.emptyPayloadHash, date: Self.suiteDate)
        #expect(SigV4Signer.uriEncode("/\u{1234}", keepSlash: true) == "/%E1%88%B4")
        #expect(result.signature.hasPrefix("8318018e0b0f223aa2bbf98705b6"))
    }

    /// The example of AWS's "Create a signed AWS API request" documentation.
    @Test func theDocumentedIAMListUsersRequestHasItsKnownSignature() {
        let signer = SigV4Signer(credentials: Self.suiteCredentials, region: "us-east-1", service: "iam")
        let result = signer.sign(method: "GET", path: "/", query: [("Action", "ListUsers"), ("Version", "2010-05-08")],
                                 headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("Host", "iam.amazonaws.com")],
                                 payloadHash: SigV4Signer.emptyPayloadHash, date: Self.suiteDate)
        #expect(result.signature == "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
    }

    /// The S3 API reference's "GET Object" example (range request, signed empty payload).
    @Test func theS3GetObjectExampleHasItsKnownSignature() {
        let credentials = S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
        let result = signer.sign(method: "GET", path: "/test.txt", query: [],
                                 headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"),
                                           ("x-amz-content-sha256", SigV4Signer.emptyPayloadHash)],
                                 payloadHash: SigV4Signer.emptyPayloadHash, date: Date(timeIntervalSince1970: 1_369_353_600))
        #expect(result.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func aSessionTokenIsSentAndSigned() {
        var credentials = Self.suiteCredentials
        credentials.sessionToken = "TOKEN"
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
        let result = signer.sign(method: "GET", path: "/", query: [], headers: [("host", "example.amazonaws.com")],
                                 payloadHash: SigV4Signer.emptyPayloadHash, date: Self.suiteDate)
        #expect(result.headers.contains { $0 == ("x-amz-security-token", "TOKEN") })
        #expect(result.headers.first { $0.0 == "authorization" }!.1.contains("SignedHeaders=host;x-amz-date;x-amz-security-token"))
        #expect(result.signature != "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test func credentialsComeFromTheEnvironmentThenTheSharedFileAndAreNeverShown() throws {
        let fromEnvironment = try S3Credentials.resolve(environment: ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s3cr3t-env", "AWS_SESSION_TOKEN": "tok"])
        #expect(fromEnvironment.accessKeyID == "AKIAENV" && fromEnvironment.secretAccessKey == "s3cr3t-env" && fromEnvironment.sessionToken == "tok")
        #expect(!"\(fromEnvironment)".contains("s3cr3t") && !String(reflecting: fromEnvironment).contains("s3cr3t"))

        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("credentials")
        try Data("""
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = default-secret
        # a comment
        [deployer]
        aws_access_key_id=AKIADEPLOY
        aws_secret_access_key = deploy-secret
        aws_session_token = deploy-token

        """.utf8).write(to: file)
        let config = directory.appendingPathComponent("config")
        try Data("[profile deployer]\nregion = eu-west-3\n".utf8).write(to: config)
        let base = ["AWS_SHARED_CREDENTIALS_FILE": file.path, "AWS_CONFIG_FILE": config.path, "HOME": directory.path]
        #expect(try S3Credentials.resolve(environment: base).accessKeyID == "AKIADEFAULT")
        let profile = try S3Credentials.resolve(environment: base.merging(["AWS_PROFILE": "deployer"]) { $1 })
        #expect(profile.accessKeyID == "AKIADEPLOY" && profile.secretAccessKey == "deploy-secret" && profile.sessionToken == "deploy-token")
        #expect(S3Credentials.region(environment: base.merging(["AWS_PROFILE": "deployer"]) { $1 }) == "eu-west-3")
        do {
            _ = try S3Credentials.resolve(environment: base.merging(["AWS_PROFILE": "nobody"]) { $1 })
            Issue.record("a missing profile must fail")
        } catch {
            #expect(!error.description.contains("secret"))
        }
        #expect(throws: CredentialsError.self) { try S3Credentials.resolve(environment: ["AWS_ACCESS_KEY_ID": "AKIA"]) }
    }
}
