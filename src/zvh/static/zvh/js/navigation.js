/* The header menu on small screens: a button shows and hides it (aria-expanded tells screen
   readers which). Loaded as a file, so the strict Content-Security-Policy needs no exception;
   without JavaScript the menu simply stays visible. */
(function () {
  "use strict";
  var nav = document.querySelector("[data-menu]");
  if (!nav) {
    return;
  }
  var button = nav.querySelector(".menu-toggle");
  function setOpen(open) {
    nav.classList.toggle("menu-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  nav.classList.add("menu-enhanced");
  setOpen(false);
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && nav.classList.contains("menu-open")) {
      setOpen(false);
      button.focus();
    }
  });
})();
