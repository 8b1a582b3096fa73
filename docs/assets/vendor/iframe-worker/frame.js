/* Runs inside the hidden frame that shim.js uses in place of a web worker when the site is read
   from file://. The upstream shim writes these definitions into the frame as an inline script,
   which the site's Content-Security-Policy refuses (its text holds the page's own address, so no
   hash can be known when the site is built); here they come from a file of the site instead.
   Same behaviour as upstream: the worker's postMessage goes to the page, importScripts loads
   scripts in order, and errors are passed to the page under the worker's address. */
"use strict";
(function () {
  var workerUrl = frameElement.dataset.workerUrl;
  self.postMessage = function (message, targetOrigin) {
    parent.postMessage(message, targetOrigin || "*");
  };
  self.importScripts = function () {
    return Array.prototype.reduce.call(arguments, function (loaded, url) {
      return loaded.then(function () {
        return new Promise(function (resolve) {
          var script = document.createElement("script");
          script.src = url;
          script.onload = resolve;
          document.body.appendChild(script);
        });
      });
    }, Promise.resolve());
  };
  addEventListener("error", function (event) {
    parent.dispatchEvent(new ErrorEvent("error", { filename: workerUrl, error: event.error }));
  });
})();
