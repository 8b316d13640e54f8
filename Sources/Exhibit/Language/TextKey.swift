/// A catalog text the code fills in (a title, a description, a label with a name in it), by its
/// key in `i18n/en.toml`. Keys templates use are written in the templates (`{{t.nav.home}}`);
/// `LanguageTests` checks that every case here is a key of the English catalog.
package enum TextKey: String, Sendable, CaseIterable {
    case feedLink = "site.feed_link", separator = "site.separator"
    case navHome = "nav.home", navCollections = "nav.collections", navTags = "nav.tags", navThemes = "nav.themes"
    case pagerNewer = "pager.newer", pagerOlder = "pager.older", pagerPrevious = "pager.previous", pagerNext = "pager.next"
    case pagerPosition = "pager.position"
    case photoBy = "grid.photo_by"
    case homeArchiveTitle = "home.archive_title", homeSpan = "home.span", homeSpanOneDay = "home.span_one_day"
    case imageSummary = "image.summary"
    case userArchiveTitle = "user.archive_title", userSummary = "user.summary", userSpan = "user.span"
    case userSpanOneDay = "user.span_one_day", userFeed = "user.feed"
    case collectionPageTitle = "collection.page_title", collectionSummary = "collection.summary", collectionFeed = "collection.feed"
    case collectionsTitle = "collections.title", collectionsPageTitle = "collections.page_title", collectionsSummary = "collections.summary"
    case tagKind = "tag.kind", tagSummary = "tag.summary", themeKind = "theme.kind", themeSummary = "theme.summary"
    case tagTitle = "tag.title", tagArchiveTitle = "tag.archive_title", tagFeed = "tag.feed", tagSpan = "tag.span", tagSpanOneDay = "tag.span_one_day"
    case themeTitle = "theme.title", themeArchiveTitle = "theme.archive_title", themeFeed = "theme.feed", themeSpan = "theme.span"
    case themeSpanOneDay = "theme.span_one_day"
    case tagsTitle = "tags.title", tagsPageTitle = "tags.page_title", tagsSummary = "tags.summary"
    case themesTitle = "themes.title", themesPageTitle = "themes.page_title", themesSummary = "themes.summary"
    case archiveTitle = "archive.title", archiveSummary = "archive.summary"
    case searchTitle = "search.title", searchSummary = "search.summary"
    case notFoundTitle = "not_found.title", notFoundSummary = "not_found.summary"
    case feedUserTitle = "feed.user_title", feedUserSummary = "feed.user_summary"
    case feedTagTitle = "feed.tag_title", feedTagSummary = "feed.tag_summary"
    case feedThemeTitle = "feed.theme_title", feedThemeSummary = "feed.theme_summary"
    case feedCollectionTitle = "feed.collection_title", feedCollectionSummary = "feed.collection_summary"
    case feedBy = "feed.by", feedTheme = "feed.theme", feedTags = "feed.tags"
}

/// A counted text (`count.likes`: `1 like`, `4 likes`), by its key in `i18n/en.toml`.
package enum CountKey: String, Sendable, CaseIterable {
    case images = "count.images", likes = "count.likes", comments = "count.comments"
    case commentsNotShown = "count.comments_not_shown", collections = "count.collections"
    case searchResults = "count.search_results"
}
