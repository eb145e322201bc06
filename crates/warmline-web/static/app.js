// warmline: small enhancements over pages that work without this file.
//
// * Search as you type on People: the filter form is sent in the background and its
//   results replace the list, as pressing "Show" would.
// * Copy buttons: a button with data-copy="ID" copies that field; hidden until this
//   script shows it, since without script it could do nothing.
"use strict";

(function () {
  function liveSearch(form) {
    var target = document.getElementById(form.getAttribute("data-live"));
    if (!target || !window.fetch || !window.DOMParser) return;
    var timer = null;
    var latest = 0;

    function run() {
      var params = new URLSearchParams(new FormData(form));
      // Empty fields would only clutter the address.
      Array.from(params.keys()).forEach(function (k) {
        if (params.get(k) === "") params.delete(k);
      });
      var url = form.getAttribute("action") + (params.toString() ? "?" + params : "");
      var ticket = ++latest;
      fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          if (ticket !== latest) return; // a newer search is on its way
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById(target.id);
          if (fresh) {
            target.replaceChildren.apply(target, Array.from(fresh.childNodes));
            history.replaceState(null, "", url);
          }
        })
        .catch(function () { /* the Show button still works */ });
    }

    function soon() {
      clearTimeout(timer);
      timer = setTimeout(run, 200);
    }

    form.addEventListener("input", function (e) {
      if (e.target.type === "search" || e.target.tagName === "INPUT") soon();
    });
    form.addEventListener("change", function (e) {
      if (e.target.tagName === "SELECT" || e.target.type === "checkbox") run();
    });
  }

  function copyButton(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = "value" in source ? source.value : source.textContent;
      navigator.clipboard.writeText(text).then(function () {
        var label = button.textContent;
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = label; }, 1500);
      });
    });
  }

  document.querySelectorAll("form[data-live]").forEach(liveSearch);
  document.querySelectorAll("button[data-copy]").forEach(copyButton);
})();
