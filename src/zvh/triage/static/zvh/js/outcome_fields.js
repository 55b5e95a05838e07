/* The decision form: only the chosen outcome's own fields are shown (progressive disclosure).
   Loaded as a file, so the strict Content-Security-Policy needs no exception; without
   JavaScript every outcome's fields stay visible, each under "Only for ...". */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-outcome-form]");
    if (!form) {
      return;
    }
    var radios = form.querySelectorAll('input[type="radio"][name$="outcome"]');
    var groups = form.querySelectorAll("fieldset[data-outcome]");
    function show() {
      var chosen = form.querySelector('input[type="radio"][name$="outcome"]:checked');
      groups.forEach(function (group) {
        group.hidden = !chosen || group.getAttribute("data-outcome") !== chosen.value;
      });
    }
    radios.forEach(function (radio) {
      radio.setAttribute("aria-controls", "outcome-" + radio.value);
      radio.addEventListener("change", show);
    });
    show();
  });
})();
