import Testing
@testable import Exhibit

/// Schemas for a small image page, built in code.
private enum Fixture {
    static let author = TemplateSchema("author", [
        TemplateField("name", .text, "Display name."),
        TemplateField("url", .text, "Profile URL."),
    ])
    static let comment = TemplateSchema("comment", [
        TemplateField("body", .text, "Comment text."),
        TemplateField("author", .object(author), "Who wrote it."),
    ])
    static let node = TemplateSchema("tree node", [
        TemplateField("label", .text, "Label."),
        TemplateField("children", .list(TemplateSchema("never used", [])), "Unused."),
    ])
    static let page = TemplateSchema("image page", [
        TemplateField("title", .text, "Image title."),
        TemplateField("description", .optionalText, "Description, if any."),
        TemplateField("views", .number, "View count."),
        TemplateField("nsfw", .bool, "Whether the image is marked adult."),
        TemplateField("tags", .textList, "Tag names."),
        TemplateField("comments", .list(comment), "Public comments."),
        TemplateField("owner", .object(author), "The uploader."),
    ])

    static func context(title: String = "Sunset") -> TemplateObject {
        var owner = TemplateObject(author)
        owner["name"] = .text("Ann")
        owner["url"] = .text("https://example.org/u/ann")
        var first = TemplateObject(comment)
        first["body"] = .text("Nice <b>")
        first["author"] = .object(owner)
        var page = TemplateObject(Fixture.page)
        page["title"] = .text(title)
        page["description"] = .null
        page["views"] = .number(1234)
        page["nsfw"] = .bool(false)
        page["tags"] = .list([.text("sky"), .text("red & gold")])
        page["comments"] = .list([.object(first)])
        page["owner"] = .object(owner)
        return page
    }

    static func load(_ templates: [String: String]) throws -> TemplateSet {
        try TemplateSet(templates: templates, pages: ["image": page])
    }

