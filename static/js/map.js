/* The site's maps, drawn with Leaflet (static/vendor/) over their text alternative, never
   instead of it: each map container starts hidden, the page reads fine without JavaScript.

   Containers say what to draw in data-* attributes (no inline script: the Content-Security-Policy
   allows only the site's own files):
   - data-map="places": the places of /carte/, clustered, from the GeoJSON at data-geojson-url
     (properties: n name, k kinds' names, c commune, u page URL; see places/maps.py). A Web
     Worker (data-worker-url, static/js/map-worker.js, with Supercluster at
     data-supercluster-url) fetches and clusters them; the page draws only what the view shows.
     With data-overview-url (many places), the map shows departments (their counts of places)
     below DEPARTMENT_ZOOM, and from there on the places of the departments the view reaches,
     which the worker fetches once each (data-geojson-url filtered by department); a
     department with too many places comes as zones, their counts shown until the view comes
     close enough for their places (see map-worker.js);
   - data-map="place": one place at data-lat, data-lon, named data-name.
   Both take data-tiles-url, data-tiles-attribution (HTML from the site's settings) and the
   marker's images (data-icon-url, data-icon-retina-url, data-shadow-url: hashed static names,
   which Leaflet could not guess from its stylesheet).

   Data from the GeoJSON goes into the page through textContent only, never innerHTML. Once the
   places of the view are on the map, its container gets data-map-state="drawn" (what the
   browser tests wait for). Visitors who ask their system for reduced motion get no zoom
   animation. */
