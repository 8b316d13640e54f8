import Foundation

/// The preview's live-reload client, served at `<mount>__exhibit/live.js` and referenced from
/// every HTML page as it is served (never written to the output folder).
///
/// It is an external same-origin script (a Content-Security-Policy allowing `'self'` scripts
/// runs it), styles the error overlay through the CSSOM (allowed by `style-src`), and finds
/// everything relative to its own URL, so a sub-path and a reverse proxy do not matter. It
/// reloads the page only when a build changed the page's own file or a stylesheet, script or
/// image it uses; it shows a failed build's error over the page until a build succeeds.
enum LiveReloadScript {
    static let source = #"""
    (function () {
      'use strict';
      var me = document.currentScript;
      if (!me || !window.EventSource) return;
      var root = new URL('../', me.src).href;
      var page = me.getAttribute('data-page') || '';
      var since = me.getAttribute('data-generation') || '';
      var instance = me.getAttribute('data-instance') || '';
      function sitePath(u) {
        var url;
        try { url = new URL(u, location.href); } catch (e) { return null; }
        url.hash = ''; url.search = '';
        var href = url.href;
        if (href.indexOf(root) !== 0) return null;
        var path = decodeURIComponent(href.slice(root.length));
        if (path === '' || path.charAt(path.length - 1) === '/') path += 'index.html';
        return path;
      }
      function used() {
        var set = {};
        if (page) set[page] = true;
        var own = sitePath(location.href);
        if (own) set[own] = true;
        var nodes = document.querySelectorAll('link[rel~="stylesheet"][href], link[rel~="icon"][href], script[src], img[src]');
        for (var i = 0; i < nodes.length; i++) {
          var p = sitePath(nodes[i].href || nodes[i].src);
          if (p) set[p] = true;
        }
        return set;
      }
      var overlay = null;
      function showError(message) {
        if (!message) {
          if (overlay) { overlay.remove(); overlay = null; }
          return;
        }
        if (!overlay) {
          overlay = document.createElement('div');
          overlay.id = 'exhibit-build-error';
          overlay.setAttribute('role', 'alert');
          var s = overlay.style;
          s.position = 'fixed'; s.left = '0'; s.right = '0'; s.bottom = '0'; s.maxHeight = '60vh';
          s.overflow = 'auto'; s.zIndex = '2147483647'; s.margin = '0'; s.padding = '1em 1.5em';
          s.background = '#2b0b0b'; s.color = '#ffe8e8'; s.borderTop = '4px solid #e5484d';
          s.font = '14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
          s.whiteSpace = 'pre-wrap'; s.boxShadow = '0 -4px 24px rgba(0,0,0,.4)';
          var title = document.createElement('strong');
          title.textContent = 'exhibit serve: the build failed; this is the last good version of the page.';
          title.style.display = 'block'; title.style.marginBottom = '.5em';
          overlay.appendChild(title);
          overlay.appendChild(document.createElement('pre'));
          overlay.lastChild.style.margin = '0'; overlay.lastChild.style.whiteSpace = 'pre-wrap';
          (document.body || document.documentElement).appendChild(overlay);
        }
        overlay.lastChild.textContent = message;
      }
      function concerns(state) {
        if (state.all) return true;
        var set = used();
        for (var i = 0; i < state.paths.length; i++) if (set[state.paths[i]]) return true;
        return false;
      }
      var url = root + '__exhibit/events?since=' + encodeURIComponent(since) + '&instance=' + encodeURIComponent(instance);
      var source = new EventSource(url);
      function handle(event) {
        var state = JSON.parse(event.data);
        showError(state.error);
        if (!state.error && concerns(state)) {
          source.close();
          location.reload();
        }
      }
      source.addEventListener('hello', handle);
      source.addEventListener('build', handle);
      window.__exhibitLive = { root: root, page: page };
    })();
    """#

    /// `html` with the client's `<script>` before its last `</body>` (or at its end).
    /// `toRoot` is the relative path from the requested URL to the site root ("", "../").
    static func inject(into html: [UInt8], toRoot: String, page: String, generation: Int, instance: String) -> [UInt8] {
        let tag = "<script src=\"\(attribute(toRoot))__exhibit/live.js\" data-page=\"\(attribute(page))\" data-generation=\"\(generation)\" data-instance=\"\(attribute(instance))\" defer></script>"
        let needle = Array("</body".utf8)
        var position = html.count
        if html.count >= needle.count {
            var index = html.count - needle.count
            while index >= 0 {
                var match = true
                for offset in 0..<needle.count {
                    var byte = html[index + offset]
                    if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
                    if byte != needle[offset] { match = false; break }
                }
                if match { position = index; break }
                index -= 1
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(html.count + tag.utf8.count)
        out.append(contentsOf: html[..<position])
        out.append(contentsOf: tag.utf8)
        out.append(contentsOf: html[position...])
        return out
    }

    private static func attribute(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;")
    }
}
