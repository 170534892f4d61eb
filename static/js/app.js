/* CJS behaviours, loaded on every page. No inline script: the CSP forbids it. */
(function () {
  "use strict";

  // <form data-confirm="..."> or <button data-confirm="...">: ask before sending.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // <form data-disable-on-submit>: one click, one submission (double-click, slow networks).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute("data-disable-on-submit")) return;
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
        b.disabled = true;
      });
    }, 0);
  });

  // An htmx request that fails must not fail silently.
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var box = document.getElementById("htmx-error");
    if (!box) return;
    box.querySelector("[data-status]").textContent = status ? "(" + status + ")" : "";
    box.classList.remove("d-none");
  });
  document.addEventListener("htmx:sendError", function () {
    var box = document.getElementById("htmx-error");
    if (box) box.classList.remove("d-none");
  });

  // A table wider than a phone scrolls sideways inside its .table-responsive box: when nothing
  // in it can take the focus, the box itself takes it (WCAG 2.1.1), so the arrow keys scroll
  // it, and it is a region named by its caption or by the heading of its section.
  var headingId = 0;
  // Whether this name is taken by the landmark the box sits in or by another box: two
  // landmarks would then read the same.
  function nameTaken(box, label) {
    if (label.id && document.querySelector('[aria-labelledby="' + label.id + '"]')) return true;
    var landmark = box.parentElement && box.parentElement.closest(
      "section[aria-labelledby], section[aria-label], [role=region]"
    );
    if (!landmark) return false;
    var by = landmark.getAttribute("aria-labelledby");
    var naming = by && document.getElementById(by.split(" ")[0]);
    var name = naming ? naming.textContent : landmark.getAttribute("aria-label") || "";
    return name.trim() === label.textContent.trim();
  }
  function reachableScrolls(root) {
    root.querySelectorAll(".table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (box.dataset.scrollFocus === undefined && box.hasAttribute("tabindex")) return;
      var focusable = box.querySelector("a[href], button, input, select, textarea, [tabindex]");
      if (!scrolls || focusable) {
        if (box.dataset.scrollFocus !== undefined) {
          ["tabindex", "role", "aria-labelledby", "data-scroll-focus"].forEach(function (name) {
            box.removeAttribute(name);
          });
        }
        return;
      }
      box.dataset.scrollFocus = "";
      box.setAttribute("tabindex", "0");
      var scope = box.closest("section") || box.parentElement;
      var label = box.querySelector("caption") || (scope && scope.querySelector("h2, h3, h4"));
      if (label && !box.hasAttribute("aria-labelledby") && !nameTaken(box, label)) {
        if (!label.id) label.id = "scroll-label-" + ++headingId;
        box.setAttribute("role", "region");
        box.setAttribute("aria-labelledby", label.id);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { reachableScrolls(document); });
  document.addEventListener("htmx:afterSettle", function (event) { reachableScrolls(event.target); });
  var resizing = false;
  window.addEventListener("resize", function () {
    if (resizing) return;
    resizing = true;
    window.requestAnimationFrame(function () {
      resizing = false;
      reachableScrolls(document);
    });
  });
})();
