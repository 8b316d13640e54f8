/// Word lists the demo generator draws from: themes with their subjects and tags, places,
/// names from many cultures, bios, comments. All plain arrays (never iterated from a Set or
/// Dictionary), so generation order is fixed.
enum DemoVocabulary {
    /// A gallery theme: its canonical spelling, what its pictures show, and its usual tags
    /// (canonical spellings of tag groups, most frequent first).
    struct ThemeWords {
        let name: String
        let subjects: [String]
        let tags: [String]
    }

    /// Themes, most popular first (image themes follow Zipf weights over this order).
    static let themes: [ThemeWords] = [
        ThemeWords(name: "Travel",
              subjects: ["old town", "harbour", "train station", "market", "rooftop view", "ferry ride", "hostel balcony"],
              tags: ["travel", "wanderlust", "São Paulo", "Kraków", "Lisbon", "東京", "Reykjavík", "Marrakech", "roadtrip", "backpacking"]),
        ThemeWords(name: "Nature",
              subjects: ["forest trail", "waterfall", "meadow", "river bend", "fern", "moss-covered boulder"],
              tags: ["nature", "forest", "hiking", "autumn", "waterfall", "flowers", "mountains"]),
        ThemeWords(name: "Street",
              subjects: ["crosswalk", "alley", "bus stop", "street musician", "neon sign", "shadow play"],
              tags: ["street photography", "urban", "candid", "city life", "neon", "shadows"]),
        ThemeWords(name: "Portrait",
              subjects: ["portrait", "self-portrait", "candid portrait", "street portrait", "family portrait"],
              tags: ["portrait", "people", "natural light", "85mm", "candid", "studio"]),
        ThemeWords(name: "Food",
              subjects: ["ramen", "pastel de nata", "crème brûlée", "flat white", "tacos al pastor", "bibimbap", "croissant"],
              tags: ["food", "café", "coffee", "brunch", "street food", "crème brûlée", "ramen", "dessert"]),
        ThemeWords(name: "Landscape",
              subjects: ["mountain ridge", "valley", "coastline", "sand dunes", "lake", "glacier"],
              tags: ["landscape", "mountains", "seascape", "lake", "fog", "milky way"]),
        ThemeWords(name: "Architecture",
              subjects: ["staircase", "façade", "cathedral", "concrete tower", "bridge", "archway"],
              tags: ["architecture", "brutalism", "symmetry", "cathedral", "bridge", "modernism"]),
        ThemeWords(name: "Wildlife",
              subjects: ["red fox", "heron", "kingfisher", "deer", "barn owl", "seal pup"],
              tags: ["wildlife", "birds", "birding", "safari", "fox", "owl"]),
        ThemeWords(name: "Night",
              subjects: ["skyline", "milky way", "light trail", "moonrise", "night market", "aurora"],
              tags: ["night", "astrophotography", "milky way", "neon", "city lights", "long exposure"]),
        ThemeWords(name: "Abstract",
              subjects: ["reflection", "light leak", "texture study", "colour field", "pattern", "double exposure"],
              tags: ["abstract", "texture", "pattern", "reflection", "geometry", "light trails"]),
        ThemeWords(name: "Macro",
              subjects: ["dewdrop", "bee", "dragonfly", "snowflake", "lichen", "ladybird"],
              tags: ["macro", "insects", "flowers", "dew", "close-up"]),
        ThemeWords(name: "Workspace",
              subjects: ["desk setup", "mechanical keyboard", "coffee and code", "home office", "notebook sketch"],
              tags: ["desk setup", "C++", "C#", "coding", "mechanical keyboard", "coffee"]),
    ]

    /// Tags any theme may carry, most frequent first.
    static let generalTags: [String] = [
        "photography", "golden hour", "black & white", "film", "sunset", "35mm", "bokeh", "iphone",
        "fujifilm", "blue hour", "long exposure", "minimal", "colourful", "drone", "summer", "winter", "rain",
    ]

    /// Tag groups with more than one spelling: the canonical spelling first (used ~85% of the
    /// time), then case, whitespace and Unicode-normalisation variants of the same tag.
    static let tagVariants: [[String]] = [
        ["café", "Café", "CAFÉ", "cafe\u{301}"],
        ["street photography", "Street Photography", "STREET PHOTOGRAPHY", " street photography"],
        ["golden hour", "Golden Hour", " golden hour "],
        ["black & white", "Black & White", "BLACK & WHITE"],
        ["São Paulo", "são paulo", "SÃO PAULO"],
        ["Kraków", "kraków"],
        ["travel", "Travel"],
        ["food", "Food", "FOOD"],
        ["nature", "Nature"],
        ["portrait", "Portrait"],
        ["architecture", "Architecture"],
        ["long exposure", "Long Exposure"],
        ["iphone", "iPhone"],
        ["film", "Film"],
        ["mountains", "Mountains"],
        ["brutalism", "Brutalism"],
        ["wildlife", "Wildlife"],
    ]

