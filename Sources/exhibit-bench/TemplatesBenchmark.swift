import Exhibit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic wall-clock seconds.
func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// CPU seconds used by the calling thread: what one core delivers, even on a busy machine.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The theme and context of a realistic image page (layout parent, header/footer partials,
/// comments with authors, related grid, JSON-LD).
enum BenchmarkTheme {
    static let user = TemplateSchema("user", [
        TemplateField("name", .text, ""), TemplateField("url", .text, ""), TemplateField("avatarURL", .optionalText, ""),
    ])
    static let comment = TemplateSchema("comment", [
        TemplateField("body", .text, ""), TemplateField("date", .text, ""), TemplateField("isoDate", .text, ""),
        TemplateField("author", .object(user), ""), TemplateField("edited", .bool, ""),
    ])
    static let gridItem = TemplateSchema("grid item", [
        TemplateField("url", .text, ""), TemplateField("title", .text, ""), TemplateField("thumbnailURL", .text, ""),
        TemplateField("width", .number, ""), TemplateField("height", .number, ""), TemplateField("nsfw", .bool, ""),
    ])
    static let tag = TemplateSchema("tag", [TemplateField("name", .text, ""), TemplateField("url", .text, "")])
    static let site = TemplateSchema("site", [
        TemplateField("title", .text, ""), TemplateField("url", .text, ""), TemplateField("root", .text, ""),
        TemplateField("language", .text, ""), TemplateField("description", .text, ""),
        TemplateField("feedURL", .text, ""), TemplateField("searchURL", .text, ""), TemplateField("year", .number, ""),
    ])
    static let page = TemplateSchema("image page", [
        TemplateField("site", .object(site), ""),
        TemplateField("title", .text, ""), TemplateField("description", .optionalText, ""),
        TemplateField("canonicalURL", .text, ""), TemplateField("imageURL", .text, ""),
        TemplateField("thumbnailURL", .text, ""), TemplateField("width", .number, ""), TemplateField("height", .number, ""),
        TemplateField("format", .text, ""), TemplateField("bytes", .number, ""), TemplateField("altText", .text, ""),
        TemplateField("date", .text, ""), TemplateField("isoDate", .text, ""), TemplateField("updatedDate", .text, ""),
        TemplateField("owner", .object(user), ""), TemplateField("views", .number, ""), TemplateField("likes", .number, ""),
        TemplateField("commentCount", .number, ""), TemplateField("nsfw", .bool, ""), TemplateField("license", .optionalText, ""),
        TemplateField("licenseURL", .optionalText, ""), TemplateField("camera", .optionalText, ""),
        TemplateField("lens", .optionalText, ""), TemplateField("exposure", .optionalText, ""),
        TemplateField("aperture", .optionalText, ""), TemplateField("iso", .optionalText, ""),
        TemplateField("location", .optionalText, ""), TemplateField("collectionTitle", .optionalText, ""),
        TemplateField("collectionURL", .optionalText, ""), TemplateField("previousURL", .optionalText, ""),
        TemplateField("nextURL", .optionalText, ""), TemplateField("downloadURL", .text, ""),
        TemplateField("tags", .list(tag), ""), TemplateField("keywords", .textList, ""),
        TemplateField("comments", .list(comment), ""), TemplateField("related", .list(gridItem), ""),
        TemplateField("jsonLD", .text, ""), TemplateField("ogType", .text, ""),
        TemplateField("twitterCard", .text, ""), TemplateField("hasComments", .bool, ""),
    ])

