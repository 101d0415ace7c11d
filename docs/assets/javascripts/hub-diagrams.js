// A link inside a diagram (an SVG <a>, drawn at build time) is followed by the browser itself.
// Material's instant navigation reads a clicked link's href as a string, which an SVG link's
// href is not: left to it, the click throws and stops instant navigation until the next load.
document.addEventListener("click", function (event) {
  if (event.target instanceof Element && event.target.closest("svg a")) {
    event.stopPropagation();
  }
}, true);
