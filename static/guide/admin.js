"use strict";
// Language tabs that hold an error are marked and opened; the page scrolls to the first error.
// Runs after modeltranslation has built its tabs (both on jQuery's ready queue).
(function () {
  function markErrorTabs() {
    const strings = document.getElementById("guide-admin-strings");
    const label = strings ? strings.dataset.tabError : "(error)";
    document.querySelectorAll(".ui-tabs").forEach(function (tabs) {
      let first = null;
      tabs.querySelectorAll(":scope > ul > li").forEach(function (tab, index) {
        const link = tab.querySelector("a[href^='#']");
        const panel = link && document.getElementById(link.getAttribute("href").slice(1));
        if (!panel || !panel.querySelector(".errorlist")) {
          return;
        }
        tab.classList.add("guide-tab-error");
        if (!link.querySelector(".guide-tab-error-label")) {
          const note = document.createElement("span");
          note.className = "guide-tab-error-label";
          note.textContent = " " + label;
          link.appendChild(note);
        }
        if (first === null) {
          first = index;
        }
      });
      if (first !== null && window.django && django.jQuery) {
        django.jQuery(tabs).tabs("option", "active", first);
      }
    });
    const error = document.querySelector(".guide-conflict, .guide-error-summary, .errorlist");
    if (error) {
      error.scrollIntoView({block: "center"});
    }
  }

  if (window.django && django.jQuery) {
    django.jQuery(function () {
      window.setTimeout(markErrorTabs, 0);
    });
  } else {
    document.addEventListener("DOMContentLoaded", markErrorTabs);
  }
})();
