/* factsite: on a source page, frame every highlight of the passage the address points at.
 *
 * A link to a passage (sources/<id>/#<claim>-<n>) makes its pin the :target, which the
 * stylesheet marks; the passage's own highlights (<mark data-pin="<claim>-<n>">, one per
 * segment, nested among the other passages' marks) cannot be told from the others by CSS
 * alone, so this adds the class fs-current to them, and again whenever the address changes.
 * Without the script the page works as before: the pin is still marked and in view.
 */
(function () {
  "use strict";

  function target() {
    try {
      return decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return ""; // a malformed address: nothing to frame
    }
  }

  function frame() {
    var old = document.querySelectorAll("mark.fs-hl.fs-current");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("fs-current");
    var id = target();
    if (!id) return;
    var marks = document.querySelectorAll('mark.fs-hl[data-pin="' + CSS.escape(id) + '"]');
    for (var j = 0; j < marks.length; j++) marks[j].classList.add("fs-current");
  }

  frame();
  window.addEventListener("hashchange", frame);
})();