    static let templates: [String: String] = [
        "layout": """
        <!DOCTYPE html>
        <html lang="{{site.language}}">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{{$title}}{{site.title}}{{/title}}</title>
          <meta name="description" content="{{$description}}{{site.description}}{{/description}}">
          <link rel="stylesheet" href="{{site.root}}assets/style.css">
          <link rel="alternate" type="application/atom+xml" title="{{site.title}}" href="{{site.feedURL}}">
          {{$head}}{{/head}}
        </head>
        <body>
          {{>partials/header}}
          <main id="content">
            {{$content}}{{/content}}
          </main>
          {{>partials/footer}}
        </body>
        </html>

        """,
        "partials/header": """
        <header class="site-header">
          <a class="brand" href="{{site.root}}index.html">{{site.title}}</a>
          <nav>
            <a href="{{site.root}}latest/index.html">Latest</a>
            <a href="{{site.root}}tags/index.html">Tags</a>
            <a href="{{site.root}}users/index.html">People</a>
            <form action="{{site.searchURL}}" method="get"><input name="q" type="search" placeholder="Search {{site.title}}"></form>
          </nav>
        </header>

        """,
        "partials/footer": """
        <footer class="site-footer">
          <p>&copy; {{site.year}} {{site.title}} · <a href="{{site.feedURL}}">Atom feed</a> · <a href="{{site.root}}about.html">About</a></p>
        </footer>

        """,
        "partials/grid-item": """
        <li class="grid-item{{#nsfw}} nsfw{{/nsfw}}"><a href="{{url}}"><img src="{{thumbnailURL}}" width="{{width}}" height="{{height}}" alt="{{title}}" loading="lazy"></a></li>

        """,
        "image": """
        {{<layout}}
        {{$title}}{{title}} · {{site.title}}{{/title}}
        {{$description}}{{#description}}{{.}}{{/description}}{{^description}}{{title}} by {{owner.name}}{{/description}}{{/description}}
        {{$head}}
          <link rel="canonical" href="{{canonicalURL}}">
          <meta property="og:type" content="{{ogType}}">
          <meta property="og:title" content="{{title}}">
          <meta property="og:url" content="{{canonicalURL}}">
          <meta property="og:image" content="{{imageURL}}">
          <meta property="og:image:width" content="{{width}}">
          <meta property="og:image:height" content="{{height}}">
          <meta property="og:site_name" content="{{site.title}}">
          {{#description}}<meta property="og:description" content="{{.}}">{{/description}}
          <meta name="twitter:card" content="{{twitterCard}}">
          <meta name="twitter:image" content="{{imageURL}}">
          <meta name="keywords" content="{{#keywords}}{{.}}, {{/keywords}}">
          <script type="application/ld+json">{{{jsonLD}}}</script>
        {{/head}}
        {{$content}}
            <article class="image{{#nsfw}} nsfw{{/nsfw}}">
              <h1>{{title}}</h1>
              <figure>
                <a href="{{downloadURL}}"><img src="{{imageURL}}" width="{{width}}" height="{{height}}" alt="{{altText}}"></a>
                {{#description}}<figcaption>{{.}}</figcaption>{{/description}}
              </figure>
              <p class="byline">by <a href="{{owner.url}}">{{#owner.avatarURL}}<img class="avatar" src="{{.}}" alt="">{{/owner.avatarURL}}{{owner.name}}</a>, <time datetime="{{isoDate}}">{{date}}</time> (updated {{updatedDate}})</p>
              <ul class="stats"><li>{{views}} views</li><li>{{likes}} likes</li><li>{{commentCount}} comments</li></ul>
              <dl class="exif">
                {{#camera}}<dt>Camera</dt><dd>{{.}}</dd>{{/camera}}
                {{#lens}}<dt>Lens</dt><dd>{{.}}</dd>{{/lens}}
                {{#exposure}}<dt>Exposure</dt><dd>{{.}}</dd>{{/exposure}}
                {{#aperture}}<dt>Aperture</dt><dd>{{.}}</dd>{{/aperture}}
                {{#iso}}<dt>ISO</dt><dd>{{.}}</dd>{{/iso}}
                {{#location}}<dt>Location</dt><dd>{{.}}</dd>{{/location}}
                <dt>Size</dt><dd>{{width}} × {{height}} {{format}}, {{bytes}} bytes</dd>
              </dl>
              {{#license}}<p class="license">License: {{#licenseURL}}<a href="{{.}}">{{/licenseURL}}{{license}}{{#licenseURL}}</a>{{/licenseURL}}</p>{{/license}}
              {{#collectionTitle}}<p>In <a href="{{collectionURL}}">{{.}}</a></p>{{/collectionTitle}}
              <nav class="pager">{{#previousURL}}<a rel="prev" href="{{.}}">Previous</a>{{/previousURL}} {{#nextURL}}<a rel="next" href="{{.}}">Next</a>{{/nextURL}}</nav>
              <ul class="tags">
                {{#tags}}
                <li><a href="{{url}}" rel="tag">{{name}}</a></li>
                {{/tags}}
              </ul>
            </article>
            <section class="comments">
              <h2>{{commentCount}} comments</h2>
              {{^hasComments}}<p>No comments yet.</p>{{/hasComments}}
              <ol>
                {{#comments}}
                <li class="comment">
                  <p class="meta"><a href="{{author.url}}">{{author.name}}</a> · <time datetime="{{isoDate}}">{{date}}</time>{{#edited}} (edited){{/edited}}</p>
                  <div class="body">{{body}}</div>
                </li>
                {{/comments}}
              </ol>
            </section>
            <section class="related">
              <h2>More like this</h2>
              <ul class="grid">
                {{#related}}
                {{>partials/grid-item}}
                {{/related}}
              </ul>
            </section>
        {{/content}}
        {{/layout}}

        """,
    ]

