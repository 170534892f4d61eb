/* Requests: the live total of an hourly quote (hours x rate), as the leader types.
   The server computes the amount that is sent; this only shows it in advance. */
(function () {
  "use strict";

  function number(input) {
    return parseFloat((input.value || "").replace(",", "."));
  }

  function setUp(form) {
    var hours = form.querySelector("[name=hours]");
    var rate = form.querySelector("[name=hourly_rate]");
    var output = form.querySelector("[data-quote-total]");
    if (!hours || !rate || !output) return;
    var format = new Intl.NumberFormat(output.dataset.locale || "fr-FR", {
      style: "currency",
      currency: output.dataset.currency || "EUR",
    });
    function update() {
      var total = number(hours) * number(rate);
      output.textContent = isFinite(total) ? format.format(Math.round(total * 100) / 100) : "—";
    }
    hours.addEventListener("input", update);
    rate.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-quote-form]").forEach(setUp);
  });
})();
