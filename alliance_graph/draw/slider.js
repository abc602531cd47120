// The date slider of the picture `agraph draw` writes as HTML; inlined into the page (no network).
// Moving it hides the relationships that did not hold on the chosen date (their data-valid-from /
// data-valid-to: YYYY-MM-DD texts, compared as text) and fades the nodes left with none shown;
// every node stays where the all-time layout put it. The last position, "all-time", shows all.
(function () {
  var range = document.getElementById("when-range");
  if (!range) return;
  var stops = range.getAttribute("data-dates").split(" ");
  var today = range.getAttribute("data-today");
  var label = document.getElementById("when-date");
  var count = document.getElementById("when-count");
  var svg = document.querySelector("#frame svg");
  var edges = svg.querySelectorAll(".edge"), nodes = svg.querySelectorAll(".node");
  function holds(el, day) {
    var from = el.getAttribute("data-valid-from"), to = el.getAttribute("data-valid-to");
    return (!from || from <= day) && (!to || day <= to);
  }
  function apply() {
    var day = stops[+range.value], all = day === "all-time", shown = 0, drawn = {}, linked = {};
    Array.prototype.forEach.call(edges, function (el) {
      var on = all || holds(el, day), ends = [el.getAttribute("data-source"), el.getAttribute("data-target")];
      el.classList.toggle("off", !on);
      ends.forEach(function (id) { drawn[id] = true; if (on) linked[id] = true; });
      if (on) shown += 1;
    });
    Array.prototype.forEach.call(nodes, function (el) {
      var id = el.getAttribute("data-id");
      el.classList.toggle("faded", drawn[id] === true && linked[id] !== true);
    });
    label.textContent = all ? "all time" : day + (day === today ? " (today)" : "");
    count.textContent = shown + " of " + edges.length + " relationship" + (edges.length === 1 ? "" : "s") +
      (all ? "" : " held then");
  }
  range.addEventListener("input", apply);
  apply();
})();
