/* A staff form that comes back with errors shows their summary (staff/_form_errors.html) at
 * its top, which may be thousands of pixels down a review page. Bring the summary into view
 * and focus it, so the screen and a screen reader both start there; a link in the summary
 * focuses its field's control, not only scrolls to it.
 *
 * Under Turbo an invalid form comes back as 422 and is rendered in place (turbo:render);
 * Turbo then scrolls to the top, so the summary is shown in the next task. */
(function () {
  "use strict";

  var FOCUSABLE = "input:not([type=hidden]):not([disabled]), textarea:not([disabled]), " +
    "select:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex='-1'])";

  function showSummary() {
    var summary = document.querySelector(".form-errors");
    if (!summary) return;
    var box = summary.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {  // else the page keeps its heading
      summary.scrollIntoView({ block: "start" });
    }
    summary.focus({ preventScroll: true });
  }

  function later() {
    setTimeout(showSummary, 0);
  }

  function focusField(event) {
    var link = event.target.closest(".form-errors a[href^='#']");
    if (!link) return;
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    var control = field.matches(FOCUSABLE) ? field : field.querySelector(FOCUSABLE);
    field.scrollIntoView({ block: "center" });
    if (control) control.focus({ preventScroll: true });
  }

  document.addEventListener("turbo:render", later);
  document.addEventListener("click", focusField);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", later);
  } else {
    later();
  }
})();
