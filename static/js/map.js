/* The site's maps, drawn with Leaflet (static/vendor/) over their text alternative, never
   instead of it: each map container starts hidden, the page reads fine without JavaScript.

   Containers say what to draw in data-* attributes (no inline script: the Content-Security-Policy
   allows only the site's own files):
   - data-map="places": the places of /carte/, clustered, from the GeoJSON at data-geojson-url
     (properties: n name, k kinds' names, c commune, u page URL; see places/maps.py);
   - data-map="place": one place at data-lat, data-lon, named data-name.
   Both take data-tiles-url, data-tiles-attribution (HTML from the site's settings) and the
   marker's images (data-icon-url, data-icon-retina-url, data-shadow-url: hashed static names,
   which Leaflet could not guess from its stylesheet).

   Data from the GeoJSON goes into the page through textContent only, never innerHTML. Once every
   place is on the map, its container gets data-map-state="drawn" (what the browser tests wait
   for). Visitors who ask their system for reduced motion get no zoom or cluster animation. */
(function () {
  "use strict";

  if (!window.L) {
    return; // Leaflet did not load: the text alternative stays alone.
  }

  // Metropolitan France with Corsica: the first view when results also lie overseas, rather
  // than half the globe. Overseas places stay on the map, one zoom-out away.
  var METROPOLE = L.latLngBounds([41.2, -5.3], [51.2, 9.7]);
  var FRANCE_VIEW = { center: [46.6, 2.4], zoom: 5 };
  // "1 512", as the site's pages write numbers (no-break space). Not Intl.NumberFormat nor
  // toLocaleString(): on a phone, loading their locale data was most of the map's drawing time.
  function groupThousands(count) {
    return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  }
  var STILL = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function markerIcon(container) {
    return L.icon({
      iconUrl: container.dataset.iconUrl,
      iconRetinaUrl: container.dataset.iconRetinaUrl,
      shadowUrl: container.dataset.shadowUrl,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41]
    });
  }

  function createMap(container, options) {
    container.hidden = false;
    var map = L.map(
      container,
      L.extend(
        {
          zoomControl: false,
          zoomAnimation: !STILL,
          fadeAnimation: !STILL,
          markerZoomAnimation: !STILL
        },
        options
      )
    );
    L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(map);
    map.attributionControl.setPrefix(
      '<a href="https://leafletjs.com/" hreflang="en">Leaflet</a>'
    );
    return map;
  }

  function addTiles(map, container, onFailure) {
    var loaded = false;
    var layer = L.tileLayer(container.dataset.tilesUrl, {
      attribution: container.dataset.tilesAttribution,
      maxZoom: 19,
      // On high-density screens (most phones), tiles of the next zoom level at half size: sharp
      // rather than blurred by enlargement.
      detectRetina: true,
      // The site sends no referrer to other origins; tile servers (OpenStreetMap's policy among
      // them) ask to know which site their tiles are for: the origin, not the page, is enough.
      referrerPolicy: "strict-origin-when-cross-origin"
    });
    layer.on("tileload", function () {
      loaded = true;
    });
    layer.once("tileerror", function () {
      onFailure(loaded);
    });
    layer.addTo(map);
  }

  function showNotice(name) {
    var notice = document.querySelector('[data-map-notice="' + name + '"]');
    if (notice) {
      notice.hidden = false;
    }
  }

  function appendText(parent, tagName, className, text) {
    var element = document.createElement(tagName);
    element.className = className;
    element.textContent = text;
    parent.appendChild(element);
    return element;
  }

  function popupContent(properties) {
    var box = document.createElement("div");
    var title = appendText(box, "p", "map-popup__name", "");
    var link = document.createElement("a");
    // Only a path of this site: anything else (a javascript: URL) is not made a link.
    if (/^\/(?!\/)/.test(properties.u)) {
      link.href = properties.u;
    }
    link.textContent = properties.n;
    title.appendChild(link);
    if (properties.k && properties.k.length) {
      appendText(box, "p", "map-popup__meta", properties.k.join(", "));
    }
    if (properties.c) {
      appendText(box, "p", "map-popup__meta", properties.c);
    }
    return box;
  }

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var inner = document.createElement("div");
    var label = appendText(inner, "span", "", groupThousands(count));
    // The cluster is a button (Leaflet makes it focusable): its name says what it does.
    appendText(label, "span", "visually-hidden", " lieux : zoomer sur ce groupe");
    return L.divIcon({
      html: inner,
      className: "marker-cluster marker-cluster-" + size,
      iconSize: L.point(40, 40)
    });
  }

  function placeMarker(feature, icon, metropole, everywhere) {
    var coordinates = feature.geometry.coordinates;
    var latLng = L.latLng(coordinates[1], coordinates[0]);
    var properties = feature.properties;
    everywhere.extend(latLng);
    if (METROPOLE.contains(latLng)) {
      metropole.extend(latLng);
    }
    var marker = L.marker(latLng, { icon: icon, alt: properties.n, title: properties.n });
    marker.properties = properties;
    return marker;
  }

  function drawPlaces(container) {
    // Half zoom levels: France fills the map better than with whole ones.
    // Every zoom level between minZoom and disableClusteringAtZoom costs a clustering pass over
    // all the places when the map is drawn: no world view, no clusters in street view.
    var map = createMap(container, { zoomSnap: 0.5, minZoom: 2, maxZoom: 18 });
    map.setView(FRANCE_VIEW.center, FRANCE_VIEW.zoom);
    addTiles(map, container, function () {
      showNotice("tiles");
    });
    var icon = markerIcon(container);
    fetch(container.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("GeoJSON : " + response.status);
        }
        return response.json();
      })
      .then(function (collection) {
        var metropole = L.latLngBounds([]);
        var everywhere = L.latLngBounds([]);
        var markers = collection.features.map(function (feature) {
          return placeMarker(feature, icon, metropole, everywhere);
        });
        var group = L.markerClusterGroup
          ? L.markerClusterGroup({
              // Clustering 1,500 markers at once blocks the page for most of a second on a
              // phone: chunks shorter than a "long task" (50 ms) keep it responsive.
              chunkedLoading: true,
              chunkInterval: 10,
              chunkDelay: 10,
              chunkProgress: function (processed, total) {
                if (processed === total) {
                  // The last chunk's clusters are put on the map just after this call.
                  window.setTimeout(function () {
                    container.dataset.mapState = "drawn";
                  }, 0);
                }
              },
              animate: !STILL,
              disableClusteringAtZoom: 16,
              showCoverageOnHover: false,
              iconCreateFunction: clusterIcon
            })
          : L.featureGroup();
        if (group.addLayers) {
          group.addLayers(markers);
        } else {
          markers.forEach(function (marker) {
            group.addLayer(marker);
          });
          container.dataset.mapState = "drawn";
        }
        // Zoom first, then cluster once at that zoom (not at the first view, then again).
        var focus = metropole.isValid() ? metropole : everywhere;
        if (focus.isValid()) {
          map.fitBounds(focus, { padding: [24, 24], maxZoom: 14 });
        }
        // One popup for the whole map, filled on click (or Enter on a focused marker), rather
        // than one bound to each of 1,500 markers while the page loads.
        var popup = L.popup();
        group.on("click", function (event) {
          var marker = event.layer;
          if (marker && marker.properties) {
            popup.setLatLng(marker.getLatLng()).setContent(popupContent(marker.properties));
            popup.openOn(map);
          }
        });
        map.addLayer(group);
      })
      .catch(function () {
        showNotice("data");
      });
  }

  function drawPlace(container) {
    var latLng = L.latLng(parseFloat(container.dataset.lat), parseFloat(container.dataset.lon));
    if (isNaN(latLng.lat) || isNaN(latLng.lng)) {
      return;
    }
    // No scroll-wheel zoom: scrolling the page over the map must scroll the page.
    var map = createMap(container, { scrollWheelZoom: false });
    map.setView(latLng, 15);
    addTiles(map, container, function (someLoaded) {
      // A marker on an empty background says nothing the address does not: hide it.
      if (!someLoaded) {
        container.hidden = true;
      }
    });
    L.marker(latLng, {
      icon: markerIcon(container),
      alt: container.dataset.name,
      interactive: false,
      keyboard: false
    }).addTo(map);
  }

  document.querySelectorAll('[data-map="places"]').forEach(drawPlaces);
  document.querySelectorAll('[data-map="place"]').forEach(drawPlace);
})();
