/* Small enhancements; every page works without them (JavaScript off).
   - The student table's name box filters rows as you type. */
(function () {
  "use strict";
  function filterRows() {
    var box = document.getElementById("q");
    var table = document.querySelector("table.students");
    if (!box || !table) { return; }
    box.addEventListener("input", function () {
      var needle = box.value.toLowerCase();
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var name = row.cells[0].textContent.toLowerCase();
        row.hidden = needle !== "" && name.indexOf(needle) === -1;
      });
    });
  }
  document.addEventListener("DOMContentLoaded", filterRows);
  document.addEventListener("htmx:afterSettle", filterRows);
})();
