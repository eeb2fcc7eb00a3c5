// The settings the theme's base.js and the search read, taken from this script element's data attributes:
// the site's Content-Security-Policy allows no inline script, where the theme would set them (docs/security.md).
(function () {
  var settings = document.currentScript.dataset;
  window.base_url = settings.baseUrl;
  window.shortcuts = JSON.parse(settings.shortcuts);
})();
