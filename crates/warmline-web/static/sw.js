// warmline's service worker: keeps the shell of the installed app (the stylesheet, the
// script, the icons and the "Met someone" page) so that it opens without a connection.
//
// * The stylesheet, script, icons and manifest come from the cache first: their
//   addresses carry their version, and this file names them, so a new warmline brings a
//   new worker and a new cache.
// * Pages come from the network; "Met someone" is kept each time it loads, and any page
//   asked for without a connection answers with it, so a capture can always be typed.
//   Captures typed offline wait on the device (app.js) and are sent when the connection
//   returns. Nothing else is kept: people's pages hold personal data.
// * Form posts and every other request go to the network as they are.
"use strict";

var CACHE = "warmline-__VERSION__";
var PAGE = "/met";
var ASSETS = __ASSETS__;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      var assets = cache.addAll(ASSETS);
      // The page only when it is the page: signed out, the server answers with the login.
      var page = fetch(PAGE, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) {
          if (r.ok && !r.redirected) return cache.put(PAGE, r);
        })
        .catch(function () {});
      return Promise.all([assets, page]);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) {
        return n.indexOf("warmline-") === 0 && n !== CACHE;
      }).map(function (n) {
        return caches.delete(n);
      }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    event.respondWith(
      fetch(req).then(function (r) {
        if (url.pathname === PAGE && r.ok && !r.redirected) {
          var copy = r.clone();
          var kept = caches.open(CACHE).then(function (c) {
            return c.put(PAGE, copy);
          });
          try {
            event.waitUntil(kept);
          } catch (e) {
            // The answer is on its way already; the copy is kept all the same.
          }
        }
        return r;
      }).catch(function () {
        return caches.match(PAGE).then(function (r) {
          return r || Response.error();
        });
      })
    );
    return;
  }
  if (ASSETS.indexOf(url.pathname + url.search) >= 0) {
    event.respondWith(
      caches.match(req).then(function (r) {
        return r || fetch(req);
      })
    );
  }
});
