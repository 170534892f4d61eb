/* Members pages: print and copy buttons. No inline script: the CSP forbids it. */
(function () {
  "use strict";

  // <button data-print>: print the page (credentials sheet, attestation).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) window.print();
  });

  // <button data-copy="#input" data-copied="Copied">: copy the input's value.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var input = document.querySelector(button.dataset.copy);
    if (!input) return;
    input.select();
    var done = function () {
      if (button.dataset.copied) button.textContent = button.dataset.copied;
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done);
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
