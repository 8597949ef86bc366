// Django's filtered list of municipalities (SelectFilter2.js) labels its
// magnifier icon with aria-label on a plain span, which assistive technology
// ignores and axe reports; as an image the label is read. Runs after
// SelectFilter2 has built the widget on the window's load event.
"use strict";
window.addEventListener("load", function () {
  window.setTimeout(function () {
    document.querySelectorAll("span.search-label-icon[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }, 0);
});
