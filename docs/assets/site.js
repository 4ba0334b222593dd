/* Открытые дорожные карты: small progressive enhancements. Everything works without JS,
   except charts (their data is also in a table) and search (lists of pages are linked). */
(function () {
  "use strict";
  var script = document.currentScript;
  var BASE = script ? script.src.replace(/assets\/site\.js(\?.*)?$/, "") : "/";

  /* ---------- version for visually impaired readers ---------- */
  function settings() { try { return JSON.parse(localStorage.getItem("rm-a11y") || "{}"); } catch (e) { return {}; } }
  function save(s) { try { localStorage.setItem("rm-a11y", JSON.stringify(s)); } catch (e) { /* ignore */ } }
  function apply(s) {
    var h = document.documentElement;
    h.classList.toggle("rm-a11y", !!s.on);
    if (s.on && s.size) { h.setAttribute("data-rm-size", s.size); } else { h.removeAttribute("data-rm-size"); }
    if (s.on && s.scheme) { h.setAttribute("data-rm-scheme", s.scheme); } else { h.removeAttribute("data-rm-scheme"); }
    h.classList.toggle("rm-no-images", !!(s.on && s.images === "off"));
    document.querySelectorAll(".rm-a11y-panel button").forEach(function (b) {
      var pressed = (b.dataset.rmSize && b.dataset.rmSize === String(s.size || "1")) ||
        (b.dataset.rmScheme && b.dataset.rmScheme === (s.scheme || "bw")) ||
        (b.dataset.rmImages && b.dataset.rmImages === (s.images || "on"));
      if (b.dataset.rmSize || b.dataset.rmScheme || b.dataset.rmImages) { b.setAttribute("aria-pressed", pressed ? "true" : "false"); }
    });
    document.dispatchEvent(new CustomEvent("rm-scheme-change"));
  }
  function initA11y() {
    var toggle = document.querySelector(".rm-a11y-toggle");
    var panel = document.getElementById("rm-a11y-panel");
    if (!toggle || !panel || toggle.dataset.ready) { return; }
    toggle.dataset.ready = "1";
    var s = settings();
    panel.hidden = !s.on;
    toggle.setAttribute("aria-expanded", s.on ? "true" : "false");
    toggle.addEventListener("click", function () {
      var cur = settings();
      cur.on = true;
      save(cur); apply(cur);
      panel.hidden = !panel.hidden;
      toggle.setAttribute("aria-expanded", panel.hidden ? "false" : "true");
    });
    panel.addEventListener("click", function (ev) {
      var b = ev.target.closest("button");
      if (!b) { return; }
      var cur = settings();
      cur.on = true;
      if (b.dataset.rmSize) { cur.size = b.dataset.rmSize; }
      if (b.dataset.rmScheme) { cur.scheme = b.dataset.rmScheme; }
      if (b.dataset.rmImages) { cur.images = b.dataset.rmImages; }
      if (b.classList.contains("rm-a11y-off")) { cur = { on: false }; panel.hidden = true; toggle.setAttribute("aria-expanded", "false"); }
      save(cur); apply(cur);
    });
    apply(s);
  }

  /* ---------- sortable tables ---------- */
  function cellValue(row, index) {
    var cell = row.children[index];
    var text = cell ? cell.textContent.trim() : "";
    var num = parseFloat(text.replace(/\s/g, "").replace(",", "."));
    return /^[\d\s.,]+/.test(text) && !isNaN(num) ? num : text.toLowerCase();
  }
  function initSort() {
    document.querySelectorAll("table.rm-sortable").forEach(function (table) {
      if (table.dataset.ready) { return; }
      table.dataset.ready = "1";
      var heads = table.querySelectorAll("thead th");
      heads.forEach(function (th, index) {
        var label = th.textContent;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "rm-sort";
        button.textContent = label;
        button.setAttribute("aria-label", "Сортировать по столбцу «" + label + "»");
        th.textContent = "";
        th.appendChild(button);
        th.setAttribute("aria-sort", "none");
        button.addEventListener("click", function () {
          /* ascending, descending, then the document's order again; a table with task headings
             (rows .rm-group) is sorted within each task, so no heading is lost */
          var state = th.getAttribute("aria-sort");
          var next = state === "none" ? "ascending" : state === "ascending" ? "descending" : "none";
          heads.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
          th.setAttribute("aria-sort", next);
          var body = table.tBodies[0];
          if (!body.rmOrder) { body.rmOrder = Array.prototype.slice.call(body.rows); }
          var runs = [[]];
          body.rmOrder.forEach(function (r) {
            if (r.classList.contains("rm-group")) { runs.push([r]); } else { runs[runs.length - 1].push(r); }
          });
          var sign = next === "descending" ? -1 : 1;
          runs.forEach(function (run) {
            var head = run.length && run[0].classList.contains("rm-group") ? [run.shift()] : [];
            if (next !== "none") {
              run.sort(function (a, b) {
                var x = cellValue(a, index), y = cellValue(b, index);
                if (x === y) { return 0; }
                return (x > y ? 1 : -1) * sign;
              });
            }
            head.concat(run).forEach(function (r) { body.appendChild(r); });
          });
        });
      });
    });
  }

  /* ---------- filters of the action plan ---------- */
  function initFilters() {
    document.querySelectorAll("form.rm-filters:not(.rm-table-filter)").forEach(function (form) {
      if (form.dataset.ready) { return; }
      form.dataset.ready = "1";
      var target = document.getElementById(form.dataset.filterFor);
      var out = form.querySelector(".rm-filter-count");
      function run() {
        var who = form.elements.responsible.value, month = form.elements.month.value, status = form.elements.status.value;
        var shown = 0, total = 0;
        target.querySelectorAll("tbody tr[data-status]").forEach(function (row) {
          total += 1;
          var ok = (!who || (" " + row.dataset.responsible + " ").indexOf(" " + who + " ") >= 0) &&
            (!month || (" " + row.dataset.months + " ").indexOf(" " + month + " ") >= 0) &&
            (!status || row.dataset.status === status);
          row.hidden = !ok;
          if (ok) { shown += 1; }
        });
        /* a task's heading row, and a section with its heading, are shown while an activity under them is */
        target.querySelectorAll("tbody tr.rm-group").forEach(function (group) {
          var next = group.nextElementSibling, any = false;
          while (next && !next.classList.contains("rm-group")) { any = any || !next.hidden; next = next.nextElementSibling; }
          group.hidden = !any;
        });
        target.querySelectorAll(".rm-plan-section").forEach(function (section) {
          section.hidden = !section.querySelector("tbody tr[data-status]:not([hidden])");
        });
        out.textContent = "Показано мероприятий: " + shown + " из " + total;
      }
      /* a link may preselect the filter: ?responsible=org-id (from an organisation's page) */
      var params = new URLSearchParams(location.search);
      ["responsible", "month", "status"].forEach(function (name) {
        var select = form.elements[name], value = params.get(name);
        if (select && value && select.querySelector('option[value="' + CSS.escape(value) + '"]')) { select.value = value; }
      });
      form.addEventListener("change", run);
      form.addEventListener("submit", function (ev) { ev.preventDefault(); });  /* filters only: never sent */
      run();
    });
  }

  /* ---------- filters of data tables: each select narrows rows by the data attribute of its name ---------- */
  function initTableFilters() {
    document.querySelectorAll("form.rm-table-filter").forEach(function (form) {
      if (form.dataset.ready) { return; }
      form.dataset.ready = "1";
      var target = document.getElementById(form.dataset.filterFor);
      var out = form.querySelector(".rm-filter-count");
      var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
      function run() {
        var shown = 0, total = 0;
        target.querySelectorAll("tbody tr[data-row]").forEach(function (row) {
          var always = " " + (row.dataset.always || "") + " ";
          var ok = selects.every(function (s) {
            return !s.value || always.indexOf(" " + s.name + " ") >= 0 || row.dataset[s.name] === s.value;
          });
          row.hidden = !ok;
          total += 1;
          if (ok) { shown += 1; }
        });
        out.textContent = "Показано строк: " + shown + " из " + total;
      }
      form.addEventListener("change", run);
      form.addEventListener("submit", function (ev) { ev.preventDefault(); });
      run();
    });
  }

  /* ---------- permalinks: copy on click ---------- */
  function initPermalinks() {
    document.querySelectorAll("a.rm-permalink").forEach(function (a) {
      if (a.dataset.ready) { return; }
      a.dataset.ready = "1";
      a.addEventListener("click", function () {
        var url = location.href.split("#")[0] + a.getAttribute("href");
        if (navigator.clipboard) { navigator.clipboard.writeText(url).then(function () { a.setAttribute("data-copied", "скопировано"); }, function () {}); }
      });
    });
  }

  /* ---------- charts: plotly.js fetched only where needed, after first paint ---------- */
  var plotlyPromise = null;
  function loadPlotly() {
    if (window.Plotly) { return Promise.resolve(window.Plotly); }
    if (!plotlyPromise) {
      plotlyPromise = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = BASE + "assets/vendor/plotly-basic.min.js";
        s.async = true;
        s.onload = function () { resolve(window.Plotly); };
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return plotlyPromise;
  }
  function chartColors() {
    var h = document.documentElement, dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    var scheme = h.getAttribute("data-rm-scheme");
    if (scheme === "wb") { dark = true; }
    var fg = getComputedStyle(document.body).color || (dark ? "#fff" : "#111");
    return { fg: fg, plan: dark ? "#8fa8ff" : "#3949ab", fact: dark ? "#ffb74d" : "#b34700", grid: dark ? "#555" : "#ddd" };
  }
  function drawCharts() {
    var nodes = document.querySelectorAll(".rm-chart[data-figure]");
    if (!nodes.length) { return; }
    loadPlotly().then(function (Plotly) {
      var c = chartColors();
      nodes.forEach(function (node) {
        /* figure JSON in an attribute, not a <script>: instant navigation re-runs every script it swaps in */
        var fig = JSON.parse(node.dataset.figure);
        fig.layout.paper_bgcolor = "rgba(0,0,0,0)";
        fig.layout.plot_bgcolor = "rgba(0,0,0,0)";
        fig.layout.font = { color: c.fg, size: 14 };
        fig.layout.xaxis.gridcolor = c.grid; fig.layout.yaxis.gridcolor = c.grid;
        fig.data.forEach(function (t) {
          var role = t.meta === "plan" || t.meta === "fact" ? t.meta : (t.type === "bar" ? "plan" : "fact");
          t.marker = t.marker || {};
          t.marker.color = c[role];
          if (t.type !== "bar") { t.line = t.line || {}; t.line.color = c[role]; }
        });
        Plotly.react(node, fig.data, fig.layout, { responsive: true, displaylogo: false, displayModeBar: false,
          topojsonURL: BASE + "assets/vendor/", locale: "ru" });
        node.setAttribute("data-rendered", "1");
      });
    }).catch(function () {
      nodes.forEach(function (n) { n.textContent = "График не загрузился; значения приведены в таблице ниже."; });
    });
  }
  function scheduleCharts() {
    if (!document.querySelector(".rm-chart[data-figure]")) { return; }
    var run = function () { (window.requestIdleCallback || setTimeout)(drawCharts); };
    if (document.readyState === "complete") { run(); } else { window.addEventListener("load", run, { once: true }); }
  }
  document.addEventListener("rm-scheme-change", function () { if (window.Plotly) { drawCharts(); } });
  new MutationObserver(function () { if (window.Plotly) { drawCharts(); } })
    .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  /* ---------- search (pagefind, self-hosted) ----------
     A region's index comes in parts (pagefind/roadmaps-chasti.json names them; chast-<name>/ each, merged here with
     the filter «chast»).  pagefind widens a word that an index lacks to the longest word of that index it begins
     with, so a part without the word would answer with pages that lack it: the top index holds every part's
     words (a page each, its id named in roadmaps-chasti.json), and is asked first which parts have each word of
     the query. */
  var PAGE_SIZE = 5;
  var engine = null;
  function searchTerm(query) {
    /* "№" is no word for the index: «СОШ № 32» and «СОШ №32» are searched as «СОШ 32» */
    return String(query || "").replace(/№/g, " ").replace(/\s+/g, " ").trim();
  }
  function searchEngine() {
    if (!engine) {
      var root = new URL(BASE, location.href).pathname + "pagefind/";  /* a path: pagefind gives results as paths */
      engine = import(root + "pagefind.js").then(function (pf) {
        return fetch(root + "roadmaps-chasti.json")
          .then(function (r) { return r.ok ? r.json() : null; }, function () { return null; })
          .then(function (manifest) {
            var parts = (manifest && Array.isArray(manifest.parts) ? manifest.parts : [])
              .filter(function (name) { return typeof name === "string" && /^[a-z0-9-]+$/.test(name); });
            var vocabulary = (manifest && manifest.vocabulary) || {};
            return Promise.all(parts.map(function (name) {
              return pf.mergeIndex(root + "chast-" + name + "/", { mergeFilter: { chast: name } });
            })).then(function () { return { pf: pf, parts: parts, vocabulary: vocabulary }; });
          });
      });
    }
    return engine;
  }
  /* every result of the query, best first (pagefind's: an id, a score and data() that loads the page's fragment) */
  function searchAll(query) {
    var term = searchTerm(query);
    if (!term) { return Promise.resolve([]); }
    return searchEngine().then(function (e) {
      if (!e.parts.length) { return e.pf.search(term).then(function (found) { return found ? found.results : []; }); }
      var probe = term.replace(/"/g, " ").trim();  /* an exact phrase: its words are in the part all the same */
      return e.pf.search(probe).then(function (found) {
        var having = [];
        ((found && found.results) || []).forEach(function (r) {
          var name = Object.prototype.hasOwnProperty.call(e.vocabulary, r.id) ? e.vocabulary[r.id] : null;
          if (name && e.parts.indexOf(name) >= 0 && having.indexOf(name) < 0) { having.push(name); }
        });
        if (!having.length) { return []; }
        return e.pf.search(term, { filters: { chast: { any: having } } })
          .then(function (result) { return result ? result.results : []; });
      });
    });
  }
  /* pagefind keeps a page's text as text and escapes only "<" and ">" in an excerpt: exactly that is turned back
     (an "&" typed in the data before "lt;" or "gt;" comes with a word joiner from the search document) */
  function decoded(text) {
    return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&\u2060(?=[lg]t;)/g, "&");
  }
  /* pagefind's excerpt: text with <mark> around the words found; only the marks are kept as markup */
  function excerpt(text, into) {
    var mark = null;
    String(text || "").split(/(<mark>|<\/mark>)/).forEach(function (piece) {
      if (piece === "<mark>") { mark = into.appendChild(document.createElement("mark")); return; }
      if (piece === "</mark>") { mark = null; return; }
      if (piece) { (mark || into).appendChild(document.createTextNode(decoded(piece))); }
    });
    return into;
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }
  function resultItem(data) {
    var item = el("li", "rm-search-result");
    var title = item.appendChild(el("p", "rm-search-result-title"));
    /* pagefind takes the title from the page's <h1>, with the theme's permalink sign «¶» at its end */
    var name = String((data.meta && data.meta.title) || data.url).replace(/\s*¶\s*$/, "");
    var link = title.appendChild(el("a", "rm-search-result-link", name));
    link.href = data.url;
    item.appendChild(excerpt(data.excerpt, el("p", "rm-search-excerpt")));
    var subs = (data.sub_results || []).filter(function (sub) { return sub.url !== data.url; }).slice(0, 3);
    if (subs.length) {
      var list = item.appendChild(el("ul", "rm-search-sub"));
      subs.forEach(function (sub) {
        var li = list.appendChild(el("li"));
        var a = li.appendChild(el("a", "rm-search-sub-link", sub.title));
        a.href = sub.url;
        li.appendChild(excerpt(sub.excerpt, el("span", "rm-search-excerpt")));
      });
    }
    return item;
  }
  function words(n, one, few, many) {
    var m10 = n % 10, m100 = n % 100;
    return m10 === 1 && m100 !== 11 ? one : (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14) ? few : many);
  }
  function initSearch() {
    var box = document.getElementById("rm-search");
    if (!box || box.dataset.ready) { return; }
    box.dataset.ready = "1";
    box.textContent = "";
    var form = box.appendChild(el("form", "rm-search-form"));
    form.setAttribute("role", "search");
    var label = form.appendChild(el("label", "rm-search-label", "Что найти"));
    label.htmlFor = "rm-search-q";
    var row = form.appendChild(el("div", "rm-search-row"));
    var input = row.appendChild(el("input", "rm-search-input"));
    input.type = "search"; input.id = "rm-search-q"; input.name = "q"; input.autocomplete = "off";
    input.placeholder = "Например: наставник, СОШ № 32, ВПР";
    row.appendChild(el("button", "rm-search-button rm-search-go", "Найти")).type = "submit";
    var status = box.appendChild(el("p", "rm-search-status"));
    status.setAttribute("role", "status");
    var list = box.appendChild(el("ol", "rm-search-results"));
    var more = box.appendChild(el("button", "rm-search-button rm-search-more", "Показать ещё"));
    more.type = "button"; more.hidden = true;
    var asked = 0, results = [], shown = 0, timer = null;
    function show(count) {
      var slice = results.slice(shown, shown + count);
      var turn = asked;
      more.hidden = true;
      return Promise.all(slice.map(function (r) { return r.data(); })).then(function (all) {
        if (turn !== asked) { return; }
        all.forEach(function (data) {
          if (data && typeof data.url === "string" && /^\//.test(data.url)) { list.appendChild(resultItem(data)); }
        });
        shown += slice.length;
        more.hidden = shown >= results.length;
        status.textContent = "Найдено: " + results.length + " " + words(results.length, "страница", "страницы", "страниц") +
          (results.length > shown ? ". Показаны первые " + shown + "." : ".");
      });
    }
    function run() {
      var query = input.value, turn = ++asked;
      clearTimeout(timer);
      list.textContent = ""; results = []; shown = 0; more.hidden = true;
      if (!searchTerm(query)) { status.textContent = ""; return; }
      status.textContent = "Ищем…";
      searchAll(query).then(function (found) {
        if (turn !== asked) { return; }
        results = found;
        if (!found.length) {
          status.textContent = "По запросу «" + query.trim() + "» ничего не найдено. Проверьте написание или " +
            "попробуйте другое слово.";
          return;
        }
        return show(PAGE_SIZE);
      }).catch(function () {
        if (turn === asked) { status.textContent = "Поиск не загрузился. Обновите страницу."; }
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 300); });
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    more.addEventListener("click", function () { show(PAGE_SIZE); });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; run(); }
  }
  window.rmSearch = { all: searchAll };  /* every result's page, for the page tests */

  /* ---------- Markdown tables: Material puts each in a box that scrolls sideways; the keyboard scrolls it too ---------- */
  function initScrollBoxes() {
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (box) {
      var heading = null, node = box;
      while (node && !heading) {
        node = node.previousElementSibling;
        if (node && /^H[1-6]$/.test(node.tagName)) { heading = node; }
      }
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Таблица" + (heading ? ": " + heading.textContent.replace(/¶$/, "").trim() : ""));
    });
  }

  function init() { initA11y(); initScrollBoxes(); initSort(); initFilters(); initTableFilters(); initPermalinks(); scheduleCharts(); initSearch(); }
  /* Material's instant navigation swaps the page without reloading: re-run on each swap */
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
