/* Load the search index when the reader first goes to search, not with every page.

   Material (9.8) requests the whole search index as soon as any page opens: from a server with
   XMLHttpRequest (search/search_index.json), from disk by adding a <script> for
   search/search_index.js to <head>. With hundreds of records the index weighs more than the
   page, its styles and its scripts together, and most readers never search. This script, which
   runs before Material's, holds both requests back until the search box takes focus (by click,
   tap or Material's keyboard shortcuts, which all focus it) and then lets them through, so
   search works exactly as before, a moment later. Nothing else is touched. */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.js(on)?([?#]|$)/;
  var released = false;
  var waiting = [];

  function release() {
    if (released) return;
    released = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }

  function whenReleased(go) {
    if (released) go();
    else waiting.push(go);
  }

  // Over http: Material fetches search_index.json with XMLHttpRequest.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.searchIndexRequest = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!request.searchIndexRequest) return send.apply(request, args);
    whenReleased(function () { send.apply(request, args); });
  };

  // From disk: Material adds <script src=".../search/search_index.js"> to <head>.
  var appendChild = Node.prototype.appendChild;
  Node.prototype.appendChild = function (child) {
    if (child && child.tagName === "SCRIPT" && INDEX.test(child.src || "")) {
      var parent = this;
      whenReleased(function () { appendChild.call(parent, child); });
      return child;
    }
    return appendChild.apply(this, arguments);
  };

  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("[data-md-component='search-query']")) release();
  });
})();