    static func context() -> TemplateObject {
        var site = TemplateObject(Self.site)
        site["title"] = .text("Exhibit Gallery")
        site["url"] = .text("https://gallery.example.org/")
        site["root"] = .text("../../")
        site["language"] = .text("en")
        site["description"] = .text("Photographs shared by the community & friends")
        site["feedURL"] = .text("https://gallery.example.org/feeds/atom.xml")
        site["searchURL"] = .text("../../search.html")
        site["year"] = .number(2026)

        func makeUser(_ index: Int) -> TemplateValue {
            var user = TemplateObject(Self.user)
            user["name"] = .text("Photographer \(index) <\"quoted\">")
            user["url"] = .text("../../users/\(index)/index.html")
            user["avatarURL"] = index % 2 == 0 ? .text("https://res.example.org/avatars/\(index).jpg") : .null
            return .object(user)
        }

        var page = TemplateObject(Self.page)
        page["site"] = .object(site)
        page["title"] = .text("Sunset over the harbour & the old lighthouse")
        page["description"] = .text("Taken on a cold evening in late November; the light lasted \"only\" ten minutes. <3")
        page["canonicalURL"] = .text("https://gallery.example.org/images/48213/index.html")
        page["imageURL"] = .text("https://res.example.org/image/upload/v1700000000/gallery/48213.jpg")
        page["thumbnailURL"] = .text("https://res.example.org/image/upload/c_fill,w_400,h_400/gallery/48213.jpg")
        page["width"] = .number(4032)
        page["height"] = .number(3024)
        page["format"] = .text("JPEG")
        page["bytes"] = .number(3_481_222)
        page["altText"] = .text("A lighthouse silhouetted against an orange sky")
        page["date"] = .text("24 November 2026")
        page["isoDate"] = .text("2026-11-24T17:03:11Z")
        page["updatedDate"] = .text("25 November 2026")
        page["owner"] = makeUser(7)
        page["views"] = .number(18_402)
        page["likes"] = .number(1_204)
        page["commentCount"] = .number(10)
        page["nsfw"] = .bool(false)
        page["license"] = .text("CC BY-SA 4.0")
        page["licenseURL"] = .text("https://creativecommons.org/licenses/by-sa/4.0/")
        page["camera"] = .text("Fujifilm X-T5")
        page["lens"] = .text("XF 16-55mm F2.8 R LM WR")
        page["exposure"] = .text("1/250 s")
        page["aperture"] = .text("f/8")
        page["iso"] = .text("160")
        page["location"] = .text("Harbour, Old Town")
        page["collectionTitle"] = .text("Coastlines")
        page["collectionURL"] = .text("../../collections/12/index.html")
        page["previousURL"] = .text("../48212/index.html")
        page["nextURL"] = .text("../48214/index.html")
        page["downloadURL"] = .text("https://res.example.org/image/upload/fl_attachment/gallery/48213.jpg")
        page["tags"] = .list((0..<10).map { index in
            var tag = TemplateObject(Self.tag)
            tag["name"] = .text(["sunset", "harbour", "lighthouse", "sea", "orange", "winter", "evening", "coast", "silhouette", "long exposure"][index])
            tag["url"] = .text("../../tags/tag-\(index)/index.html")
            return .object(tag)
        })
        page["keywords"] = .list(["sunset", "harbour", "lighthouse", "sea", "orange"].map { .text($0) })
        page["comments"] = .list((0..<10).map { index in
            var comment = TemplateObject(Self.comment)
            comment["body"] = .text("Comment number \(index): the colours are amazing & the composition is spot on. Did you use a <filter>? I'd love to know more about the \"settings\".")
            comment["date"] = .text("\(index + 1) November 2026")
            comment["isoDate"] = .text("2026-11-\(10 + index)T10:00:00Z")
            comment["author"] = makeUser(index)
            comment["edited"] = .bool(index % 3 == 0)
            return .object(comment)
        })
        page["related"] = .list((0..<12).map { index in
            var item = TemplateObject(Self.gridItem)
            item["url"] = .text("../\(48300 + index)/index.html")
            item["title"] = .text("Related photo \(index) & more")
            item["thumbnailURL"] = .text("https://res.example.org/image/upload/c_fill,w_400,h_400/gallery/\(48300 + index).jpg")
            item["width"] = .number(400)
            item["height"] = .number(400)
            item["nsfw"] = .bool(index == 5)
            return .object(item)
        })
        page["jsonLD"] = .text(#"{"@context":"https://schema.org","@type":"ImageObject","name":"Sunset over the harbour \u0026 the old lighthouse","contentUrl":"https://res.example.org/image/upload/v1700000000/gallery/48213.jpg","width":4032,"height":3024,"author":{"@type":"Person","name":"Photographer 7"},"datePublished":"2026-11-24T17:03:11Z","license":"https://creativecommons.org/licenses/by-sa/4.0/"}"#)
        page["ogType"] = .text("article")
        page["twitterCard"] = .text("summary_large_image")
        page["hasComments"] = .bool(true)
        return page
    }
}

/// `exhibit-bench templates [seconds] [--print]`: renders the benchmark page repeatedly on one thread
/// (`--print`: prints the page once instead).
func benchmarkTemplates(seconds: Double, printPage: Bool) {
    let loadStart = monotonicSeconds()
    let set: TemplateSet
    do {
        set = try TemplateSet(templates: BenchmarkTheme.templates, pages: ["image": BenchmarkTheme.page])
    } catch {
        print("theme failed to load: \(error)")
        exit(1)
    }
    let loadTime = monotonicSeconds() - loadStart
    let context = BenchmarkTheme.context()
    var buffer: [UInt8] = []
    buffer.reserveCapacity(64 * 1024)
    set.render("image", context, into: &buffer)
    let pageBytes = buffer.count
    if printPage {
        print(String(decoding: buffer, as: UTF8.self))
        return
    }
    // Warm up, then render in batches until the time is up.
    for _ in 0..<1000 {
        buffer.removeAll(keepingCapacity: true)
        set.render("image", context, into: &buffer)
    }
    var pages = 0
    var totalBytes = 0
    let start = monotonicSeconds()
    let cpuStart = threadCPUSeconds()
    var cpu = 0.0
    repeat {
        for _ in 0..<1000 {
            buffer.removeAll(keepingCapacity: true)
            set.render("image", context, into: &buffer)
            totalBytes += buffer.count
        }
        pages += 1000
        cpu = threadCPUSeconds() - cpuStart
    } while cpu < seconds
    let wall = monotonicSeconds() - start
    print("templates: loaded and checked the theme in \(Int(loadTime * 1000)) ms")
    print("templates: \(pageBytes) bytes per page")
    print("templates: \(pages) pages in \(Int(cpu * 1000)) ms of thread CPU time (\(Int(wall * 1000)) ms wall)")
    print("templates: \(Int(Double(pages) / cpu)) pages/s, \(Int(Double(totalBytes) / cpu / 1_000_000)) MB/s on one core (CPU time)")
    print("templates: \(Int(Double(pages) / wall)) pages/s, \(Int(Double(totalBytes) / wall / 1_000_000)) MB/s by wall clock")
}
