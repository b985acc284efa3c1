// Job list: changing the sort order submits the search form (the button-less select still works
// without JavaScript: the form's Search button submits it too).
document.querySelectorAll("select.js-autosubmit").forEach((select) => {
  select.addEventListener("change", () => select.form && select.form.submit());
});
