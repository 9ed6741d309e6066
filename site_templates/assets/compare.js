/* «Сравнение органов» (pages/compare.md.j2): two selects pick two of the period's rated subjects and
   show them side by side: the place, then every indicator with its plain explanation, value and level
   (the headline first, its change in words after it). The
   values come printed by the generator (JSON in the box's data-compare attribute), so nothing is formatted here, and
   every text is set with textContent, never parsed as HTML. The choice is kept in the address
   (#a=…&b=…) so it can be shared; an organ's report links here with #a=<its key>. Without this
   script the page shows the full table. No external requests; works from file://. */
(function () {
  "use strict";
  var box = document.getElementById("tp-compare");
  if (!box || !box.hasAttribute("data-compare")) return;
  var data = JSON.parse(box.getAttribute("data-compare"));
  var byKey = {};
  data.subjects.forEach(function (s) { byKey[s.key] = s; });
  var selects = { a: document.getElementById("tp-compare-a"), b: document.getElementById("tp-compare-b") };
  var result = box.querySelector(".tp-compare__result");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function fill(select) {
    var groups = {};
    data.subjects.forEach(function (s) {
      if (!groups[s.sector]) {
        groups[s.sector] = el("optgroup");
        groups[s.sector].label = s.sector;
        select.appendChild(groups[s.sector]);
      }
      var option = el("option", "", s.organ ? s.name + " (" + s.organ + ")" : s.name);
      option.value = s.key;
      groups[s.sector].appendChild(option);
    });
  }

  function level(text, tone) {
    if (!text) return null;
    return el("span", "tp-band tp-band--" + (tone || "fair"), text);
  }

  /* One line of the side-by-side table: what is compared, then a cell per subject. */
  function line(body, title, plain, cells) {
    var head = el("tr", "tp-compare__topic");
    var th = el("th", "", title);
    th.scope = "colgroup";
    th.colSpan = 2;
    if (plain) th.appendChild(el("span", "tp-compare__plain", plain));
    head.appendChild(th);
    body.appendChild(head);
    var row = el("tr");
    cells.forEach(function (parts) {
      var td = el("td");
      parts.forEach(function (part) {
        if (!part) return;
        if (td.childNodes.length) td.appendChild(document.createTextNode(" "));
        td.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
      });
      if (!td.childNodes.length) td.textContent = "—";
      row.appendChild(td);
    });
    body.appendChild(row);
  }

  function show() {
    var a = byKey[selects.a.value], b = byKey[selects.b.value];
    result.textContent = "";
    if (!a && !b) return;
    var pair = [a, b];
    var table = el("table", "tp-table tp-compare__table");
    table.appendChild(el("caption", "", "Сравнение: " + pair.map(function (s) { return s ? s.name : "—"; }).join(" и ")));
    var head = el("tr");
    pair.forEach(function (s) {
      var th = el("th");
      th.scope = "col";
      if (s) {
        var link = el("a", "", s.name);
        link.href = s.url;
        th.appendChild(link);
        if (s.organ) th.appendChild(el("span", "tp-compare__plain", s.organ));
      } else {
        th.textContent = "(выберите в списке)";
      }
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    line(body, "Место в рейтинге", "", pair.map(function (s) { return [s && s.place]; }));
    data.indicators.forEach(function (ind, i) {
      line(body, ind.symbol ? ind.symbol + " — " + ind.name : ind.name, ind.plain, pair.map(function (s) {
        return s ? [el("strong", "", s.values[i][0]), level(s.values[i][1], s.values[i][2])] : [];
      }));
      if (i === 0) line(body, "Изменение", "", pair.map(function (s) { return [s && s.change]; }));
    });
    table.appendChild(body);
    var wrap = el("div", "tp-table-wrap tp-compare__wrap");
    wrap.appendChild(table);
    result.appendChild(wrap);
  }

  function fromAddress() {
    var found = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var pair = part.split("=");
      if (pair.length === 2 && (pair[0] === "a" || pair[0] === "b")) {
        try { found[pair[0]] = decodeURIComponent(pair[1]); } catch (e) { /* a broken address picks nothing */ }
      }
    });
    ["a", "b"].forEach(function (side) {
      selects[side].value = byKey[found[side]] ? found[side] : "";
    });
    show();
  }

  function toAddress() {
    var parts = [];
    ["a", "b"].forEach(function (side) {
      if (selects[side].value) parts.push(side + "=" + encodeURIComponent(selects[side].value));
    });
    var hash = parts.length ? "#" + parts.join("&") : "";
    try {
      history.replaceState(null, "", location.pathname + location.search + hash);
    } catch (e) {
      location.hash = hash;
    }
    show();
  }

  fill(selects.a);
  fill(selects.b);
  selects.a.addEventListener("change", toAddress);
  selects.b.addEventListener("change", toAddress);
  window.addEventListener("hashchange", fromAddress);
  box.hidden = false;
  fromAddress();
})();
