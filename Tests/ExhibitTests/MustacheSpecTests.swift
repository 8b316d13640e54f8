import Foundation
import Testing
@testable import Exhibit

/// A JSON value from the Mustache specification's test files.
private indirect enum SpecJSON: Decodable, Sendable {
    case null, bool(Bool), integer(Int), decimal(Double), string(String)
    case array([SpecJSON]), object([String: SpecJSON])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .decimal(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([SpecJSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: SpecJSON].self)) }
    }

    /// The value as a template value; objects get an ad-hoc schema built from their keys.
    var templateValue: TemplateValue {
        switch self {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .integer(let value): return .number(value)
        case .decimal(let value): return .text("\(value)")  // Swift prints the shortest round-trip form: 1.21
        case .string(let value): return .text(value)
        case .array(let values): return .list(values.map(\.templateValue))
        case .object(let members):
            let keys = members.keys.sorted()
            let schema = TemplateSchema("spec object", keys.map { TemplateField($0, .text, "") })
            var object = TemplateObject(schema)
            for key in keys { object[key] = members[key]!.templateValue }
            return .object(object)
        }
    }
}

private struct SpecFile: Decodable {
    struct Case: Decodable {
        var name: String
        var desc: String?
        var data: SpecJSON
        var template: String
        var partials: [String: String]?
        var expected: String
    }
    var tests: [Case]
}

/// One test case of the specification, named for Swift Testing's report.
struct MustacheSpecCase: Sendable, CustomTestStringConvertible {
    let file: String
    let number: Int
    let name: String
    fileprivate let data: SpecJSON
    let template: String
    let partials: [String: String]
    let expected: String

    var testDescription: String { "\(file) #\(number): \(name)" }

    static let specFiles = ["comments", "delimiters", "interpolation", "inverted", "partials", "sections", "~inheritance"]

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mustache-spec")
    }

    static func load(_ file: String) -> [MustacheSpecCase] {
        let url = fixtures.appendingPathComponent("\(file).json")
        guard let data = try? Data(contentsOf: url), let spec = try? JSONDecoder().decode(SpecFile.self, from: data) else {
            return [MustacheSpecCase(file: file, number: 0, name: "fixture \(url.path) could not be read", data: .null,
                                     template: "", partials: [:], expected: "<unreadable fixture>")]
        }
        return spec.tests.enumerated().map { number, test in
            MustacheSpecCase(file: file, number: number + 1, name: test.name, data: test.data, template: test.template,
                             partials: test.partials ?? [:], expected: test.expected)
        }
    }

    static let all: [MustacheSpecCase] = specFiles.flatMap(load)

    func render() throws -> String {
        let pageName = "spec test template"
        var templates = partials
        templates[pageName] = template
        let root = data.templateValue
        let schema: TemplateSchema
        if case .object(let object) = root { schema = object.schema } else { schema = TemplateSchema("spec root", []) }
        let set = try TemplateSet(templates: templates, pages: [pageName: schema], unknownNames: .renderEmpty)
        var buffer: [UInt8] = []
        set.render(pageName, value: root, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}

@Suite struct MustacheSpecTests {
    @Test func everySpecFileIsPresentAndHasCases() {
        for file in MustacheSpecCase.specFiles {
            #expect(MustacheSpecCase.load(file).count > 1, "fixture \(file).json missing or empty")
        }
        #expect(MustacheSpecCase.all.count == 163)
    }

    @Test(arguments: MustacheSpecCase.all)
    func specCaseRendersAsExpected(_ specCase: MustacheSpecCase) throws {
        let output = try specCase.render()
        #expect(output == specCase.expected, "\(specCase.testDescription)\ntemplate: \(specCase.template.debugDescription)")
    }
}
