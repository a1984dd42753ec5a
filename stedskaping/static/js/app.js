// Small progressive enhancements; every page works without them (no inline script:
// the Content-Security-Policy allows scripts from this site only).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // After a failed submit, the error summary takes the focus, so that a screen reader
  // reads it and a keyboard user starts from it (GOV.UK's error summary).
  function focusErrorSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  }

  // A link of the error summary focuses its field and shows the field's label too.
  function followErrorLinks() {
    document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var input = document.getElementById(link.getAttribute("href").slice(1));
        if (!input) { return; }
        event.preventDefault();
        var holder = input.closest("fieldset") || input.closest(".field") || input;
        holder.scrollIntoView();
        input.focus({preventScroll: true});
      });
    });
  }

  // The header's menu button on phones; without JavaScript the menu stays open.
  function menuButton() {
    var button = document.querySelector(".menu-toggle");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", open ? "false" : "true");
    });
  }

  // Radio buttons that reveal the fields of the chosen option (GOV.UK's conditional
  // reveal). A field with an error stays in view.
  function conditionalReveal() {
    document.querySelectorAll("[data-reveals]").forEach(function (group) {
      var radios = group.querySelectorAll("input[type=radio]");
      var all = [];
      radios.forEach(function (radio) {
        (radio.getAttribute("aria-controls") || "").split(/\s+/).forEach(function (id) {
          if (id && all.indexOf(id) < 0) { all.push(id); }
        });
      });
      function update() {
        var shown = [];
        radios.forEach(function (radio) {
          if (radio.checked) { shown = (radio.getAttribute("aria-controls") || "").split(/\s+/); }
        });
        all.forEach(function (id) {
          var box = document.getElementById(id);
          if (box) { box.hidden = shown.indexOf(id) < 0 && !box.classList.contains("has-error"); }
        });
      }
      radios.forEach(function (radio) { radio.addEventListener("change", update); });
      update();
    });
  }

  function start() {
    menuButton();
    conditionalReveal();
    followErrorLinks();
    focusErrorSummary();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
