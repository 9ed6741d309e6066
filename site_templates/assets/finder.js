/* «Найти услугу» (services.html): shows the form and filters the list of services as one types.
   Every word typed must begin a word of the service's name, of its organ's heading and short name
   (data-w), or of a concept it is looked for by (data-c: indexes in the page's table of concepts,
   synonyms.yaml); letters compared without case and ё. No requests: the list is the page; it works
   from the file system too. */
(function () {
  "use strict";
  var form = document.getElementById("tp-finder");
  if (!form) return;
  var input = document.getElementById("tp-finder-words");
  var select = document.getElementById("tp-finder-sector");
  var count = document.getElementById("tp-finder-count");
  var none = document.getElementById("tp-finder-none");
  var table = document.getElementById("tp-finder-concepts");
  var concepts = JSON.parse(table ? table.textContent : "[]");
  var each = Array.prototype.forEach;
  var sectors = Array.prototype.slice.call(document.querySelectorAll(".tp-finder__sector"));
  var organs = [];
  var items = [];

  function words(text) {
    return text.toLowerCase().replace(/ё/g, "е").split(/[^0-9a-zа-я]+/).filter(Boolean);
  }

  sectors.forEach(function (sector) {
    each.call(sector.querySelectorAll(".tp-finder__organ"), function (organ) {
      var heading = organ.querySelector("h3");
      var own = (heading ? heading.textContent : "") + " " + (organ.getAttribute("data-w") || "");
      organs.push({node: organ, sector: sector});
      each.call(organ.querySelectorAll("li"), function (li) {
        var text = [li.textContent, own];
        (li.getAttribute("data-c") || "").split(" ").filter(Boolean).forEach(function (i) {
          text.push((concepts[+i] || []).join(" "));
        });
        items.push({li: li, organ: organ, sector: sector, words: words(text.join(" "))});
      });
    });
  });

  function begins(item, typed) {
    return item.words.some(function (word) { return word.lastIndexOf(typed, 0) === 0; });
  }

  function filter() {
    var typed = words(input.value);
    var sector = select.value;
    var shown = 0;
    var found = new Set();
    items.forEach(function (item) {
      var ok = (!sector || item.sector.getAttribute("data-sector") === sector) &&
        typed.every(function (t) { return begins(item, t); });
      item.li.hidden = !ok;
      if (ok) {
        shown += 1;
        found.add(item.organ);
        found.add(item.sector);
      }
    });
    organs.forEach(function (organ) { organ.node.hidden = !found.has(organ.node); });
    sectors.forEach(function (list) {
      list.hidden = !found.has(list);
      var heading = list.previousElementSibling;
      if (heading && /^H[1-6]$/.test(heading.tagName)) heading.hidden = list.hidden;
    });
    count.textContent = typed.length || sector
      ? "Найдено услуг: " + shown + " из " + items.length
      : "Всего услуг: " + items.length;
    none.hidden = shown > 0;
  }

  input.addEventListener("input", filter);
  select.addEventListener("change", filter);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) input.value = asked;
  form.hidden = false;
  filter();
})();
