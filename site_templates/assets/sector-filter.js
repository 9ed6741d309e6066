/* The sector filter of a rating and of a comparison (partials/sector_filter.html.j2): hides the rows
   (tr[data-sector]) and the sections of other sectors and says how many rows are shown. A section is
   marked by an empty .tp-sector-start[data-sector] before its heading (the Markdown heading stays in
   the page's contents) and runs to the next heading of its level. Places are printed in the page and never recounted. Without this script the filter
   stays hidden and every row shows its sector. No external requests; works from file://. */
(function () {
  "use strict";
  var box = document.querySelector("[data-tp-sector-filter]");
  if (!box) return;
  var select = box.querySelector("select");
  var count = box.querySelector(".tp-filter__count");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-sector]"));
  var sections = Array.prototype.slice.call(document.querySelectorAll(".tp-sector-start[data-sector]")).map(
    function (start) {
      var heading = start.nextElementSibling, parts = [];
      for (var node = heading; node; node = node.nextElementSibling) {
        if (node !== heading && (node.tagName === heading.tagName || node.classList.contains("tp-sector-start"))) break;
        parts.push(node);
      }
      return { sector: start.getAttribute("data-sector"), parts: parts };
    });

  function apply() {
    var sector = select.value, shown = 0;
    rows.forEach(function (row) {
      var keep = !sector || row.getAttribute("data-sector") === sector;
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    sections.forEach(function (section) {
      var hide = !!sector && section.sector !== sector;
      section.parts.forEach(function (node) { node.hidden = hide; });
    });
    count.textContent = sector ? "Показано: " + shown + " из " + rows.length : "Показаны все: " + rows.length;
  }

  box.hidden = false;
  select.addEventListener("change", apply);
  apply();
})();
