// Small helpers for the review pages (no inline scripts: the page's CSP allows only this file).
document.addEventListener("DOMContentLoaded", function () {
  var all = document.getElementById("select-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll('input[name="ids"]').forEach(function (box) { box.checked = all.checked; });
    });
  }
  var exportForm = document.getElementById("export-form");
  if (exportForm) {
    exportForm.addEventListener("submit", function (event) {
      if (!exportForm.querySelector('input[name="ids"]:checked')) {
        event.preventDefault();
        alert("请先勾选要导出的选题");
      }
    });
  }
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
});