    static func render(_ templates: [String: String], _ context: TemplateObject = Fixture.context()) throws -> String {
        let set = try load(templates)
        var buffer: [UInt8] = []
        set.render("image", context, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    static func loadError(_ templates: [String: String]) -> TemplateError? {
        do {
            _ = try load(templates)
            return nil
        } catch let error as TemplateError {
            return error
        } catch {
            return nil
        }
    }
}

@Suite struct TemplateCheckingTests {
    @Test func unknownFieldIsAnErrorWithLineColumnAndSuggestion() throws {
        let error = try #require(Fixture.loadError(["image": "<html>\n  <h1>{{titel}}</h1>\n"]))
        #expect(error.file == "image")
        #expect(error.line == 2)
        #expect(error.column == 7)
        #expect(error.message == #"unknown field "titel" in image page; did you mean "title"?"#)
        #expect(error.description == #"image:2:7: unknown field "titel" in image page; did you mean "title"?"#)
    }

    @Test func unknownFieldFarFromAnyNameHasNoSuggestion() throws {
        let error = try #require(Fixture.loadError(["image": "{{#comments}}{{zzzzzz}}{{/comments}}"]))
        #expect(error.message == #"unknown field "zzzzzz" in comment"#)
        #expect(error.column == 14)
    }

    @Test func dottedNameResolvesThroughObjectSchemas() throws {
        #expect(try Fixture.render(["image": "{{owner.name}}|{{#comments}}{{author.name}}:{{body}}{{/comments}}"]) == "Ann|Ann:Nice &lt;b&gt;")
        let error = try #require(Fixture.loadError(["image": "{{owner.nmae}}"]))
        #expect(error.message == #"unknown field "nmae" in author ("owner"); did you mean "name"?"#)
        let notObject = try #require(Fixture.loadError(["image": "{{title.x}}"]))
        #expect(notObject.message.contains("not an object"))
    }

    @Test func variableOnAListOrObjectFieldIsAnError() throws {
        let list = try #require(Fixture.loadError(["image": "x {{tags}}"]))
        #expect(list.line == 1 && list.column == 3)
        #expect(list.message.contains(#""tags" is a list of texts"#))
        let object = try #require(Fixture.loadError(["image": "{{{owner}}}"]))
        #expect(object.message.contains("an object (author)"))
    }

    @Test func implicitIteratorIsOnlyValidInATextContext() throws {
        #expect(try Fixture.render(["image": "{{#tags}}[{{.}}]{{/tags}}"]) == "[sky][red &amp; gold]")
        let outside = try #require(Fixture.loadError(["image": "{{#comments}}{{.}}{{/comments}}"]))
        #expect(outside.message.contains("{{.}} needs a text context"))
        var context = Fixture.context()
        context["description"] = .text("Shot at <dusk>")
        #expect(try Fixture.render(["image": "{{#description}}<p>{{.}}</p>{{/description}}{{^description}}none{{/description}}"], context) == "<p>Shot at &lt;dusk&gt;</p>")
        #expect(try Fixture.render(["image": "{{#description}}<p>{{.}}</p>{{/description}}{{^description}}none{{/description}}"]) == "none")
    }

    @Test func sectionsSeeOuterFieldsInnermostFirst() throws {
        #expect(try Fixture.render(["image": "{{#comments}}{{title}}/{{body}}{{/comments}}{{#nsfw}}{{title}}{{/nsfw}}"]) == "Sunset/Nice &lt;b&gt;")
    }

    @Test func unknownPartialIsAnErrorAtTheTag() throws {
        let error = try #require(Fixture.loadError(["image": "a\n  b {{> footr}}", "footer": "f"]))
        #expect(error.file == "image")
        #expect(error.line == 2 && error.column == 5)
        #expect(error.message == #"unknown partial "footr"; did you mean "footer"?"#)
    }

    @Test func errorsInsideAPartialNameThePartialFile() throws {
        let error = try #require(Fixture.loadError(["image": "{{#comments}}{{>comment}}{{/comments}}", "comment": "<p>\n{{bdy}}</p>"]))
        #expect(error.file == "comment")
        #expect(error.line == 2 && error.column == 1)
        #expect(error.message == #"unknown field "bdy" in comment; did you mean "body"?"#)
    }

    @Test func unclosedSectionIsAnErrorAtItsOpeningTag() throws {
        let error = try #require(Fixture.loadError(["image": "<ul>\n  {{#tags}}<li>{{.}}</li>\n</ul>"]))
        #expect(error.line == 2 && error.column == 3)
        #expect(error.message == #"unclosed section "tags": missing {{/tags}}"#)
    }

    @Test func syntaxErrorsCarryPositions() throws {
        let mismatched = try #require(Fixture.loadError(["image": "{{#tags}}\n{{/tag}}"]))
        #expect(mismatched.line == 2 && mismatched.column == 1)
        #expect(mismatched.message.contains("mismatched closing tag {{/tag}}: expected {{/tags}}"))
        let unclosedTag = try #require(Fixture.loadError(["image": "ok {{title"]))
        #expect(unclosedTag.line == 1 && unclosedTag.column == 4)
        #expect(unclosedTag.message.contains("unclosed tag"))
        let badDelimiter = try #require(Fixture.loadError(["image": "{{=<% %> x=}}"]))
        #expect(badDelimiter.message.contains("bad delimiter"))
        // Syntax errors are found even in templates no page reaches.
        let unused = try #require(Fixture.loadError(["image": "ok", "partials/unused": "{{/x}}"]))
        #expect(unused.file == "partials/unused")
    }

    @Test func missingParentIsAnError() throws {
        let error = try #require(Fixture.loadError(["image": "{{<layuot}}{{/layuot}}", "layout": ""]))
        #expect(error.message == #"unknown parent "layuot"; did you mean "layout"?"#)
    }

    @Test func inheritanceOverridesBlocksAndChecksThemAgainstThePageSchema() throws {
        let layout = "<title>{{$title}}Gallery{{/title}}</title>\n<main>\n  {{$content}}\n  nothing\n  {{/content}}\n</main>\n"
        let page = "{{<layout}}\n{{$content}}\n<h1>{{title}}</h1>\n<p>{{views}} views</p>\n{{/content}}\n{{/layout}}\n"
        #expect(try Fixture.render(["image": page, "layout": layout]) == "<title>Gallery</title>\n<main>\n  <h1>Sunset</h1>\n  <p>1234 views</p>\n</main>\n")
        let error = try #require(Fixture.loadError(["image": "{{<layout}}{{$content}}{{viewz}}{{/content}}{{/layout}}", "layout": layout]))
        #expect(error.file == "image")
        #expect(error.message == #"unknown field "viewz" in image page; did you mean "views"?"#)
    }

    @Test func smallTypedPageRendersExactly() throws {
        let context = Fixture.context(title: #"Tom & "Jerry's" <cat>"#)
        let template = "<h1 title=\"{{title}}\">{{{title}}}</h1>\n{{#tags}}\n  <a>{{.}}</a>\n{{/tags}}\n{{^nsfw}}safe{{/nsfw}} {{views}} {{&owner.name}}{{! note }}\n"
        let expected = "<h1 title=\"Tom &amp; &quot;Jerry&#39;s&quot; &lt;cat&gt;\">Tom & \"Jerry's\" <cat></h1>\n  <a>sky</a>\n  <a>red &amp; gold</a>\nsafe 1234 Ann\n"
        #expect(try Fixture.render(["image": template], context) == expected)
    }

    @Test func standalonePartialIsIndentedPerLine() throws {
        let output = try Fixture.render(["image": "<ul>\n  {{>item}}\n</ul>\n", "item": "<li>{{title}}</li>\n<li>{{views}}</li>\n"])
        #expect(output == "<ul>\n  <li>Sunset</li>\n  <li>1234</li>\n</ul>\n")
    }

    @Test func recursivePartialsAreALoadTimeErrorInThemes() throws {
        // Schemas cannot refer to themselves, so a partial that reaches itself never ends in
        // data: at render time it would only recurse until the stack overflows.
        let node = TemplateSchema("node", [
            TemplateField("label", .text, ""),
            TemplateField("children", .list(TemplateSchema("none", [])), ""),
        ])
        let root = TemplateSchema("root", [TemplateField("label", .text, ""), TemplateField("children", .list(node), "")])
        #expect(throws: TemplateError(file: "node", line: 1, column: 24, message: #"partial "node" includes itself (node → node)"#)) {
            try TemplateSet(templates: ["page": "{{>node}}", "node": "{{label}}({{#children}}{{>node}}{{/children}})"], pages: ["page": root])
        }
    }

    @Test func renderingFromManyThreadsGivesIdenticalOutput() async throws {
        let set = try Fixture.load(["image": "{{#comments}}{{author.name}}: {{body}}{{/comments}} {{title}} {{#tags}}{{.}},{{/tags}}"])
        let context = Fixture.context()
        var single: [UInt8] = []
        set.render("image", context, into: &single)
        let outputs = await withTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var buffer: [UInt8] = []
                    for _ in 0..<200 {
                        buffer.removeAll(keepingCapacity: true)
                        set.render("image", context, into: &buffer)
                    }
                    return buffer
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outputs.count == 8)
        #expect(outputs.allSatisfy { $0 == single })
    }

    @Test func nullFalseEmptyListAndEmptyTextAreFalsy() throws {
        var context = Fixture.context(title: "")
        context["tags"] = .list([])
        context["comments"] = .list([])
        context["description"] = .null
        let template = "{{^title}}a{{/title}}{{^tags}}b{{/tags}}{{^comments}}c{{/comments}}{{^description}}d{{/description}}{{^nsfw}}e{{/nsfw}}{{#views}}f{{/views}}"
        #expect(try Fixture.render(["image": template], context) == "abcdef")
    }

    @Test func setDelimitersWorkInTypedTemplatesAndErrorsPointAtTheTag() throws {
        #expect(try Fixture.render(["image": "{{=<% %>=}}<% title %> {{title}}"]) == "Sunset {{title}}")
        let error = try #require(Fixture.loadError(["image": "{{=<% %>=}}\nx <%titel%>"]))
        #expect(error.line == 2 && error.column == 3)
        #expect(error.message.contains(#"did you mean "title"?"#))
    }

    @Test func templatesNoPageReachesAreOnlySyntaxChecked() throws {
        // A partial for another page kind may name fields this page lacks; it is checked where it is used.
        #expect(try Fixture.render(["image": "{{title}}", "partials/user-card": "{{followers}}"]) == "Sunset")
    }
}
