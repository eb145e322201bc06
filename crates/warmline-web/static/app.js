// warmline: small enhancements over pages that work without this file.
//
// * Search as you type on People: the filter form is sent in the background and its
//   results replace the list, as pressing "Show" would.
// * Copy buttons: a button with data-copy="ID" copies that field; hidden until this
//   script shows it, since without script it could do nothing.
// * The installed app: registers the service worker (sw.js), which keeps the shell and
//   the "Met someone" page for use without a connection.
// * Offline capture: a form with data-queue ("Met someone") is sent in the background.
//   When there is no connection (or the server cannot be reached, or it asks for a new
//   sign-in) the entry waits in this browser's localStorage, with the id the form gave
//   it, and is sent when the connection returns, with a token read afresh from the
//   server. The server carries out each id once, so an entry sent twice is not doubled.
//   An entry the server refuses stays, with the reason, until it is sent or discarded
//   by hand: nothing typed is dropped silently.
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

  var QUEUE_KEY = "warmline-queue";
  var SIGN_IN = "Sign in again to send it; it stays on this device until then.";

  function loadQueue() {
    try {
      var q = JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
      return Array.isArray(q) ? q : [];
    } catch (e) {
      return [];
    }
  }

  function saveQueue(q) {
    localStorage.setItem(QUEUE_KEY, JSON.stringify(q));
  }

  function changeEntry(id, change) {
    var q = loadQueue();
    var out = [];
    q.forEach(function (e) {
      if (e.id !== id) return out.push(e);
      var kept = change(e);
      if (kept) out.push(kept);
    });
    saveQueue(out);
  }

  // 128 random bits as hex: the entry's id, which the server carries out once.
  function newId() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }

  function pathOf(url) {
    try {
      return new URL(url, location.href).pathname;
    } catch (e) {
      return "";
    }
  }

  // The one-line reason of a page the server answered with instead of going on.
  function reasonIn(html, status) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var el = doc.querySelector("main .error, main .warning p, main .lead");
    var text = el ? el.textContent.replace(/\s+/g, " ").trim() : "";
    return text || "The server answered " + status + ".";
  }

  // Sends one entry with `token`. The answer: ok (and where it went), offline, a sign-in
  // to do, or refused with the server's reason.
  function send(entry, token) {
    var body = new URLSearchParams();
    body.append("csrf", token);
    entry.fields.forEach(function (kv) {
      if (kv[0] !== "csrf" && kv[0] !== "client_id") body.append(kv[0], kv[1]);
    });
    body.append("client_id", entry.id);
    return fetch(entry.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "text/html" }
    }).then(function (r) {
      var path = pathOf(r.url);
      if (r.ok && r.redirected && /^\/people\/\d+$/.test(path)) return { ok: true, url: r.url };
      if (path.indexOf("/login") === 0) return { signIn: true, status: 401, message: SIGN_IN };
      return r.text().then(function (html) {
        return { status: r.status, message: reasonIn(html, r.status) };
      });
    }, function () {
      return { offline: true };
    });
  }

  // A token and the network it sends to, from the server itself: a page kept by the
  // service worker may hold an old token, or have been kept under another sign-in.
  function fresh() {
    return fetch("/met", {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "text/html" }
    }).then(function (r) {
      var path = pathOf(r.url);
      if (path.indexOf("/login") === 0) return { signIn: true, message: SIGN_IN };
      if (!r.ok || path !== "/met") return { message: "The server answered " + r.status + "; the entries stay here." };
      return r.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var form = doc.querySelector("form[data-queue]");
        var field = form && form.querySelector('input[name="csrf"]');
        if (!field) return { message: "The server's page had no form; the entries stay here." };
        return { token: field.value, owner: form.getAttribute("data-owner") || "" };
      });
    }, function () {
      return { offline: true };
    });
  }

  var flushing = false;

  // Sends the entries waiting for this network, one at a time, stopping when the
  // connection goes or a sign-in is needed. `done(sent, note)` is told how it went.
  function flush(done) {
    done = done || function () {};
    if (flushing || !navigator.onLine || !loadQueue().length) return done(0, "");
    flushing = true;
    var sent = 0;
    var finish = function (note) {
      flushing = false;
      done(sent, note || "");
    };
    fresh().then(function (f) {
      if (!f.token) {
        if (!f.offline) {
          loadQueue().forEach(function (e) {
            changeEntry(e.id, function (x) { x.problem = f.message; return x; });
          });
        }
        return finish(f.offline ? "" : f.message);
      }
      var mine = loadQueue().filter(function (e) { return e.owner === f.owner; });
      var next = function (i) {
        if (i >= mine.length) return finish("");
        var entry = mine[i];
        send(entry, f.token).then(function (result) {
          if (result.ok) {
            sent += 1;
            changeEntry(entry.id, function () { return null; });
            return next(i + 1);
          }
          if (result.offline) return finish("");
          changeEntry(entry.id, function (x) { x.problem = result.message; return x; });
          if (result.signIn) return finish(result.message);
          next(i + 1);
        });
      };
      next(0);
    });
  }

  function captureForm(form) {
    if (!window.fetch || !window.localStorage || !window.URLSearchParams || !window.crypto) return;
    var owner = form.getAttribute("data-owner") || "";
    var idField = form.querySelector('input[name="client_id"]');
    var section = document.getElementById("queue");
    var status = document.getElementById("queue-status");
    var list = document.getElementById("queue-list");
    // A fresh page gets an id of its own: the copy the service worker keeps would give
    // every entry typed on it the same one. An answer to an entry keeps that entry's id.
    if (!form.hasAttribute("data-keep-id")) idField.value = newId();

    function show(note) {
      if (!section) return;
      var q = loadQueue();
      var mine = q.filter(function (e) { return e.owner === owner; });
      var others = q.length - mine.length;
      list.replaceChildren();
      mine.forEach(function (e) {
        var li = document.createElement("li");
        li.setAttribute("data-entry", e.id);
        var name = document.createElement("strong");
        name.textContent = e.name || "(no name)";
        li.appendChild(name);
        if (e.problem) {
          var why = document.createElement("span");
          why.className = "problem";
          why.textContent = e.problem;
          li.appendChild(why);
        }
        var open = document.createElement("button");
        open.type = "button";
        open.className = "small secondary";
        open.textContent = "Open";
        open.addEventListener("click", function () { fill(e); });
        var discard = document.createElement("button");
        discard.type = "button";
        discard.className = "small secondary";
        discard.textContent = "Discard";
        discard.addEventListener("click", function () {
          if (!window.confirm("Discard the entry for " + (e.name || "this person") + "? It was never sent.")) return;
          changeEntry(e.id, function () { return null; });
          show("");
        });
        li.appendChild(document.createTextNode(" "));
        li.appendChild(open);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(discard);
        list.appendChild(li);
      });
      var words = [];
      if (note) words.push(note);
      if (mine.length) {
        words.push(mine.length === 1 ? "1 entry waits to be sent." : mine.length + " entries wait to be sent.");
        if (!navigator.onLine) words.push("They are sent when the connection returns.");
      }
      if (others) {
        words.push(others + " saved under another sign-in wait for it on this device.");
      }
      status.textContent = words.join(" ");
      section.hidden = words.length === 0;
    }

    // Puts a waiting entry back in the form, under its own id, to change and send.
    function fill(e) {
      e.fields.forEach(function (kv) {
        var field = form.elements.namedItem(kv[0]);
        if (field && field.type !== "hidden" && field.tagName !== "BUTTON") field.value = kv[1];
      });
      idField.value = e.id;
      form.scrollIntoView();
    }

    function keep(entry, problem) {
      var q = loadQueue().filter(function (e) { return e.id !== entry.id; });
      entry.problem = problem;
      q.push(entry);
      saveQueue(q);
      form.reset();
      idField.value = newId();
      show(problem ? "" : "Saved on this device.");
    }

    form.addEventListener("submit", function (event) {
      // After an answer only the server's page can give (a likely duplicate to decide,
      // a field to correct), the form is sent the ordinary way.
      if (form.hasAttribute("data-native")) return;
      event.preventDefault();
      var data = new FormData(form);
      var by = event.submitter;
      if (by && by.name) data.append(by.name, by.value);
      var fields = [];
      data.forEach(function (value, key) {
        if (typeof value === "string" && key !== "csrf" && key !== "client_id") fields.push([key, value]);
      });
      var entry = {
        id: idField.value || newId(),
        owner: owner,
        action: form.getAttribute("action"),
        fields: fields,
        name: String(data.get("name") || "").trim(),
        problem: ""
      };
      if (!navigator.onLine) return keep(entry, "");
      send(entry, String(data.get("csrf") || "")).then(function (result) {
        if (result.ok) {
          changeEntry(entry.id, function () { return null; });
          return location.assign(result.url);
        }
        if (result.offline) return keep(entry, "");
        if (result.status === 422) {
          form.setAttribute("data-native", "");
          return by ? form.requestSubmit(by) : form.requestSubmit();
        }
        keep(entry, result.message);
      });
    });

    window.addEventListener("online", function () {
      flush(function (sent, note) { show(sent ? "Sent " + sent + " saved on this device." + (note ? " " + note : "") : note); });
    });
    window.addEventListener("offline", function () { show(""); });
    show("");
    flush(function (sent, note) { show(sent ? "Sent " + sent + " saved on this device." + (note ? " " + note : "") : note); });
    return true;
  }

  document.querySelectorAll("form[data-live]").forEach(liveSearch);
  document.querySelectorAll("button[data-copy]").forEach(copyButton);
  var capturing = false;
  document.querySelectorAll("form[data-queue]").forEach(function (f) {
    capturing = captureForm(f) || capturing;
  });
  // On other pages, entries saved on this device still go as soon as there is a way.
  if (!capturing && window.fetch && window.localStorage) {
    flush();
    window.addEventListener("online", function () { flush(); });
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
  }
})();
