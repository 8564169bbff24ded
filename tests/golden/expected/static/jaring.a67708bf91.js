/* Jaring: small enhancements over pages that work without JavaScript.
   No inline script, no eval (the Content-Security-Policy forbids both): Vega runs with its
   expression interpreter (ast: true), and everything from data is inserted as text. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL(script.getAttribute("data-root") || "./", document.baseURI);
  var vegaSrc = script.getAttribute("data-vega");
  var lang = document.documentElement.lang || "id";
  var dateFormat = new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric" });
  // The words this script writes come from the page, in its language (templates/words.html): none are kept here.
  var wordsNode = document.getElementById("jaring-words");
  var WORDS = wordsNode ? JSON.parse(wordsNode.textContent) : {};
  function word(key, params) {
    var text = WORDS[key] || key;
    Object.keys(params || {}).forEach(function (k) { text = text.split("{" + k + "}").join(params[k]); });
    return text;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }

  function whenIdle(fn) {
    var go = function () { (window.requestIdleCallback || setTimeout)(fn); };
    if (document.readyState === "complete") go(); else window.addEventListener("load", go);
  }

  /* Copy buttons: the embed code and the citation. */
  function copyButtons() {
    document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-copy"));
        var text = "value" in target ? target.value : target.textContent.replace(/\s+/g, " ").trim();
        var done = function () {
          button.textContent = word("copied");
          setTimeout(function () { button.textContent = label; }, 2000);
        };
        if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () { select(target); });
        else select(target);
      });
    });
  }

  function select(node) {
    if (node.select) { node.select(); return; }
    var range = document.createRange();
    range.selectNodeContents(node);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
  }

  /* A citation's access date, and the date a page is printed, are the reader's today. */
  function today() {
    document.querySelectorAll("[data-today]").forEach(function (node) { node.textContent = dateFormat.format(new Date()); });
    document.querySelectorAll(".print-date[hidden]").forEach(function (node) { node.hidden = false; });
  }

  /* Sortable tables: a button in each column header; numbers sort by their data-sort value. */
  function sortableTables() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      heads.forEach(function (th, column) {
        var button = el("button", { type: "button", class: "sort" }, [th.textContent]);
        th.textContent = "";
        th.append(button);
        // a column of numbers sorts largest first on the first click; words from A
        var numeric = Array.prototype.some.call(table.tBodies[0].rows, function (row) {
          return typeof key(row.cells[column]) === "number" && key(row.cells[column]) !== -Infinity;
        });
        button.addEventListener("click", function () {
          var current = th.getAttribute("aria-sort");
          var ascending = current ? current !== "ascending" : !numeric;
          heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = key(a.cells[column]), y = key(b.cells[column]);
            var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), lang);
            return ascending ? order : -order;
          });
          rows.forEach(function (row) { body.append(row); });
        });
      });
    });
  }

  function key(cell) {
    if (!cell) return "";
    var value = cell.getAttribute("data-sort");
    if (value === null) return cell.textContent.trim();
    return value === "" ? -Infinity : (isNaN(Number(value)) ? value : Number(value));
  }

  /* Charts: the static SVG stays for print and for readers without JavaScript; once the page is
     usable, Vega redraws it with tooltips. The bundle is fetched only on pages with charts. */
  var vegaLoading = null;
  function loadVega() {
    if (!vegaLoading) {
      vegaLoading = new Promise(function (resolve, reject) {
        var tag = el("script", { src: vegaSrc });
        tag.onload = function () { resolve(window.vegaEmbed); };
        tag.onerror = reject;
        document.head.append(tag);
      });
    }
    return vegaLoading;
  }

  function embedOptions(spec) {
    var meta = spec.usermeta || {};
    return {
      ast: true, actions: false, renderer: "svg", defaultStyle: false,
      tooltip: { disableDefaultStyle: true }, formatLocale: meta.formatLocale, timeFormatLocale: meta.timeFormatLocale
    };
  }

  function draw(container, spec) {
    return loadVega().then(function (vegaEmbed) {
      var live = el("div", { class: "chart-live" });
      var img = container.querySelector("img");
      container.append(live);
      return vegaEmbed(live, spec, embedOptions(spec)).then(function () {
        // One picture with one name, as the static <img> had: vega-embed's own roles are replaced,
        // and the drawing inside is hidden from screen readers (the caption and table say it all).
        live.setAttribute("role", "img");
        live.setAttribute("aria-label", img ? img.getAttribute("alt") : spec.description || word("chart"));
        live.removeAttribute("aria-roledescription");
        if (img && img.hasAttribute("aria-describedby")) live.setAttribute("aria-describedby", img.getAttribute("aria-describedby"));
        live.querySelectorAll("svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); });
        container.classList.add("is-live");
      });
    });
  }

  /* Charts: the static SVG is the chart (it carries its labels, source and URL). The Vega bundle, ten
     times the rest of the page, is fetched only when a reader asks for the interactive chart. */
  function charts() {
    document.querySelectorAll("button.live[data-live]").forEach(function (button) {
      var container = document.getElementById(button.getAttribute("data-live"));
      if (!container || !vegaSrc) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        button.disabled = true;
        button.textContent = word("loading");
        fetch(container.getAttribute("data-spec"))
          .then(function (response) { return response.json(); })
          .then(function (spec) { return draw(container, spec); })
          .then(function () {
            button.hidden = true;
            var live = container.querySelector(".chart-live");
            live.setAttribute("tabindex", "-1");
            live.focus();
            reportHeight();
          })
          .catch(function () { button.textContent = word("liveFailed"); });
      });
    });
  }

  /* An embed page tells the page that holds its <iframe> how tall it is, so the host can fit it
     (the embed code carries the few lines that listen). Only the height is sent. */
  function reportHeight() {
    if (!document.body.classList.contains("embedded") || window.parent === window) return;
    var send = function () {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      window.parent.postMessage({ jaring: "height", height: height }, "*");
    };
    send();
    if (window.ResizeObserver && !reportHeight.watching) {
      reportHeight.watching = true;
      new ResizeObserver(send).observe(document.documentElement);
    }
    window.addEventListener("load", send);
  }

  var DATA_WORD = "jaringadadata";  // the word only pages with data hold (templates/regency.html)

  /* Search: Pagefind's index, built with the site; results shown as text. */
  function search() {
    var form = document.querySelector("form[data-search]");
    if (!form) return;
    var input = form.querySelector("input[name=q]");
    var out = document.getElementById("hasil-cari");
    var query = new URLSearchParams(location.search).get("q") || "";
    input.value = query;
    document.querySelectorAll("input[name=q]").forEach(function (box) { box.value = query; });
    if (!query.trim()) { out.textContent = word("typeName"); return; }
    out.textContent = word("searching");
    // Pages with data first (they hold the word DATA_WORD), then the rest, each in Pagefind's order of relevance.
    import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
      return pagefind.options({ baseUrl: root.pathname }).then(function () {
        return Promise.all([pagefind.search(query + " " + DATA_WORD), pagefind.search(query)]);
      });
    }).then(function (groups) {
      var seen = {};
      var results = groups[0].results.concat(groups[1].results).filter(function (r) {
        if (seen[r.id]) return false;
        seen[r.id] = true;
        return true;
      });
      out.textContent = "";
      out.append(el("p", { class: "search-count" }, [
        results.length
          ? word(results.length === 1 ? "matchesOne" : "matchesMany", { count: results.length.toLocaleString(lang), query: query })
          : word("noMatch", { query: query })]));
      var list = el("ol", { class: "search-results" });
      out.append(list);
      var shown = 0;
      var more = el("button", { type: "button", class: "more" }, [word("more")]);
      var page = function () {
        var next = results.slice(shown, shown + 10);
        shown += next.length;
        more.disabled = true;
        return Promise.all(next.map(function (r) { return r.data(); })).then(function (items) {
          items.forEach(function (item) { list.append(result(item)); });
          more.disabled = false;
          if (shown >= results.length) more.remove();
        });
      };
      more.addEventListener("click", page);
      return page().then(function () { if (shown < results.length) out.append(more); });
    }).catch(function () { out.textContent = word("searchFailed"); });
  }

  /* A result: the page, its place, whether it has data and its latest headline figure (Pagefind meta). */
  function result(item) {
    var meta = item.meta || {};
    var facts = [meta.tempat, meta.status, meta.angka].filter(Boolean).join(" · ");
    return el("li", {}, [el("a", { href: item.url }, [meta.title || item.url]),
      facts ? el("p", { class: "search-facts" }, [facts]) : "",
      el("p", {}, excerpt(item.excerpt))]);
  }

  /* Pagefind's excerpt is HTML with <mark>; keep only its text and the marks. */
  function excerpt(html) {
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    return Array.prototype.map.call(doc.body.firstChild.childNodes, function (node) {
      return node.nodeName === "MARK" ? el("mark", {}, [node.textContent]) : document.createTextNode(node.textContent);
    });
  }

  /* Compare: 2–4 regencies side by side, from the published per-regency JSON. */
  // the rows: each regency's JSON names its own figure of each ("utama": metric -> figure id)
  var COMPARED = ["protected", "target", "share-of-target", "target-gap", "budget"];
  function compare() {
    var form = document.querySelector("form[data-compare]");
    if (!form) return;
    var out = document.getElementById("hasil");
    var chosen = [];
    new URLSearchParams(location.search).getAll("w").forEach(function (code) {
      if (code && chosen.indexOf(code) < 0 && chosen.length < 4) chosen.push(code);
    });
    var selects = form.querySelectorAll("select");
    chosen.forEach(function (code, i) { selects[i].value = code; });
    if (chosen.length < 2) {
      out.textContent = chosen.length ? word("chooseOneMore") : word("chooseTwo");
      return;
    }
    out.textContent = word("loadingData");
    Promise.all(chosen.map(function (code) {
      return fetch(new URL("data/wilayah/" + encodeURIComponent(code) + ".json", root)).then(function (r) {
        if (!r.ok) throw new Error(code);
        return r.json();
      });
    })).then(function (regions) { showComparison(out, regions); })
      .catch(function (error) { out.textContent = word("notFound", { code: error.message }); });
  }

  function showComparison(out, regions) {
    out.textContent = "";
    var head = el("tr", {}, [el("th", { scope: "col" }, [word("figure")])]);
    regions.forEach(function (r) {
      head.append(el("th", { scope: "col" }, [el("a", { href: new URL(r.halaman, root).href }, [r.nama])]));
    });
    var body = el("tbody");
    var names = regions.map(function (r) { return r.nama; });
    COMPARED.forEach(function (k) {
      var label = null;
      var row = el("tr");
      var cells = regions.map(function (r, i) {
        var f = pick(r, k);
        if (f) label = label || f.label;
        if (!f || f.nilai === null) return el("td", { "data-label": names[i] }, [el("span", { class: "kind kind-not-reported" }, [word("notReported")])]);
        var sources = (f.sumber || "").split(";").filter(Boolean).map(function (id) {
          var s = r.sumber.filter(function (x) { return x.id === id; })[0];
          return s ? s.penerbit : id;
        }).join("; ");
        return el("td", { "data-label": names[i] }, [el("strong", {}, [f.tampil]), el("br"), el("span", { class: "kind kind-" + f.jenis_kode }, [f.jenis]),
          f.kapan ? " · " + f.kapan : "", el("br"), el("span", { class: "note" }, [word("sources", { sources: sources })])]);
      });
      if (!label) return;
      row.append(el("th", { scope: "row" }, [label]));
      cells.forEach(function (c) { row.append(c); });
      body.append(row);
    });
    var table = el("table", { class: "compare stack" }, [el("thead", {}, [head]), body]);
    out.append(el("h2", { id: "hasil-perbandingan" }, [word("result")]), el("div", { class: "table-scroll" }, [table]));
    var counted = regions.map(function (r) {
      var f = pick(r, "protected");
      return f && f.nilai !== null ? { wilayah: r.nama, nilai: f.nilai, label: f.tampil, tanggal: f.kapan } : null;
    }).filter(Boolean).sort(function (a, b) { return b.nilai - a.nilai; });
    if (counted.length) {
      var figure = el("figure", { class: "chart" }, [el("h3", {}, [word("compareTitle")])]);
      var box = el("div", { class: "chart-image" });
      figure.append(box, el("figcaption", {}, [el("p", { class: "note" }, [word("compareNote")])]));
      out.append(figure);
      draw(box, comparisonSpec(counted)).catch(function () { box.textContent = word("compareFailed"); });
    }
  }

  function pick(region, metric) {
    var id = region.utama[metric];
    return region.angka.filter(function (x) { return x.angka === id; })[0];
  }

  /* d3's number locale for the page's language, from the browser's own (id: "." groups thousands, "," marks decimals). */
  function numberLocale() {
    var parts = {};
    new Intl.NumberFormat(lang).formatToParts(12345.6).forEach(function (p) { parts[p.type] = p.value; });
    return { decimal: parts.decimal || ".", thousands: parts.group || ",", grouping: [3], currency: ["Rp", ""] };
  }

  function comparisonSpec(rows) {
    return {
      width: 240, data: { values: rows }, description: word("compareDescription"), config: { font: "'Liberation Sans', Arial, Helvetica, sans-serif", view: { stroke: null } },
      usermeta: { formatLocale: numberLocale() },
      encoding: {
        y: { field: "wilayah", type: "nominal", sort: null, title: null, axis: { labelLimit: 180, labelFontSize: 13 } },
        x: { field: "nilai", type: "quantitative", title: word("protectedWorkers"), axis: { format: ",d", tickCount: 3 } },
        tooltip: [{ field: "wilayah", title: word("region") }, { field: "label", title: word("protected") }, { field: "tanggal", title: word("asOf") }]
      },
      layer: [{ mark: { type: "bar", color: "#0b6e4f" } }, { mark: { type: "text", align: "left", dx: 4, fontSize: 13 }, encoding: { text: { field: "label" } } }]
    };
  }

  /* Print: paper cannot open a <details>, so a chart's table of numbers is printed open (print.css hides
     its summary). "beforeprint" comes with printing; the media query also with a print preview. */
  function printOpen() {
    var opened = [];
    var open = function () {
      document.querySelectorAll("details:not([open]):not(.embed)").forEach(function (d) { d.open = true; opened.push(d); });
    };
    var restore = function () { opened.splice(0).forEach(function (d) { d.open = false; }); };
    window.addEventListener("beforeprint", open);
    window.addEventListener("afterprint", restore);
    var media = window.matchMedia ? window.matchMedia("print") : null;
    if (media && media.addEventListener) media.addEventListener("change", function (e) { if (e.matches) open(); else restore(); });
  }

  reportHeight();
  copyButtons();
  today();
  printOpen();
  sortableTables();
  charts();
  search();
  compare();
  document.documentElement.setAttribute("data-ready", "");
})();
