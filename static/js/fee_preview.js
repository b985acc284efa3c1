// Fee preview for freelancers: as the bid is typed, show what they receive after the platform fee.
// The server renders the rule in words; this only adds the figure for the amount being typed.
(function () {
  "use strict";
  document.querySelectorAll("[data-fee-preview]").forEach(function (box) {
    var input = document.getElementById(box.getAttribute("data-input"));
    var output = box.querySelector("[data-fee-output]");
    if (!input || !output) { return; }
    var bps = parseInt(box.getAttribute("data-fee-bps"), 10) || 0;
    var format = new Intl.NumberFormat("en-US", { style: "currency", currency: box.getAttribute("data-currency") || "USD" });
    function update() {
      var text = (input.value || "").replace(/[,\s]/g, "");
      if (!/^[0-9]+(\.[0-9]{1,2})?$/.test(text)) { output.textContent = ""; return; }
      var cents = Math.round(parseFloat(text) * 100);
      var fee = Math.floor((cents * bps + 5000) / 10000);  // half up, as the ledger rounds
      output.textContent = " For " + format.format(cents / 100) + " you receive " + format.format((cents - fee) / 100) + ".";
    }
    input.addEventListener("input", update);
    update();
  });
}());
