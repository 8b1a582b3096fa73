/* Browsers ignore the `download` attribute on file:// pages (each file is its own origin) and
   show the file instead. When the site is read from disk, save the export from the copy that the
   page carries in a <template>, so "Download" saves a file there too. Over http the plain link
   is used, with no script involved. */
document.addEventListener("click", function (event) {
  if (window.location.protocol !== "file:") return;
  var link = event.target.closest && event.target.closest("a[data-export-copy]");
  if (!link) return;
  var source = document.getElementById(link.getAttribute("data-export-copy"));
  if (!source) return;
  event.preventDefault();
  var blob = new Blob([source.content.textContent], { type: link.type || "text/plain" });
  var url = URL.createObjectURL(blob);
  var save = document.createElement("a");
  save.href = url;
  save.download = link.getAttribute("download") || "";
  document.body.appendChild(save);
  save.click();
  save.remove();
  setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
});
