/* Exhibit search page: queries the static index in search/ (README "Search").
 * The normaliser, tokenizer and ranking mirror Sources/Exhibit/Search/ (SearchTokenizer.swift,
 * SiteSearch.swift) exactly, so this page shows the ids `exhibit search` prints.
 * No libraries, no network access beyond the site's own files, relative URLs only. */
(function () {
  'use strict';

  var form = document.getElementById('search-form');
  var input = document.getElementById('search-input');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  if (!form || !input || !status || !list) return;

  var root = list.getAttribute('data-root') || '';
  var suffixAttr = list.getAttribute('data-link-suffix');
  var linkSuffix = suffixAttr === null ? 'index.html' : suffixAttr;
  var pageSize = parseInt(list.getAttribute('data-page-size') || '', 10) || 12;
  var cellWidth = list.getAttribute('data-thumbnail-width') || '400';
  var gridWidths = (list.getAttribute('data-thumbnail-widths') || '').split(' ').filter(Boolean).map(Number);
  var gridSizes = list.getAttribute('data-sizes') || '';
  // Texts in the site's language, from the page (the theme's catalog, docs/languages.md).
  function text(name, fallback) { var value = list.getAttribute('data-' + name); return value === null ? fallback : value; }
  var counts = {};
  try { counts = JSON.parse(list.getAttribute('data-counts') || '{}'); } catch (error) { counts = {}; }
  var pluralRules = null;
  try { pluralRules = new Intl.PluralRules(document.documentElement.lang || 'en'); } catch (error) { pluralRules = null; }
  // A whole number as the build writes it: the catalog's digits, grouped by thousands.
  function formatNumber(value) {
    var plain = String(value);
    var grouped = '';
    var minimum = counts.minGrouping || 1;
    for (var i = 0; i < plain.length; i++) {
      if (i > 0 && (plain.length - i) % 3 === 0 && plain.length - 3 >= minimum) grouped += counts.group || '';
      grouped += plain.charAt(i);
    }
    var digits = counts.digits ? Array.from(counts.digits) : null;
    return digits && digits.length === 10 ? grouped.replace(/[0-9]/g, function (d) { return digits[+d]; }) : grouped;
  }
  // `count` with its noun, in the plural form CLDR gives the page's language.
  function countText(count) {
    // A page without data-counts (a theme of its own) counts in English, as before.
    var forms = counts.forms || { one: '{count} image', other: '{count} images' };
    var category = pluralRules ? pluralRules.select(count) : (count === 1 ? 'one' : 'other');
    var form = forms[category] || forms.other || '{count}';
    return form.split('{count}').join(formatNumber(count));
  }
  /* The src of a result: the grid width nearest the cell's, else the largest. */
  var gridFallback = gridWidths.filter(function (w) { return w >= Number(cellWidth); })[0] || gridWidths[gridWidths.length - 1] || Number(cellWidth);
  var base = root + 'search/';

  // ---- Index files -------------------------------------------------------------------------

  var manifestPromise = null;
  var shardCache = new Map();
  var chunkCache = new Map();

  function fetchJSON(path) {
    return fetch(base + path, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
      return response.json();
    });
  }
  function manifest() {
    if (!manifestPromise) {
      manifestPromise = fetchJSON('index.json').then(function (m) {
        if (m.format !== 2) throw new Error('unsupported index format ' + m.format);
        m.foldMap = new Map(m.folds.map(function (f) { return [f[0], f[1]]; }));
        return m;
      });
      manifestPromise.catch(function () { manifestPromise = null; });
    }
    return manifestPromise;
  }
  function cached(cache, key, path) {
    var hit = cache.get(key);
    if (!hit) {
      hit = fetchJSON(path);
      cache.set(key, hit);
      hit.catch(function () { cache.delete(key); });
    }
    return hit;
  }
  function shard(n) { return cached(shardCache, n, 'terms/' + n + '.json'); }
  function chunk(n) { return cached(chunkCache, n, 'docs/' + n + '.json'); }

  // ---- Normaliser and tokenizer (SearchTokenizer.swift) --------------------------------------

  var ASCII = /^[\x00-\x7f]*$/;
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]/u;
  var MARK = /\p{M}/u;

  function inRanges(cp, ranges) {
    for (var i = 0; i < ranges.length; i++) if (cp >= ranges[i][0] && cp <= ranges[i][1]) return true;
    return false;
  }

  function normalize(text, m) {
    if (ASCII.test(text)) return text.toLowerCase();
    var lower = text.normalize('NFKD').toLowerCase();
    var out = '';
    var compose = false;
    for (var ch of lower) {
      var cp = ch.codePointAt(0);
      if (cp < 0x80) { out += ch; continue; }
      if (inRanges(cp, m.strip)) continue;
      var fold = m.foldMap.get(ch);
      if (fold !== undefined) { out += fold; continue; }
      if (cp >= 0x1100 && cp <= 0x11ff) compose = true;
      else if (cp >= 0x300 && MARK.test(ch)) compose = true;
      out += ch;
    }
    return compose ? out.normalize('NFC') : out;
  }

  function runs(normalized, m) {
    var result = [];
    var run = [];
    var runIsCJK = false;
    for (var ch of normalized) {
      if (!WORD.test(ch)) {
        if (run.length) { result.push([run, runIsCJK]); run = []; }
        continue;
      }
      var cjk = inRanges(ch.codePointAt(0), m.cjk);
      if (run.length && cjk !== runIsCJK) { result.push([run, runIsCJK]); run = []; }
      runIsCJK = cjk;
      run.push(ch);
    }
    if (run.length) result.push([run, runIsCJK]);
    return result;
  }

  function queryTerms(query, m) {
    var terms = [];
    var lastIsWord = false;
    runs(normalize(query, m), m).forEach(function (r) {
      var run = r[0];
      if (r[1]) {
        if (run.length === 1) terms.push({ token: run[0], prefix: false });
        else for (var i = 0; i + 1 < run.length; i++) terms.push({ token: run[i] + run[i + 1], prefix: false });
        lastIsWord = false;
      } else {
        terms.push({ token: run.slice(0, m.maxTokenLength).join(''), prefix: false });
        lastIsWord = true;
      }
    });
    if (lastIsWord) terms[terms.length - 1].prefix = true;
    var unique = [];
    terms.forEach(function (t) {
      if (!unique.some(function (u) { return u.token === t.token && u.prefix === t.prefix; })) unique.push(t);
    });
    return unique;
  }

  // ---- Postings and ranking (SearchPostings.swift, SiteSearch.swift) -------------------------

  var ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var DIGIT = {};
  for (var d = 0; d < ALPHABET.length; d++) DIGIT[ALPHABET.charAt(d)] = d;

  function decodePostings(text) {
    var numbers = [];
    var value = 0, scale = 1;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT[text.charAt(i)];
      if (digit === undefined) throw new Error('bad posting list');
      value += (digit & 31) * scale;
      if (digit >= 32) scale *= 32; else { numbers.push(value); value = 0; scale = 1; }
    }
    var docs = [], weights = [];
    for (var j = 0; j + 1 < numbers.length;) {
      var weight = numbers[j], count = numbers[j + 1];
      j += 2;
      var previous = -1;
      for (var k = 0; k < count; k++, j++) {
        previous += numbers[j] + 1;
        docs.push(previous);
        weights.push(weight);
      }
    }
    return { docs: docs, weights: weights };
  }

  function idf(documents, frequency) {
    var ratio = frequency > 0 ? Math.floor(documents / frequency) : 0;
    return ratio <= 1 ? 1 : 32 - Math.clz32(ratio);
  }

  function shardIndex(token, keys) {
    var low = 0, high = keys.length - 1;
    while (low < high) {
      var mid = (low + high + 1) >> 1;
      if (keys[mid] <= token) low = mid; else high = mid - 1;
    }
    return low;
  }

  function shardsFor(term, keys) {
    var first = shardIndex(term.token, keys);
    var shards = [first];
    if (term.prefix) {
      for (var s = first + 1; s < keys.length && keys[s].startsWith(term.token); s++) shards.push(s);
    }
    return shards;
  }

  /* Resolves to the ranked image indices (best first) for a query. */
  function rank(query, m) {
    var terms = queryTerms(query, m);
    if (!terms.length || !m.shards.length) return Promise.resolve([]);
    var needed = terms.map(function (t) { return shardsFor(t, m.shards); });
    var all = [];
    needed.forEach(function (list) { list.forEach(function (s) { if (all.indexOf(s) < 0) all.push(s); }); });
    return Promise.all(all.map(shard)).then(function (loaded) {
      var byIndex = new Map();
      all.forEach(function (s, i) { byIndex.set(s, loaded[i]); });
      var total = null;
      for (var t = 0; t < terms.length; t++) {
        var term = terms[t];
        var scores = new Map();
        needed[t].forEach(function (s) {
          var entries = byIndex.get(s);
          for (var i = 0; i + 1 < entries.length; i += 2) {
            var token = entries[i];
            var exact = token === term.token;
            if (!exact && !(term.prefix && token.startsWith(term.token))) continue;
            var postings = decodePostings(entries[i + 1]);
            var factor = idf(m.documents, postings.docs.length) * (exact && term.prefix ? m.weights.exactPrefixBonus : 1);
            for (var k = 0; k < postings.docs.length; k++) {
              var score = postings.weights[k] * factor;
              var doc = postings.docs[k];
              if (score > (scores.get(doc) || 0)) scores.set(doc, score);
            }
          }
        });
        if (total === null) {
          total = scores;
        } else {
          var next = new Map();
          total.forEach(function (score, doc) { var more = scores.get(doc); if (more !== undefined) next.set(doc, score + more); });
          total = next;
        }
        if (!total.size) return [];
      }
      var ranked = Array.from(total.entries());
      ranked.sort(function (a, b) { return b[1] - a[1] || b[0] - a[0]; }); // ties: newest (highest document) first
      return ranked.map(function (e) { return e[0]; });
    });
  }

  // ---- Page --------------------------------------------------------------------------------

  var sequence = 0;
  var current = { docs: [], shown: 0 };
  var more = null;

  function setStatus(text) { if (status.textContent !== text) status.textContent = text; }

  function safeURL(url) {
    return /^https?:\/\//i.test(url) || !/^[a-z][a-z0-9+.\-]*:/i.test(url);
  }

  function clearResults() {
    while (list.firstChild) list.removeChild(list.firstChild);
    if (more) more.hidden = true;
  }

  function moreButton() {
    if (!more) {
      more = document.createElement('button');
      more.type = 'button';
      more.id = 'search-more';
      more.textContent = text('more', 'Show more images');
      more.hidden = true;
      more.addEventListener('click', function () { showPage(sequence, true); });
      list.parentNode.insertBefore(more, list.nextSibling);
    }
    return more;
  }

  /* Appends the next page of results; resolves once it is in the DOM. */
  function showPage(mySequence, moveFocus) {
    return manifest().then(function (m) {
      var page = current.docs.slice(current.shown, current.shown + pageSize);
      var chunks = [];
      page.forEach(function (doc) { var c = Math.floor(doc / m.docChunkSize); if (chunks.indexOf(c) < 0) chunks.push(c); });
      return Promise.all(chunks.map(chunk)).then(function (loaded) {
        if (mySequence !== sequence) return;
        var records = new Map();
        chunks.forEach(function (c, i) { records.set(c, loaded[i]); });
        var firstLink = null;
        page.forEach(function (doc) {
          var record = records.get(Math.floor(doc / m.docChunkSize))[doc % m.docChunkSize];
          if (!record) return;
          var id = record[0], thumb = record[1], alt = record[2], segment = record.length > 3 ? record[3] : id;
          var item = document.createElement('li');
          item.className = 'grid-item';
          item.setAttribute('data-id', id);
          var link = document.createElement('a');
          link.setAttribute('href', root + 'images/' + segment + '/' + linkSuffix);
          var img = document.createElement('img');
          if (thumb.indexOf('{w}') >= 0) {
            // A thumbnail with several sizes: `{w}` is its width (the grid's srcset and sizes).
            var at = function (w) { return thumb.split('{w}').join(String(w)); };
            if (safeURL(at(gridFallback))) {
              img.setAttribute('src', at(gridFallback));
              img.setAttribute('srcset', gridWidths.map(function (w) { return at(w) + ' ' + w + 'w'; }).join(', '));
              img.setAttribute('sizes', gridSizes);
            }
          } else if (safeURL(thumb)) {
            img.setAttribute('src', /^https?:\/\//i.test(thumb) ? thumb : root + thumb);
          }
          img.setAttribute('alt', alt);
          img.setAttribute('loading', 'lazy');
          img.setAttribute('width', cellWidth);
          img.setAttribute('height', cellWidth);
          link.appendChild(img);
          item.appendChild(link);
          list.appendChild(item);
          if (!firstLink) firstLink = link;
        });
        current.shown += page.length;
        var button = moreButton();
        button.hidden = current.shown >= current.docs.length;
        if (moveFocus && firstLink) firstLink.focus();
      });
    });
  }

  // How long the last query took, fetches included (read by the benchmark, not shown).
  function timed(started) { list.setAttribute('data-query-ms', (performance.now() - started).toFixed(1)); }

  function run(query) {
    var mySequence = ++sequence;
    var started = performance.now();
    var trimmed = query.trim();
    if (!trimmed) {
      clearResults();
      current = { docs: [], shown: 0 };
      setStatus('');
      return Promise.resolve();
    }
    return manifest().then(function (m) {
      return rank(trimmed, m);
    }).then(function (docs) {
      if (mySequence !== sequence) return;
      clearResults();
      current = { docs: docs, shown: 0 };
      if (!docs.length) {
        setStatus(text('no-match', 'No images match \u201c{query}\u201d.').split('{query}').join(trimmed));
        timed(started);
        return;
      }
      return showPage(mySequence, false).then(function () {
        if (mySequence === sequence) setStatus(countText(docs.length));
        timed(started);
      });
    }).catch(function () {
      if (mySequence !== sequence) return;
      clearResults();
      setStatus(location.protocol === 'file:'
        ? text('needs-http', 'Search needs the site to be served over HTTP.')
        : text('unavailable', 'Search is unavailable: the index could not be loaded.'));
    });
  }

  function updateURL(query) {
    if (!window.history || !history.replaceState) return;
    var params = new URLSearchParams(location.search);
    if (query.trim()) params.set('q', query); else params.delete('q');
    var search = params.toString();
    history.replaceState(history.state, '', location.pathname + (search ? '?' + search : '') + location.hash);
  }

  var timer = 0;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { updateURL(input.value); run(input.value); }, 200);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearTimeout(timer);
    updateURL(input.value);
    run(input.value);
  });

  var initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
