/*
 * Accessible names for the admin's autocomplete fields. Django's select2 widgets name their
 * combobox after the current value only (nothing when empty) and leave the search box of a
 * multiple choice unnamed: each gets its field's label, as the RGAA asks (criterion 11.1); the
 * "remove all" cross it puts straight into its list of choices goes into a list item of its own.
 * No library option does this; it runs on every select2 the page creates, inline rows included.
 */
(function () {
  "use strict";

  function labelFor(select) {
    if (!select.id) return null;
    const label = document.querySelector('label[for="' + select.id + '"]');
    if (!label) return null;
    if (!label.id) label.id = select.id + "-label";
    return label;
  }

  function nameContainer(select) {
    const container = select.nextElementSibling;
    if (!container || !container.classList.contains("select2")) return;
    const label = labelFor(select);
    if (!label) return;
    const text = label.textContent.replace(/\s*:\s*$/, "").trim();
    const selection = container.querySelector(".select2-selection");
    const rendered = container.querySelector(".select2-selection__rendered");
    if (selection) {
      const ids = [label.id];
      if (rendered && rendered.id) ids.push(rendered.id);
      selection.setAttribute("aria-labelledby", ids.join(" "));
    }
    if (rendered && rendered.getAttribute("role") === "textbox") {
      rendered.setAttribute("aria-labelledby", label.id);
    }
    container.querySelectorAll(".select2-search__field").forEach(function (field) {
      field.setAttribute("aria-label", text);
    });
    container.querySelectorAll("ul.select2-selection__rendered > .select2-selection__clear").forEach(
      function (cross) {
        const item = document.createElement("li");
        item.className = "select2-selection__clear-item";
        cross.replaceWith(item);
        item.appendChild(cross);
      }
    );
  }

  function nameAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(nameContainer);
  }

  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      nameAll();
    });
  }

  window.addEventListener("load", function () {
    nameAll();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  });
})();
