import Exhibit

/// What `build` and `serve` make of the same options: one place, so the two commands build the
/// same site from the same arguments.
extension BuildOptions {
    init(database: String, output: String, config: SiteConfig, demo: Bool, configFileGiven: Bool,
         templates: String?, strict: Bool, jobs: Int?, force: Bool) {
        self.init(databasePath: database)
        var config = config
        if demo {
            if config.title == SiteConfig().title { config.title = "Exhibit Demo Gallery" }
            // The demo's likes are synthetic: show recommendations/ there (docs/recommendations.md),
            // unless a configuration file decides.
            if !configFileGiven { config.recommendations = true }
        }
        outputDirectory = output
        self.config = config
        templatesDirectory = templates
        self.strict = strict
        if let jobs { self.jobs = jobs }
        self.force = force
        offlineDemoMedia = demo
    }
}
