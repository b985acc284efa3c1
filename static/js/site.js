// Small behaviours every page may use, declared with data attributes instead of inline handlers
// (the Content-Security-Policy allows no inline script):
//   <form data-confirm="Question?">     asks before submitting
//   <select data-autosubmit>            submits its form when changed
//   <button type="button" data-print>   prints the page
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm !== undefined) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    }
  }, true);
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.dataset.autosubmit !== undefined && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (button) { event.preventDefault(); window.print(); }
  });
})();
