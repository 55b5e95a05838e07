/* The registrant's question pages and check page (progressive enhancement: without this script
 * every page works with its buttons alone).
 *
 * - The error summary takes the focus when the page loads; its links (and a link from another
 *   page to a question, "#id_…") focus the field and scroll its label or legend into view.
 * - Autosave: every change on a question page is saved through the page's own address (the one
 *   draft service) a moment after typing stops, so nothing typed is lost when the session ends.
 *   The answer carries the ids of new persons and partners, written into their hidden fields so
 *   the next save updates them. Files are left to the upload button.
 */
(function () {
  "use strict";

  function questionOf(field) {
    var fieldset = field.closest("fieldset");
    if (fieldset && fieldset.closest(".field-choices")) {
      return fieldset.querySelector("legend") || fieldset;
    }
    var label = field.id ? document.querySelector('label[for="' + field.id + '"]') : null;
    return label || field;
  }

  function focusField(id) {
    var field = document.getElementById(id);
    if (!field || !field.matches("input, select, textarea, button")) {
      return false;
    }
    field.focus({ preventScroll: true });
    questionOf(field).scrollIntoView({ block: "start" });
    return true;
  }

  function errorSummary() {
    var summary = document.querySelector(".error-summary[tabindex]");
    if (!summary) {
      return;
    }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a");
      if (!link) {
        return;
      }
      var href = link.getAttribute("href") || "";
      if (href.charAt(0) === "#" && focusField(href.slice(1))) {
        event.preventDefault();
        history.replaceState(null, "", href);
      }
    });
  }

  function landOnQuestion() {
    if (document.querySelector(".error-summary[tabindex]")) {
      return;
    }
    if (location.hash && focusField(decodeURIComponent(location.hash.slice(1)))) {
      return;
    }
    // A person or partner just added: the focus on its first question, its legend in view.
    var added = document.querySelector("[autofocus]");
    if (added) {
      added.focus({ preventScroll: true });
      (added.closest("fieldset.group") || added).scrollIntoView({ block: "start" });
    }
  }

  function autosave(form) {
    var status = form.querySelector("[data-autosave-status]");
    var timer = null;
    var dirty = false;
    var saving = false;

    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }

    function save() {
      timer = null;
      if (saving) {
        timer = window.setTimeout(save, 500);
        return;
      }
      dirty = false;
      saving = true;
      var data = new FormData(form);
      data.delete("attachment");
      data.delete("remove_attachment");
      data.set("action", "autosave");
      // (form.action would be the button named "action")
      fetch(form.getAttribute("action") || location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
          if (response.redirected || !json) {
            throw new Error("session");
          }
          return response.json();
        })
        .then(function (answer) {
          if (!answer.saved) {
            return;
          }
          Object.keys(answer.ids || {}).forEach(function (name) {
            var input = form.querySelector('input[name="' + name + '"]');
            if (input) {
              input.value = answer.ids[name];
            }
          });
          say(answer.message);
          document.dispatchEvent(new CustomEvent("zvh:server-contact"));
        })
        .catch(function () {
          dirty = true;
        })
        .finally(function () {
          saving = false;
        });
    }

    function changed(event) {
      if (event.target && event.target.type === "file") {
        return;
      }
      dirty = true;
      if (timer) {
        window.clearTimeout(timer);
      }
      timer = window.setTimeout(save, 1000);
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      if (timer) {
        window.clearTimeout(timer);
        timer = null;
      }
    });
    // Saved before the session timeout logs out (see session_timeout.js).
    document.addEventListener("zvh:save-now", function (event) {
      if (dirty || timer) {
        if (timer) {
          window.clearTimeout(timer);
        }
        event.detail.pending.push(new Promise(function (resolve) {
          save();
          var wait = window.setInterval(function () {
            if (!saving) {
              window.clearInterval(wait);
              resolve();
            }
          }, 100);
        }));
      }
    });
    // Periodically as well, while there is something unsaved (e.g. a failed attempt).
    window.setInterval(function () {
      if (dirty && !timer && !saving) {
        save();
      }
    }, 30000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    errorSummary();
    landOnQuestion();
    var form = document.querySelector("form[data-autosave]");
    if (form) {
      autosave(form);
    }
  });
})();
