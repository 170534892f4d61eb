/* Governance pages. No inline script: the CSP forbids it. */
(function () {
  "use strict";
  // <button data-print>: print the page (the minutes have a print style sheet).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
