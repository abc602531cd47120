// Pan, zoom and tooltips for the picture `agraph draw` writes as HTML; inlined into the page
// (no network). Scroll to zoom, drag to pan, double-click to reset, hover for details.
(function () {
  var frame = document.getElementById("frame");
  var svg = frame.querySelector("svg");
  var tip = document.getElementById("tip");
  var w = +svg.getAttribute("width"), h = +svg.getAttribute("height");
  var box = [0, 0, w, h];
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  Array.prototype.forEach.call(svg.querySelectorAll(".node > title, .edge > title"), function (t) {
    t.parentNode.setAttribute("data-tip", t.textContent);
    t.parentNode.removeChild(t);
  });
  function show() { svg.setAttribute("viewBox", box.join(" ")); }
  function point(ev) {
    var m = svg.getScreenCTM().inverse();
    var p = svg.createSVGPoint();
    p.x = ev.clientX; p.y = ev.clientY;
    return p.matrixTransform(m);
  }
  frame.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = point(ev), k = ev.deltaY < 0 ? 1 / 1.15 : 1.15;
    if (box[2] * k < w / 40 || box[2] * k > w * 8) return;
    box = [p.x - (p.x - box[0]) * k, p.y - (p.y - box[1]) * k, box[2] * k, box[3] * k];
    show();
  }, {passive: false});
  var drag = null;
  frame.addEventListener("pointerdown", function (ev) {
    drag = {x: ev.clientX, y: ev.clientY, box: box.slice()};
    frame.classList.add("dragging");
  });
  window.addEventListener("pointerup", function () { drag = null; frame.classList.remove("dragging"); });
  window.addEventListener("pointermove", function (ev) {
    if (drag) {
      var m = svg.getScreenCTM();
      box = [drag.box[0] - (ev.clientX - drag.x) / m.a, drag.box[1] - (ev.clientY - drag.y) / m.d,
             box[2], box[3]];
      show();
    }
    var el = ev.target.closest ? ev.target.closest(".node, .edge") : null;
    if (!el || drag) { tip.style.display = "none"; return; }
    var text;
    if (el.classList.contains("node")) {
      text = el.getAttribute("data-name") + "\nkind: " + el.getAttribute("data-kind") +
        (el.hasAttribute("data-camp") ? "\ncamp: " + el.getAttribute("data-camp") : "") +
        "\nid: " + el.getAttribute("data-id") +
        (el.hasAttribute("data-sources") ? "\n" + el.getAttribute("data-sources") +
          (el.getAttribute("data-sources") === "1" ? " source" : " sources") : "") +
        (el.hasAttribute("data-disputed") ? "\ndisputed: " + el.getAttribute("data-disputed") : "");
    } else {
      text = el.getAttribute("data-tip");
    }
    tip.textContent = text;
    tip.style.left = (ev.clientX + 14) + "px";
    tip.style.top = (ev.clientY + 14) + "px";
    tip.style.display = "block";
  });
  frame.addEventListener("dblclick", function () { box = [0, 0, w, h]; show(); });
})();
