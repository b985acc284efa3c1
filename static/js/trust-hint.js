// Warn before it counts (trust/hints.py): a field with data-trust-hint="<context>" (and, for two-party
// text, data-trust-hint-counterpart="<user id>") is checked as the person types, debounced. What would be
// refused is shown under the field, highlighted, with the reason. A hint records nothing.
(function () {
  "use strict";
  var URL = "/trust/hint/";
  var DELAY_MS = 450;

  function csrfToken(field) {
    var form = field.form;
    var input = form ? form.querySelector("input[name=csrfmiddlewaretoken]") : null;
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function box(field) {
    var id = (field.id || field.name) + "-trust-hint";
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement("div");
      el.id = id;
      el.className = "trust-hint";
      el.setAttribute("role", "status");
      el.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", el);
      field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + id).trim());
    }
    return el;
  }

  function show(field, answer) {
    var el = box(field);
    el.textContent = "";
    field.classList.toggle("trust-hint-refused", !answer.allowed);
    if (answer.allowed) { el.hidden = true; return; }
    el.hidden = false;
    var strong = document.createElement("strong");
    strong.textContent = answer.headline;
    el.appendChild(strong);
    var preview = document.createElement("p");
    preview.className = "small trust-hint-preview";
    preview.innerHTML = answer.html; // escaped by the server; only <mark class="finding"> is markup
    el.appendChild(preview);
    var list = document.createElement("ul");
    answer.findings.forEach(function (f) {
      var li = document.createElement("li");
      li.textContent = f.reason;
      list.appendChild(li);
    });
    el.appendChild(list);
    var rule = document.createElement("p");
    rule.className = "small muted";
    rule.textContent = answer.rule + " Nothing has been sent or saved yet.";
    el.appendChild(rule);
  }

  function check(field) {
    var text = field.value || "";
    if (!text.trim()) { show(field, { allowed: true }); return; }
    var body = new URLSearchParams();
    body.set("text", text);
    body.set("context", field.dataset.trustHint);
    if (field.dataset.trustHintCounterpart) body.set("counterpart", field.dataset.trustHintCounterpart);
    var sent = text;
    fetch(URL, {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "X-CSRFToken": csrfToken(field), "X-Requested-With": "XMLHttpRequest" },
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (answer && field.value === sent) show(field, answer);
    }).catch(function () { /* a hint is a courtesy: the real check happens on send */ });
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!(field instanceof HTMLElement) || !field.dataset || !field.dataset.trustHint) return;
    clearTimeout(field._trustHintTimer);
    field._trustHintTimer = setTimeout(function () { check(field); }, DELAY_MS);
  });
})();
