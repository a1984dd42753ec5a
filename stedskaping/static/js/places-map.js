/* The places' maps, an enhancement over the server's outline and the list:
   #project-map shows the list's points (its .map-point links), #place-picker sets the
   latitude and longitude fields from a click. Needs Leaflet and a tile server. */
(function () {
  "use strict";
  function tiles(el, map) {
    L.tileLayer(el.dataset.tiles, {attribution: el.dataset.attribution || "", maxZoom: 19}).addTo(map);
  }
  function projectMap(el) {
    var points = Array.prototype.slice.call(el.querySelectorAll(".map-point"));
    el.classList.add("is-live");  // shown first: Leaflet measures the box
    var map = L.map(el, {scrollWheelZoom: false});
    tiles(el, map);
    var bounds = [];
    points.forEach(function (a, i) {
      var at = [parseFloat(a.dataset.lat), parseFloat(a.dataset.lon)];
      bounds.push(at);
      L.marker(at, {title: (i + 1) + ". " + a.textContent, keyboard: false}).addTo(map)
        .on("click", function () { window.location.href = a.href; });
    });
    if (bounds.length === 1) { map.setView(bounds[0], 15); } else { map.fitBounds(bounds, {padding: [24, 24]}); }
    var outline = el.parentNode.querySelector(".map-outline");
    if (outline) { outline.setAttribute("hidden", ""); }
    el.classList.add("is-live");
  }
  function picker(el) {
    var lat = document.getElementById(el.dataset.lat), lon = document.getElementById(el.dataset.lon);
    el.classList.add("is-live");
    var map = L.map(el);
    tiles(el, map);
    var marker = null;
    function put(at) {
      if (marker) { marker.setLatLng(at); } else { marker = L.marker(at, {keyboard: false}).addTo(map); }
    }
    if (lat.value && lon.value) {
      var at = [parseFloat(lat.value), parseFloat(lon.value)];
      put(at); map.setView(at, 15);
    } else { map.setView([64.5, 14], 4); }
    map.on("click", function (e) {
      put(e.latlng);
      lat.value = e.latlng.lat.toFixed(6); lon.value = e.latlng.lng.toFixed(6);
    });
    el.classList.add("is-live");
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") { return; }
    var list = document.getElementById("project-map");
    if (list) { projectMap(list); }
    var pick = document.getElementById("place-picker");
    if (pick) { picker(pick); }
  });
})();
