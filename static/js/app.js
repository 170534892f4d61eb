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
})();