    static let places = [
        "Lisbon", "São Paulo", "Kraków", "Reykjavík", "Zürich", "Montréal", "Kyoto", "東京", "Marrakech",
        "Cusco", "Istanbul", "Hà Nội", "Oaxaca", "Tromsø", "Cape Town", "Sevilla", "Valparaíso",
        "Ljubljana", "Porto", "Edinburgh", "Chefchaouen", "Bogotá", "Québec", "Göteborg", "Dubrovnik",
    ]

    static let adjectives = ["Quiet", "Golden", "Misty", "Moody", "Vivid", "Soft", "Late", "Early", "Crisp", "Dreamy", "Lonely", "Electric"]
    static let timesOfDay = ["golden hour", "dawn", "dusk", "midnight", "noon", "blue hour", "first light"]
    static let weather = ["rainy", "foggy", "sunny", "windy", "snowy", "grey", "humid"]
    static let cameras = ["Fujifilm X100V", "Canon AE-1", "iPhone 15 Pro", "Sony α7 III", "Leica M6", "Nikon Z6", "Pentax K1000", "Ricoh GR III"]

    /// Description templates; `{adj}`, `{subject}`, `{place}`, `{time}`, `{weather}` are filled in.
    static let descriptionTemplates = [
        "{adj} {subject} in {place}.",
        "{subject} at {time}, {place}.",
        "Caught this {subject} on a {weather} morning.",
        "Another {subject} from my trip to {place}.",
        "{adj} {subject}. No edits.",
        "Still thinking about this {subject} in {place}…",
        "{subject}, {place} — {time}.",
        "Waited an hour for the light on this {subject}.",
        "First roll of the year: {subject} on a {weather} day.",
        "{adj} light, {weather} sky, one {subject}.",
    ]

    static let descriptionSuffixes = [
        " Shot on {camera}.", " Shot on {camera}.", " Shot on {camera}.", " #nofilter", " 📷",
        " Prints available soon.", " Fish & chips afterwards.", " <3",
    ]

    /// A naming culture: first names and family names as (display, ASCII for e-mail) pairs.
    struct Culture {
        let given: [(String, String)]
        let family: [(String, String)]
        /// Family name first (Vietnamese, Chinese, Korean, Japanese in its own script).
        var familyFirst = false
        var separator = " "
    }

    static let cultures: [Culture] = [
        Culture(given: [("José", "jose"), ("João", "joao"), ("Luísa", "luisa"), ("Mariana", "mariana"), ("Thiago", "thiago")],
                family: [("Gonçalves", "goncalves"), ("Araújo", "araujo"), ("Silva", "silva"), ("Conceição", "conceicao")]),
        Culture(given: [("Sofía", "sofia"), ("Martín", "martin"), ("Lucía", "lucia"), ("Álvaro", "alvaro")],
                family: [("García", "garcia"), ("Núñez", "nunez"), ("Ibáñez", "ibanez"), ("Ortega", "ortega")]),
        Culture(given: [("Chloé", "chloe"), ("Élodie", "elodie"), ("François", "francois"), ("Théo", "theo")],
                family: [("Dubois", "dubois"), ("Lefèvre", "lefevre"), ("Moreau", "moreau"), ("Bénard", "benard")]),
        Culture(given: [("Jürgen", "juergen"), ("Zoë", "zoe"), ("Lena", "lena"), ("Maximilian", "max")],
                family: [("Müller", "mueller"), ("Schäfer", "schaefer"), ("Groß", "gross"), ("Becker", "becker")]),
        Culture(given: [("Łukasz", "lukasz"), ("Zofia", "zofia"), ("Małgorzata", "malgorzata"), ("Paweł", "pawel")],
                family: [("Kowalski", "kowalski"), ("Wiśniewska", "wisniewska"), ("Żukowski", "zukowski")]),
        Culture(given: [("Søren", "soren"), ("Åsa", "asa"), ("Björn", "bjorn"), ("Ingrid", "ingrid"), ("Sigríður", "sigridur")],
                family: [("Nørgaard", "norgaard"), ("Lindqvist", "lindqvist"), ("Guðmundsdóttir", "gudmundsdottir"), ("Håkansson", "hakansson")]),
        Culture(given: [("Aoife", "aoife"), ("Siobhán", "siobhan"), ("Niamh", "niamh"), ("Cian", "cian")],
                family: [("Ní Bhriain", "nibhriain"), ("O'Connor", "oconnor"), ("Murphy", "murphy")]),
        Culture(given: [("Mai", "mai"), ("Minh", "minh"), ("Linh", "linh"), ("Thị Hoa", "hoa")],
                family: [("Nguyễn", "nguyen"), ("Trần", "tran"), ("Phạm", "pham")], familyFirst: true),
        Culture(given: [("Ayşe", "ayse"), ("Çağrı", "cagri"), ("Emre", "emre"), ("Şebnem", "sebnem")],
                family: [("Yılmaz", "yilmaz"), ("Öztürk", "ozturk"), ("Demir", "demir")]),
        Culture(given: [("Haruto", "haruto"), ("Yuki", "yuki"), ("Sakura", "sakura"), ("Kenji", "kenji")],
                family: [("Tanaka", "tanaka"), ("Watanabe", "watanabe"), ("Sato", "sato")]),
        Culture(given: [("健二", "kenji"), ("さくら", "sakura"), ("陽翔", "haruto")],
                family: [("渡辺", "watanabe"), ("佐藤", "sato"), ("田中", "tanaka")], familyFirst: true),
        Culture(given: [("Ngozi", "ngozi"), ("Chinedu", "chinedu"), ("Oluwaseun", "seun"), ("Adaeze", "adaeze")],
                family: [("Okafor", "okafor"), ("Adeyemi", "adeyemi"), ("Eze", "eze")]),
        Culture(given: [("Priya", "priya"), ("Arjun", "arjun"), ("Ananya", "ananya"), ("Rohan", "rohan")],
                family: [("Raghunathan", "raghunathan"), ("Iyer", "iyer"), ("Chatterjee", "chatterjee"), ("Singh", "singh")]),
        Culture(given: [("Layla", "layla"), ("Omar", "omar"), ("Yasmin", "yasmin"), ("Karim", "karim")],
                family: [("Haddad", "haddad"), ("El-Amin", "elamin"), ("Mansour", "mansour")]),
        Culture(given: [("ليلى", "layla"), ("عمر", "omar"), ("ياسمين", "yasmin")],
                family: [("حداد", "haddad"), ("منصور", "mansour")]),
        Culture(given: [("Олена", "olena"), ("Андрій", "andriy"), ("Ірина", "iryna")],
                family: [("Шевченко", "shevchenko"), ("Коваленко", "kovalenko")]),
        Culture(given: [("芳", "fang"), ("伟", "wei"), ("静", "jing")],
                family: [("王", "wang"), ("李", "li"), ("陈", "chen")], familyFirst: true, separator: ""),
        Culture(given: [("민지", "minji"), ("서준", "seojun"), ("지우", "jiwoo")],
                family: [("김", "kim"), ("박", "park"), ("이", "lee")], familyFirst: true, separator: ""),
        Culture(given: [("Emily", "emily"), ("Jack", "jack"), ("Olivia", "olivia"), ("Noah", "noah")],
                family: [("Smith", "smith"), ("Brown", "brown"), ("Taylor", "taylor")]),
        Culture(given: [("Zsófia", "zsofia"), ("Bence", "bence"), ("Réka", "reka")],
                family: [("Szabó", "szabo"), ("Kovács", "kovacs"), ("Tóth", "toth")]),
    ]

