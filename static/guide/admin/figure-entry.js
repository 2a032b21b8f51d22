"use strict";
// A figure added in the report's figure table starts with the source of the row above; the
// server does the same for a row left without one, so this only shows it before saving.
document.addEventListener("formset:added", (event) => {
  if (event.detail.formsetName !== "figures") {
    return;
  }
  const row = event.target;
  const rows = Array.from(document.querySelectorAll("#figures-group .inline-related:not(.empty-form)"));
  const target = row.querySelector("select[name$='-source']");
  if (!target) {
    return;
  }
  for (const previous of rows.slice(0, rows.indexOf(row)).reverse()) {
    const select = previous.querySelector("select[name$='-source']");
    const chosen = select && select.selectedOptions[0];
    if (chosen && chosen.value) {
      target.replaceChildren(new Option(chosen.text, chosen.value, true, true));
      if (window.django && window.django.jQuery) {
        window.django.jQuery(target).trigger("change");
      }
      return;
    }
  }
});
