/* kevidence report: selection, details, findings table, keyboard. Data is read from the JSON
   block; everything from the files is put in the page as text (textContent), never as markup. */
(function () {
  "use strict";
  var SEV = [];  /* severities from the most serious: the data's "severities" */

  /* The data as the page sends it is compact (see kevidence.report.render): expand it. */
  function expand(W) {
    var D = W;
    SEV = W.severities;
    D.findings = W.findings.map(function (f) {
      var rule = W.rules[f[1]] || {};
      return [SEV[f[0]], f[1], rule.name || f[1], f[2], f[3], f[4] === undefined || f[4] === null ? null : W.files[f[4]],
        f[5] === undefined ? null : f[5], f[6] === undefined ? null : f[6],
        f[7] === undefined ? null : f[7], f[8] === undefined ? null : f[8]];
    });
    return D;
  }

  function start(D) {
  /* A claim with its left-out fields filled in, on first use. */
  function full(id) {
    var c = D.claims[id];
    if (!c || c._full) return c;
    ["cit", "df", "doc", "bs", "f"].forEach(function (k) { if (!c[k]) c[k] = []; });
    ["q", "r", "ev", "set", "note", "best", "rev"].forEach(function (k) { if (c[k] === undefined) c[k] = null; });
    D.facets.forEach(function (f) { if (c[f[0]] === undefined) c[f[0]] = f[2] ? [] : null; });
    if (!c.sup) {
      var seen = {};
      c.sup = [];
      c.cit.forEach(function (x) {
        if (x[1] === "supports" && D.sources[x[0]] && !D.sources[x[0]].missing && !seen[x[0]]) { seen[x[0]] = 1; c.sup.push(x[0]); }
      });
      c.sup.sort();
    }
    c._full = true;
    return c;
  }
  var PAGE = 100, CLAIM_PAGE = 200;
  var pictures = {};
  Array.prototype.forEach.call(document.querySelectorAll("template[data-claim]"), function (t) {
    pictures[t.getAttribute("data-claim")] = t;
  });

  function el(tag, attrs, kids) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === null || value === undefined || value === false) return;
        if (name === "text") node.textContent = String(value);
        else if (name === "cls") node.className = value;
        else if (name === "on") node.addEventListener("click", value);
        else node.setAttribute(name, String(value));
      });
    }
    (kids || []).forEach(function (kid) {
      if (kid === null || kid === undefined || kid === false) return;
      node.appendChild(typeof kid === "string" ? document.createTextNode(kid) : kid);
    });
    return node;
  }
  function byId(id) { return document.getElementById(id); }
  function narrow() { return window.matchMedia("(max-width: 900px)").matches; }
  function has(list) { return list && list.length > 0; }
  function level(n) { return n ? "CEBM level " + n : "none"; }

  function badge(sev) { return el("span", {cls: "badge sev-" + sev, text: sev}); }
  function claimButton(id) {
    return el("button", {type: "button", cls: "claim-link", text: id, on: function () { showClaim(id); }});
  }
  function findingItem(n) {
    var f = D.findings[n], rule = D.rules[f[1]] || {};
    var where = f[6] ? (f[5] || "") + ":" + f[6] + (f[7] ? ":" + f[7] : "") : "";
    return el("li", {cls: "finding sev-" + f[0]}, [
      badge(f[0]), " ", el("code", {text: f[1]}), " ", el("span", {cls: "rule-name", text: f[2]}),
      where ? el("span", {cls: "where", text: " " + where}) : null,
      el("p", {cls: "message", text: f[4]}),
      rule.fix ? el("p", {cls: "fix"}, [el("b", {text: "Fix: "}), rule.fix]) : null
    ]);
  }
  function findingList(numbers) {
    if (!has(numbers)) return el("p", {cls: "ok", text: "No findings."});
    return el("ul", {cls: "finding-list"}, numbers.map(findingItem));
  }
  function link(href, text) {
    return el("a", {href: href, rel: "noopener noreferrer", target: "_blank", text: text});
  }
  function sourceItem(key, cit) {
    var s = D.sources[key] || {missing: true};
    var kids = [el("code", {text: key}), " "];
    if (s.missing) {
      kids.push(el("span", {cls: "warn", text: "not in the .bib"}));
    } else {
      kids.push(el("span", {cls: "title", text: s.t || "(no title)"}));
      var meta = [s.a, s.j, s.y].filter(Boolean).join(", ");
      if (meta) kids.push(el("span", {cls: "meta", text: " — " + meta}));
      kids.push(el("div", {cls: "design", text: (s.d || "no study design") + "; supports " + (s.l ? "CEBM level " + s.l : "no evidence level")}));
      var links = [];
      if (s.doiurl) links.push(link(s.doiurl, "doi:" + s.doi));
      if (s.pmid) links.push(el("span", {text: "PMID " + s.pmid}));
      if (s.link) links.push(link(s.link, s.link));
      else if (s.url) links.push(el("span", {cls: "unsafe", text: "url (not a web address): " + s.url}));
      if (links.length) {
        var row = el("div", {cls: "links"});
        links.forEach(function (l, i) { if (i) row.appendChild(document.createTextNode(" · ")); row.appendChild(l); });
        kids.push(row);
      }
      if (has(s.cites)) kids.push(el("div", {cls: "meta", text: "cites " + s.cites.join(", ")}));
    }
    if (cit) {
      if (cit[2]) kids.push(el("div", {cls: "meta", text: "at " + cit[2]}));
      if (cit[3]) kids.push(el("blockquote", {text: cit[3]}));
      kids.push(el("div", {cls: "attr attr-" + cit[4], text: "attribution " + cit[4]}));
      if (cit[5]) kids.push(el("div", {cls: "meta", text: "note: " + cit[5]}));
    }
    if (has(s.f)) kids.push(findingList(s.f));
    return el("li", {cls: "source"}, kids);
  }
  function traceNode(node) {
    var text = node.type + " " + node.id;
    var bits = [];
    if (node.relation && node.relation !== "cites") bits.push(node.relation);
    if (node.stance && node.stance !== "supports") bits.push(node.stance);
    if (node.type === "source") bits.push((node.design || "no design") + ", " + level(node.supportable_level));
    if (node.attribution && node.attribution !== "verified") bits.push("attribution " + node.attribution);
    if (node.cycle) bits.push("cycle");
    if (node.repeat) bits.push("shown above");
    if (node.missing) bits.push("not in the base");
    var item = el("li", {cls: node.type + (has(node.dead_ends) ? " dead" : "")}, [
      el("code", {text: text}), bits.length ? " (" + bits.join("; ") + ")" : "",
      el("div", {cls: "label", text: node.label})
    ]);
    (node.dead_ends || []).forEach(function (d) { item.appendChild(el("div", {cls: "dead-end", text: "dead end: " + d})); });
    if (has(node.children)) item.appendChild(el("ul", null, node.children.map(traceNode)));
    return item;
  }
  function facet(dl, name, value) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
    dl.appendChild(el("dt", {text: name}));
    dl.appendChild(el("dd", {text: Array.isArray(value) ? value.join(", ") : value}));
  }
  function claimDetails(id) {
    var c = full(id);
    if (!c) return el("p", {text: "Claim " + id + " is not in this report."});
    var box = el("div", {cls: "claim", "data-claim": id});
    box.appendChild(el("h3", null, [el("code", {text: id}), " ", el("span", {cls: "kind", text: c.k}),
      c.rev ? el("span", {cls: "badge sev-info", text: "proposed"}) : null]));
    box.appendChild(el("p", {cls: "statement", text: c.s}));
    if (c.q && c.q !== c.s) box.appendChild(el("blockquote", {text: c.q}));
    var dl = el("dl", {cls: "facets"});
    D.facets.forEach(function (f) { facet(dl, f[1], c[f[0]]); });  /* [key, label, many] */
    facet(dl, "relief", c.r); facet(dl, "setting", c.set);
    facet(dl, "stated in", c.doc.map(function (d) { return (D.documents[d[0]] || d[0]) + (d[1] ? " › " + d[1] : ""); }));
    facet(dl, "asserted level", c.ev ? level(c.ev) : "none asserted");
    facet(dl, "supportable level", c.best ? level(c.best) + " (" + c.bs.join(", ") + ")" : "none reached");
    facet(dl, "note", c.note);
    box.appendChild(dl);
    if (c.ev && (!c.best || c.best > c.ev)) box.appendChild(el("p", {cls: "warn", text: "Asserts a stronger level than its sources can support."}));
    var forCit = c.cit.filter(function (x) { return x[1] === "supports"; });
    var against = c.cit.filter(function (x) { return x[1] === "contradicts"; });
    var mentions = c.cit.filter(function (x) { return x[1] === "mentions"; });
    box.appendChild(el("h4", {text: "Evidence for"}));
    if (forCit.length || c.df.length) {
      var list = el("ul", {cls: "sources"}, forCit.map(function (x) { return sourceItem(x[0], x); }));
      c.df.forEach(function (p) { list.appendChild(el("li", null, ["drawn from claim ", claimButton(p)])); });
      box.appendChild(list);
    } else box.appendChild(el("p", {cls: "warn", text: "No source supports it."}));
    var direct = c.cit.map(function (x) { return x[0]; });
    var through = c.sup.filter(function (k) { return direct.indexOf(k) < 0; });
    if (through.length) box.appendChild(el("p", {cls: "meta", text: "Also rests on, through the sources and claims above: " + through.join(", ")}));
    box.appendChild(el("h4", {text: "Evidence against"}));
    if (against.length) box.appendChild(el("ul", {cls: "sources against"}, against.map(function (x) { return sourceItem(x[0], x); })));
    else box.appendChild(el("p", {cls: "meta", text: "No source is cited against it."}));
    if (mentions.length) {
      box.appendChild(el("h4", {text: "Mentioned"}));
      box.appendChild(el("ul", {cls: "sources"}, mentions.map(function (x) { return sourceItem(x[0], x); })));
    }
    box.appendChild(el("h4", {text: "Findings"}));
    box.appendChild(findingList(c.f));
    box.appendChild(el("h4", {text: "Trace"}));
    if (c.tr) {
      var pic = pictures[id];
      if (pic) box.appendChild(el("div", {cls: "scroll"}, [document.importNode(pic.content, true)]));
      box.appendChild(el("ul", {cls: "trace"}, [traceNode(c.tr)]));
    } else box.appendChild(el("p", {cls: "meta", text: "Not drawn in a report of this size: run 'kevidence trace " + id + "'."}));
    return box;
  }

  var body = byId("details-body"), aside = byId("details");
  function openDetails(title, nodes) {
    body.textContent = "";
    body.appendChild(el("h3", {cls: "sel-title", text: title}));
    nodes.forEach(function (n) { body.appendChild(n); });
    aside.classList.add("open");
    aside.scrollTop = 0;
  }
  var selectedClaim = null;
  function showClaim(id) {
    selectedClaim = id;
    if (flaggedAt[id] !== undefined) current = flaggedAt[id];
    openDetails("Claim", [claimDetails(id)]);
    markSelected(document.querySelector('.claim-row[data-claim="' + cssEscape(id) + '"]'));
  }
  function cssEscape(s) { return window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/["\\]/g, "\\$&"); }

  var selected = null;
  function markSelected(node) {
    if (selected) selected.classList.remove("selected");
    selected = node;
    if (node) node.classList.add("selected");
  }

  /* --- the article --- */
  var flagged = [], current = -1;
  function showSentence(i, focus) {
    var s = D.sentences[i], span = byId("s" + i);
    var nodes = [];
    var labels = D.statuses;
    nodes.push(el("p", null, [el("span", {cls: "badge st-" + s[0], text: labels[s[0]]}), " line " + s[5]]));
    nodes.push(el("blockquote", {cls: "sentence-text", text: span ? span.textContent : ""}));
    if (has(s[3])) nodes.push(el("p", {cls: "meta", text: "Markers: " + s[3].join(" ") + (has(s[2]) ? " → " + s[2].join(", ") : "")}));
    var aboutClaims = {};
    s[1].forEach(function (id) { (D.claims[id] ? full(id).f : []).forEach(function (n) { aboutClaims[n] = true; }); });
    var own = s[4].filter(function (n) { return !aboutClaims[n]; });
    if (own.length || !has(s[1])) {
      nodes.push(el("h4", {text: has(s[1]) ? "Findings on the sentence" : "Findings"}));
      nodes.push(findingList(own));
    }
    if (!has(s[1])) {
      nodes.push(el("p", {cls: "meta", text: "No claim recorded in the base states this sentence." +
        (has(s[2]) ? " Its markers point to " + s[2].join(", ") + "." : "")}));
      (s[2] || []).forEach(function (k) { nodes.push(el("ul", {cls: "sources"}, [sourceItem(k, null)])); });
    }
    s[1].forEach(function (id) { nodes.push(claimDetails(id)); });
    openDetails("Sentence " + (i + 1), nodes);
    markSelected(span);
    cursor = i;
    if (span && focus) { span.focus({preventScroll: true}); span.scrollIntoView({block: narrow() ? "start" : "center"}); }
  }
  function showReference(r) {
    var ref = D.references[r];
    var nodes = [el("p", {text: "[" + ref[0] + "] → " + (ref[1] || "not matched") + " (" + ref[2] + ")"}), findingList(ref[3])];
    if (ref[1]) nodes.push(el("ul", {cls: "sources"}, [sourceItem(ref[1], null)]));
    openDetails("Reference [" + ref[0] + "]", nodes);
  }
  if (D.mode === "article") {
    D.sentences.forEach(function (s, i) { if (SEV.indexOf(s[0]) >= 0) flagged.push(i); });
    var text = document.querySelector("article.text");
    text.addEventListener("click", function (e) {
      var s = e.target.closest(".s");
      if (s) showSentence(Number(s.getAttribute("data-i")), false);
    });
    text.addEventListener("keydown", function (e) {
      var s = e.target.closest(".s");
      if (s && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); showSentence(Number(s.getAttribute("data-i")), false); }
    });
    Array.prototype.forEach.call(document.querySelectorAll(".ref-findings"), function (b) {
      b.addEventListener("click", function () { showReference(Number(b.getAttribute("data-ref"))); });
    });
  }

  /* --- the claims, without an article: paged --- */
  var claimItems = [], claimPage = 0, claimFilter = "", timer = null, flaggedAt = {};
  function claimStatus(id) {
    var c = D.claims[id], worst = 3;
    (c.f || []).forEach(function (n) { worst = Math.min(worst, SEV.indexOf(D.findings[n][0])); });
    if (worst < 3) return SEV[worst];
    return (c.sup && c.sup.length) || (c.cit && c.cit.length) ? "sourced" : "unsourced";
  }
  function buildClaimItems() {
    claimItems = [];
    var words = claimFilter.toLowerCase();
    D.groups.forEach(function (g) {
      g[2].forEach(function (id) {
        if (words && (id + " " + D.claims[id].s).toLowerCase().indexOf(words) < 0) return;
        claimItems.push([g, id]);
      });
    });
  }
  function renderClaims() {
    var list = byId("claim-list");
    list.textContent = "";
    var start = claimPage * CLAIM_PAGE, last = null, ul = null;
    claimItems.slice(start, start + CLAIM_PAGE).forEach(function (item) {
      var g = item[0], id = item[1];
      if (g !== last) {
        if (!last || last[0] !== g[0]) list.appendChild(el("h3", {text: g[0] ? (D.documents[g[0]] || g[0]) : "Not stated in any document"}));
        last = g;
        if (g[1]) list.appendChild(el("h4", {text: g[1]}));
        ul = el("ul", {cls: "claims"});
        list.appendChild(ul);
      }
      var st = claimStatus(id);
      ul.appendChild(el("li", null, [el("button", {type: "button", cls: "claim-row s st-" + st + (id === selectedClaim ? " selected" : ""), "data-claim": id,
        on: function () { showClaim(id); }}, [el("code", {text: id}), " ", el("span", {text: D.claims[id].s})])]));
    });
    if (!claimItems.length) list.appendChild(el("p", {text: "No claims match."}));
    selected = list.querySelector(".claim-row.selected");
    pager(byId("claim-pager"), claimPage, Math.ceil(claimItems.length / CLAIM_PAGE), claimItems.length, "claims",
      function (p) { claimPage = p; renderClaims(); });
  }
  if (D.mode === "base") {
    D.groups.forEach(function (g) {
      g[2].forEach(function (id) {
        if (flaggedAt[id] === undefined && SEV.indexOf(claimStatus(id)) >= 0) { flaggedAt[id] = flagged.length; flagged.push(id); }
      });
    });
    buildClaimItems();
    renderClaims();
    byId("claim-filter").addEventListener("input", function (e) {
      clearTimeout(timer);
      timer = setTimeout(function () { claimFilter = e.target.value.trim(); claimPage = 0; buildClaimItems(); renderClaims(); }, 150);
    });
  }

  var cursor = -1;
  function step(delta) {
    if (!flagged.length) return;
    if (D.mode === "article") {
      var next = null, k;
      if (delta > 0) { for (k = 0; k < flagged.length; k++) if (flagged[k] > cursor) { next = flagged[k]; break; } }
      else { for (k = flagged.length - 1; k >= 0; k--) if (flagged[k] < cursor || cursor < 0) { next = flagged[k]; break; } }
      if (next === null) next = delta > 0 ? flagged[0] : flagged[flagged.length - 1];
      showSentence(next, true);
      return;
    }
    current = current < 0 && delta < 0 ? flagged.length - 1 : (current + delta + flagged.length) % flagged.length;
    var id = flagged[current];
    clearTimeout(timer);
    if (claimFilter || byId("claim-filter").value) { claimFilter = ""; byId("claim-filter").value = ""; buildClaimItems(); }
    for (var j = 0; j < claimItems.length; j++) {
      if (claimItems[j][1] === id) { claimPage = Math.floor(j / CLAIM_PAGE); break; }
    }
    renderClaims();
    showClaim(id);
    if (selected) { selected.focus({preventScroll: true}); selected.scrollIntoView({block: narrow() ? "start" : "center"}); }
  }
  Array.prototype.forEach.call(document.querySelectorAll(".step-next"), function (b) { b.addEventListener("click", function () { step(1); }); });
  Array.prototype.forEach.call(document.querySelectorAll(".step-prev"), function (b) { b.addEventListener("click", function () { step(-1); }); });
  document.addEventListener("keydown", function (e) {
    var tag = e.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "n" || e.key === "j") { e.preventDefault(); step(1); }
    else if (e.key === "p" || e.key === "k") { e.preventDefault(); step(-1); }
    else if (e.key === "Escape") aside.classList.remove("open");
  });
  byId("close-details").addEventListener("click", function () { aside.classList.remove("open"); });

  /* --- pager --- */
  function pager(box, page, pages, total, noun, go) {
    box.textContent = "";
    if (pages <= 1) { box.appendChild(el("span", {text: total + " " + noun})); return; }
    box.appendChild(el("button", {type: "button", text: "◀ Previous", disabled: page === 0 ? "disabled" : null,
      on: function () { go(page - 1); }}));
    box.appendChild(el("span", {text: " page " + (page + 1) + " of " + pages + " (" + total + " " + noun + ") "}));
    box.appendChild(el("button", {type: "button", text: "Next ▶", disabled: page >= pages - 1 ? "disabled" : null,
      on: function () { go(page + 1); }}));
  }

  /* --- the findings table --- */
  var state = {sev: "", rule: "", text: "", col: -1, dir: 1, page: 0}, rows = [];
  function where(f) {
    if (f[8] !== null) return "sentence " + (f[8] + 1) + ", line " + f[6];
    if (f[9] !== null) return "reference [" + D.references[f[9]][0] + "]";
    return f[6] ? (f[5] || "") + ":" + f[6] : "";
  }
  function filterFindings() {
    var words = state.text.toLowerCase();
    rows = [];
    for (var n = 0; n < D.findings.length; n++) {
      var f = D.findings[n];
      if (state.sev && f[0] !== state.sev) continue;
      if (state.rule && f[1] !== state.rule) continue;
      if (words && (f[1] + " " + f[2] + " " + f[3] + " " + f[4]).toLowerCase().indexOf(words) < 0) continue;
      rows.push(n);
    }
    if (state.col >= 0) {
      var col = state.col, dir = state.dir;
      rows.sort(function (a, b) {
        var x = D.findings[a], y = D.findings[b], r;
        if (col === 0) r = SEV.indexOf(x[0]) - SEV.indexOf(y[0]);
        else if (col === 6) r = ((x[6] || 0) - (y[6] || 0)) || ((x[7] || 0) - (y[7] || 0));
        else r = String(x[col]).localeCompare(String(y[col]));
        return r * dir || a - b;
      });
    }
  }
  function renderFindings() {
    var tbody = byId("finding-rows");
    tbody.textContent = "";
    var start = state.page * PAGE;
    rows.slice(start, start + PAGE).forEach(function (n) {
      var f = D.findings[n];
      var tr = el("tr", {cls: "sev-" + f[0], tabindex: "0", "data-n": n}, [
        el("td", null, [badge(f[0])]), el("td", null, [el("code", {text: f[1]}), " " + f[2]]),
        el("td", null, [el("code", {text: f[3]})]), el("td", {text: where(f)}), el("td", {text: f[4]})]);
      tbody.appendChild(tr);
    });
    byId("f-count").textContent = rows.length + " of " + D.findings.length + " findings";
    pager(byId("finding-pager"), state.page, Math.ceil(rows.length / PAGE), rows.length, "findings",
      function (p) { state.page = p; renderFindings(); });
  }
  function refresh() { state.page = 0; filterFindings(); renderFindings(); }
  function goToFinding(n) {
    var f = D.findings[n];
    if (f[8] !== null && D.mode === "article") showSentence(f[8], true);
    else if (D.claims[f[3]]) showClaim(f[3]);
    else if (f[9] !== null) showReference(f[9]);
    else openDetails("Finding", [findingList([n]), D.sources[f[3]] ? el("ul", {cls: "sources"}, [sourceItem(f[3], null)]) : null].filter(Boolean));
  }
  byId("finding-rows").addEventListener("click", function (e) {
    var tr = e.target.closest("tr");
    if (tr) goToFinding(Number(tr.getAttribute("data-n")));
  });
  byId("finding-rows").addEventListener("keydown", function (e) {
    var tr = e.target.closest("tr");
    if (tr && e.key === "Enter") goToFinding(Number(tr.getAttribute("data-n")));
  });
  byId("f-sev").addEventListener("change", function (e) { state.sev = e.target.value; refresh(); });
  byId("f-rule").addEventListener("change", function (e) { state.rule = e.target.value; refresh(); });
  var textTimer = null;
  byId("f-text").addEventListener("input", function (e) {
    clearTimeout(textTimer);
    textTimer = setTimeout(function () { state.text = e.target.value.trim(); refresh(); }, 120);
  });
  Array.prototype.forEach.call(document.querySelectorAll("#finding-table th button"), function (b) {
    b.addEventListener("click", function () {
      var col = Number(b.getAttribute("data-sort"));
      state.dir = state.col === col ? -state.dir : 1;
      state.col = col;
      Array.prototype.forEach.call(document.querySelectorAll("#finding-table th"), function (th) { th.removeAttribute("aria-sort"); });
      b.parentNode.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      refresh();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".rule-link"), function (b) {
    b.addEventListener("click", function () {
      byId("f-rule").value = b.getAttribute("data-rule"); state.rule = b.getAttribute("data-rule"); refresh();
      byId("findings").scrollIntoView();
    });
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest("#summary .claim-link");
    if (b) showClaim(b.getAttribute("data-claim"));
    var g = e.target.closest("svg.graph g.node");
    if (g && g.getAttribute("data-kind") === "claim" && D.claims[g.getAttribute("data-ref")]) showClaim(g.getAttribute("data-ref"));
  });
  refresh();
  document.body.classList.add("ready");
  }

  var holder = document.getElementById("report-data");
  if (holder.getAttribute("data-encoding") === "gzip+base64") {
    var packed = holder.textContent.trim(), bytes;
    if (typeof Uint8Array.fromBase64 === "function") bytes = Uint8Array.fromBase64(packed);
    else {
      var binary = atob(packed);
      bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    }
    new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text()
      .then(function (text) { start(expand(JSON.parse(text))); });
  } else {
    start(expand(JSON.parse(holder.textContent)));
  }
})();