(function () {
  "use strict";

  if (!window.L) {
    return; // Leaflet did not load: the text alternative stays alone.
  }

  // When the page gives no first view (data-first-view, see places/map_views.py).
  var FRANCE_VIEW = { center: [46.6, 2.4], zoom: 5 };
  // With an overview, the zoom from which places replace departments: a few departments at
  // most reach into the view.
  var DEPARTMENT_ZOOM = 9;
  // "1 512", as the site's pages write numbers (no-break space). Not Intl.NumberFormat nor
  // toLocaleString(): on a phone, loading their locale data costs more than the whole map.
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

  function showNotice(name, shown) {
    var notice = document.querySelector('[data-map-notice="' + name + '"]');
    if (notice) {
      notice.hidden = shown === false;
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

  function clusterIcon(count, action) {
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var huge = count >= 1000;
    var inner = document.createElement("div");
    var label = appendText(inner, "span", "", groupThousands(count));
    // The cluster is a button (Leaflet makes it focusable): its name says what it does.
    appendText(label, "span", "visually-hidden", action || " lieux : zoomer sur ce groupe");
    return L.divIcon({
      html: inner,
      className: "marker-cluster marker-cluster-" + size + (huge ? " marker-cluster-huge" : ""),
      iconSize: huge ? L.point(52, 52) : L.point(40, 40)
    });
  }

  // Markers are buttons (Leaflet makes them focusable), but Leaflet 1.9 no longer turns Enter
  // on a focused marker into a click: the keyboard gets the same action here.
  function onActivate(marker, action) {
    marker.on("click", action);
    marker.on("keypress", function (event) {
      var key = event.originalEvent.key;
      if (key === "Enter" || key === " ") {
        event.originalEvent.preventDefault();
        action();
      }
    });
  }

  function placeMarker(feature, icon, popup, map) {
    var coordinates = feature.geometry.coordinates;
    var latLng = L.latLng(coordinates[1], coordinates[0]);
    var properties = feature.properties;
    var marker = L.marker(latLng, { icon: icon, alt: properties.n, title: properties.n });
    onActivate(marker, function () {
      popup.setLatLng(latLng).setContent(popupContent(properties)).openOn(map);
    });
    return marker;
  }

  function clusterMarker(feature, map) {
    var coordinates = feature.geometry.coordinates;
    var latLng = L.latLng(coordinates[1], coordinates[0]);
    var properties = feature.properties;
    // A group of departments (or of zones) counts their places, not the departments.
    var count = properties.sum === undefined ? properties.point_count : properties.sum;
    var action = properties.zones ? " lieux : zoomer sur ces zones" : undefined;
    var marker = L.marker(latLng, { icon: clusterIcon(count, action) });
    onActivate(marker, function () {
      map.setView(latLng, Math.min(feature.properties.expansionZoom, map.getMaxZoom()));
    });
    return marker;
  }

  function departmentMarker(feature, map) {
    var action = " lieux, " + feature.properties.n + " : zoomer sur ce département";
    // Close enough for its places to replace the departments, at most a town's width.
    return areaMarker(feature, map, action, DEPARTMENT_ZOOM, 14);
  }

  function zoneMarker(feature, map) {
    // Close enough for the zone's places to come (properties.zoom, see map-worker.js).
    var zoom = feature.properties.zoom;
    return areaMarker(feature, map, " lieux : zoomer sur cette zone", zoom, Math.max(zoom, 16));
  }

  // A department or a zone: its count of places; a click shows its box, between two zooms.
  function areaMarker(feature, map, action, closest, farthest) {
    var coordinates = feature.geometry.coordinates;
    var properties = feature.properties;
    var marker = L.marker(L.latLng(coordinates[1], coordinates[0]), {
      icon: clusterIcon(properties.t, action)
    });
    onActivate(marker, function () {
      var box = properties.b; // [west, south, east, north]
      var bounds = L.latLngBounds([box[1], box[0]], [box[3], box[2]]);
      var zoom = Math.max(closest, Math.min(map.getBoundsZoom(bounds), farthest));
      map.setView(bounds.getCenter(), zoom);
    });
    return marker;
  }

  function firstView(container) {
    var box = (container.dataset.firstView || "").split(",").map(parseFloat);
    if (box.length !== 4 || box.some(isNaN)) {
      return null;
    }
    return L.latLngBounds([box[0], box[1]], [box[2], box[3]]);
  }

  function drawPlaces(container) {
    // The text for visitors without JavaScript goes; the map takes its room.
    container.replaceChildren();
    // Half zoom levels: France fills the map better than with whole ones.
    var map = createMap(container, { zoomSnap: 0.5, minZoom: 2, maxZoom: 18 });
    // The view is known before any place is loaded: tiles come once, at the final zoom.
    var bounds = firstView(container);
    if (bounds) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14, animate: false });
    } else {
      map.setView(FRANCE_VIEW.center, FRANCE_VIEW.zoom);
    }
    addTiles(map, container, function () {
      showNotice("tiles");
    });
    var worker;
    try {
      worker = new Worker(container.dataset.workerUrl);
    } catch (error) {
      showNotice("data");
      return;
    }
    var icon = markerIcon(container);
    // One popup for the whole map, filled on click (or Enter on a focused marker).
    var popup = L.popup();
    var layer = L.layerGroup().addTo(map);
    var latest = 0;
    var listening = false;

    function absolute(url) {
      return new URL(url, window.location.href).href;
    }

    function requestView() {
      var bounds = map.getBounds();
      latest += 1;
      worker.postMessage({
        type: "view",
        id: latest,
        bbox: [
          Math.max(-180, bounds.getWest()),
          Math.max(-85, bounds.getSouth()),
          Math.min(180, bounds.getEast()),
          Math.min(85, bounds.getNorth())
        ],
        zoom: Math.floor(map.getZoom())
      });
    }

    function marker(feature) {
      if (feature.properties.cluster) {
        return clusterMarker(feature, map);
      }
      if (feature.properties.d) {
        return departmentMarker(feature, map);
      }
      if (feature.properties.z) {
        return zoneMarker(feature, map);
      }
      return placeMarker(feature, icon, popup, map);
    }

    function draw(features) {
      layer.clearLayers();
      features.forEach(function (feature) {
        layer.addLayer(marker(feature));
      });
      container.dataset.mapState = "drawn";
    }

    worker.onmessage = function (event) {
      var message = event.data;
      if (message.type === "failed") {
        showNotice("data");
      } else if (message.type === "ready") {
        // Places (or departments) came in, perhaps after a failure: the view is drawn again
        // with them.
        showNotice("data", false);
        if (!listening) {
          listening = true;
          map.on("moveend", requestView);
        }
        requestView();
      } else if (message.type === "view" && message.id === latest) {
        draw(message.features);
      }
    };
    worker.onerror = function () {
      showNotice("data");
    };
    var superclusterUrl = absolute(container.dataset.superclusterUrl);
    if (container.dataset.overviewUrl) {
      worker.postMessage({
        type: "departments",
        url: absolute(container.dataset.overviewUrl),
        placesUrl: absolute(container.dataset.geojsonUrl),
        detailZoom: DEPARTMENT_ZOOM,
        superclusterUrl: superclusterUrl
      });
    } else {
      worker.postMessage({
        type: "load",
        urls: [absolute(container.dataset.geojsonUrl)],
        superclusterUrl: superclusterUrl,
        // Should the server refuse every place at once, departments first, as above.
        detailZoom: DEPARTMENT_ZOOM
      });
    }
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
