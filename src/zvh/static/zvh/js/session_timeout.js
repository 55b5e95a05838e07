/* The session timeout warning (see zvh.accounts.session_timeout): a modal dialog with a
 * countdown opens a set time before the idle limit; "stay logged in" (or Escape) renews the
 * session; when the time is up, the page saves what was typed (event "zvh:save-now", answered
 * by registration_form.js), then the user is logged out and sent to the login page, which leads
 * back to this page. Any contact with the server ("zvh:server-contact", e.g. an autosave) renews
 * the idle time as the server does.
 */
(function () {
  "use strict";

  var SAFETY_SECONDS = 5; // log out this long before the server would, so saving still works

  document.addEventListener("DOMContentLoaded", function () {
    var dialog = document.getElementById("session-timeout");
    if (!dialog || typeof dialog.showModal !== "function") {
      return;
    }
    var idle = Number(dialog.dataset.idleSeconds);
    var warning = Number(dialog.dataset.warningSeconds);
    var countdown = dialog.querySelector("[data-countdown]");
    var keepAlive = dialog.querySelector("form[data-keep-alive]");
    var logOut = dialog.querySelector("form[data-log-out]");
    var loadedAt = Date.now();
    var absoluteEnd = loadedAt + Number(dialog.dataset.secondsLeft) * 1000;
    if (Number(dialog.dataset.secondsLeft) >= idle) {
      absoluteEnd = Infinity; // the absolute lifetime is further away than the idle limit
    }
    var expiresAt = Math.min(loadedAt + idle * 1000, absoluteEnd);
    var returnFocus = null;
    var ending = false;

    function renewed(seconds) {
      expiresAt = Math.min(Date.now() + seconds * 1000, absoluteEnd);
    }

    function show(left) {
      var seconds = Math.max(0, Math.ceil(left));
      var minutes = Math.floor(seconds / 60);
      var rest = seconds % 60;
      countdown.textContent = minutes + ":" + (rest < 10 ? "0" : "") + rest;
    }

    function close() {
      if (dialog.open) {
        dialog.close();
      }
      if (returnFocus && document.contains(returnFocus)) {
        returnFocus.focus();
      }
      returnFocus = null;
    }

    function post(form) {
      return fetch(form.getAttribute("action"), {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
    }

    function stay() {
      post(keepAlive)
        .then(function (response) {
          var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
          if (response.redirected || !json) {
            throw new Error("session ended");
          }
          return response.json();
        })
        .then(function (answer) {
          renewed(answer.seconds_left);
          close();
        })
        .catch(function () {
          window.location.assign(dialog.dataset.loginUrl);
        });
    }

    function end() {
      ending = true;
      var pending = [];
      document.dispatchEvent(new CustomEvent("zvh:save-now", { detail: { pending: pending } }));
      var limit = new Promise(function (resolve) {
        window.setTimeout(resolve, (SAFETY_SECONDS - 1) * 1000);
      });
      Promise.race([Promise.all(pending), limit])
        .then(function () {
          return post(logOut).then(function (response) {
            return response.text(); // finished before the login page is opened below
          });
        })
        .catch(function () {
          return null;
        })
        .then(function () {
          window.location.assign(dialog.dataset.loginUrl);
        });
    }

    keepAlive.addEventListener("submit", function (event) {
      event.preventDefault();
      stay();
    });
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault(); // Escape: stay logged in
      stay();
    });
    document.addEventListener("zvh:server-contact", function () {
      renewed(idle);
      if (dialog.open && (expiresAt - Date.now()) / 1000 > warning) {
        close(); // e.g. an autosave as the focus left a field: the session was renewed
      }
    });

    window.setInterval(function () {
      if (ending) {
        return;
      }
      var left = (expiresAt - Date.now()) / 1000;
      if (left <= SAFETY_SECONDS) {
        end();
        return;
      }
      if (left <= warning && !dialog.open) {
        returnFocus = document.activeElement;
        show(left - SAFETY_SECONDS);
        dialog.showModal();
      }
      if (dialog.open) {
        show(left - SAFETY_SECONDS);
      }
    }, 1000);
  });
})();
