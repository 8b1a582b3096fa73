/* "Cite this" panel: the copy buttons. Switching styles needs no script (radio buttons and CSS);
   copying does, so the buttons stay hidden until this script shows them. The formatted reference
   goes to the clipboard as rich text (for word processors) and as plain text; where the
   Clipboard API is missing or refused (some browsers from file://), the reference is selected
   and copied with execCommand instead. */
(function () {
  function status(button, message) {
    var box = button.parentNode.querySelector(".cite-reference__status");
    if (box) box.textContent = message;
  }

  function copyBySelection(element) {
    var selection = window.getSelection();
    var range = document.createRange();
    range.selectNodeContents(element);
    selection.removeAllRanges();
    selection.addRange(range);
    var done = false;
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    selection.removeAllRanges();
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(button) {
    var element = document.getElementById(button.getAttribute("data-copy-reference"));
    if (!element) return;
    var plain = button.getAttribute("data-copy-plain");
    var attempt;
    if (navigator.clipboard && window.ClipboardItem) {
      attempt = navigator.clipboard.write([new ClipboardItem({
        "text/plain": new Blob([plain], { type: "text/plain" }),
        "text/html": new Blob([element.innerHTML], { type: "text/html" })
      })]);
    } else if (navigator.clipboard) {
      attempt = navigator.clipboard.writeText(plain);
    } else {
      attempt = Promise.reject(new Error("no clipboard"));
    }
    attempt
      .catch(function () { return copyBySelection(element); })
      .then(function () { status(button, "Copied"); },
            function () { status(button, "Select the reference and copy it"); });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy-reference]");
    if (button) copy(button);
  });

  function reveal() {
    var buttons = document.querySelectorAll("button[data-copy-reference]");
    for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reveal);
  else reveal();
})();
