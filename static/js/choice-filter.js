// <input type="search" data-filter-choices="ID">: typing hides the checkboxes in #ID whose label (or
// data-group) doesn't contain the text. Checked boxes stay visible. Without JavaScript every box shows.
(function () {
  "use strict";
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.dataset.filterChoices === undefined) return;
    var box = document.getElementById(input.dataset.filterChoices);
    if (!box) return;
    var needle = input.value.trim().toLowerCase();
    box.querySelectorAll("label").forEach(function (label) {
      var checkbox = label.querySelector("input");
      var text = (label.textContent + " " + (label.dataset.group || "")).toLowerCase();
      label.hidden = needle !== "" && !(checkbox && checkbox.checked) && text.indexOf(needle) === -1;
    });
  });
})();
