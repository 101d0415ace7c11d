// Material draws ```mermaid fences itself and, the first time a page holds one, loads
// Mermaid from a CDN. This site fetches nothing from anywhere: the same loader is made to
// load the pinned copy published with the site (data-mermaid, from hooks/mermaid_assets.py).
// Pages without a diagram still never load Mermaid, and instant navigation keeps working.
(function () {
  var target = new URL(document.currentScript.dataset.mermaid, location.href).href;
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (this instanceof HTMLScriptElement && name === "src" && /\/\/unpkg\.com\/mermaid@/.test(value)) {
      value = target;
    }
    return setAttribute.call(this, name, value);
  };
})();
