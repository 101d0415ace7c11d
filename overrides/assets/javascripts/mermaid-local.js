// Material draws ```mermaid fences itself and, the first time a page holds one, loads
// Mermaid from a CDN. This site fetches nothing from anywhere: the same loader is made to
// load the pinned copy published with the site (data-mermaid, from diagrams/wiring.py).
// Pages without a diagram still never load Mermaid, and instant navigation keeps working.
(function () {
  var target = new URL(document.currentScript.dataset.mermaid, location.href).href;

  // Material's theme CSS leaves subgraphs (clusters) in Mermaid's light default colours,
  // which are unreadable in the dark palette; these follow the palette like the rest.
  var clusterCss =
    ".cluster rect,.cluster path,.cluster polygon{fill:var(--md-default-fg-color--lightest)!important;" +
    "stroke:var(--md-default-fg-color--lighter)!important}" +
    ".cluster-label,.cluster-label span,.cluster text{color:var(--md-default-fg-color--light)!important;" +
    "fill:var(--md-default-fg-color--light)!important}";

  function extendTheme() {
    var initialize = window.mermaid && window.mermaid.initialize;
    if (!initialize || initialize.extended) return;
    window.mermaid.initialize = function (config) {
      config = Object.assign({}, config);
      config.themeCSS = (config.themeCSS || "") + clusterCss;
      // As in the build's check (MAX_EDGES, diagrams/mermaid_check.py): large catalogs draw more
      // than Mermaid's default of 500 edges.
      config.maxEdges = 2000;
      return initialize.call(this, config);
    };
    window.mermaid.initialize.extended = true;
  }

  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (this instanceof HTMLScriptElement && name === "src" && /\/\/unpkg\.com\/mermaid@/.test(value)) {
      value = target;
      // Registered before Material's own listener, so it runs before Material initializes Mermaid.
      this.addEventListener("load", extendTheme);
    }
    return setAttribute.call(this, name, value);
  };
})();