    /// Display names some people use instead of their real name.
    static let handles = ["mika.shoots", "lens_and_light", "Wandering Pixel", "grain & glow", "analog.anna", "the_fox_chaser"]

    /// Bios; `{place}` is filled in.
    static let bios = [
        "Photographer based in {place} 📷",
        "Chasing light since 2009.",
        "Amateur birder. Coffee enthusiast. Occasional pictures.",
        "Film is not dead. 35mm & medium format.",
        "Architect by day, street photographer by night.",
        "Food, travel and the stories in between.",
        "Fotógrafa en {place}. Luz natural, siempre.",
        "Photographe amateur — {place}.",
        "Naturfotograf aus {place}. Geduld ist alles.",
        "東京在住。散歩と写真。",
        "Just here for the golden hour.",
        "Documenting everyday life in {place}.",
        "Wildlife & conservation. Prints: ask me!",
        "Pixels, patterns & late-night walks.",
        "I take pictures of my lunch. Sorry not sorry.",
        "Ex-software engineer (C++, C#), now full-time wanderer.",
    ]

    static let comments = [
        "Stunning light!", "Love the colours here 😍", "Where was this taken?", "Wow, the composition!",
        "This makes me miss {place}.", "Beautiful.", "Such a calm mood.", "Great shot!", "Incredible detail.",
        "What lens did you use?", "That sky though!", "Magnifique !", "¡Qué bonito!", "Wunderschön!",
        "素晴らしい写真ですね", "Que foto linda!", "Bellissima 👏", "Pięknie!", "Mooi gedaan!",
        "I was there last summer, brings back memories.", "Framing is perfect.", "Needs to be a print.",
        "The textures <3", "Adding this to my inspiration board.", "Is this film or digital?",
        "Hard to believe this is a phone shot.", "🔥🔥🔥", "Following for more of {place}!",
        "Fish & chips and a view like this? Yes please.", "So good it hurts.",
    ]

    static let collectionNames = [
        "Best of {theme}", "{place} {year}", "Golden hour favourites", "Moody blues", "Inspiration",
        "Portfolio", "Mes photos préférées", "Lieblingsbilder", "旅の記録", "Weekend in {place}",
        "{theme} I wish I'd taken", "Print shortlist", "Quiet places", "Colour studies",
    ]

    static let collectionDescriptions = [
        "A small selection from this year.", "Pictures I keep coming back to.",
        "Everything {theme}, curated slowly.", "From a trip to {place}.", "Work in progress — suggestions welcome.",
        "Shots by people I admire.", "Mostly {theme}, sometimes not.",
    ]

    static let reportReasons = [
        "Spam", "Inappropriate content", "Copyright infringement — this is my photo", "Misleading description",
        "Harassment in comments", "Nudity", "Violence", "Other",
    ]
}
