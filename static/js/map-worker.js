/* Clusters the places of /carte/ away from the page's main thread (a Web Worker), with
   Supercluster (static/vendor/supercluster/): on a phone, clustering 1,500 places in the page
   itself blocked it for most of a second.

   Messages from static/js/map.js:
   - {type: "load", urls, superclusterUrl, detailZoom}: fetch the places at these GeoJSON
     addresses, add them to those already loaded and index them all; answers {type: "ready",
     count} or {type: "failed"}. If the server refuses to give every place at once (more than
     its limit, which may have changed since the page was made), its answer names the
     departments' overview: the worker goes on as for "departments", from that overview;
   - {type: "departments", url, placesUrl, detailZoom, superclusterUrl}: for many places, fetch
     their overview (one point per department, its count `t` and box `b`, see places/maps.py)
     and index it; answers as "load" does. From then on, views closer than detailZoom show
     places: those of each department the view reaches are fetched once (placesUrl filtered by
     department), then "ready" again asks the page to draw the view anew; after "failed", they
     are fetched again when a view next reaches them;
   - {type: "view", id, bbox: [west, south, east, north], zoom}: answers {type: "view", id,
     features}, the clusters and single points in that box at that zoom (none before any are
     loaded). A cluster's properties carry point_count, `sum` for departments (their places),
     and expansionZoom (the zoom at which it splits).
   A department with many places answers with its zones instead (a FeatureCollection marked
   `zones`, each zone with its count `t`, box `b` and filter value `z`, see places/map_zones.py):
   views show each zone's count until ZONE_ZOOM_STEP zooms closer than what it was cut from,
   then fetch its places (or its own zones) once; a zone's feature in a view carries that
   zoom as `zoom`. Zones whose markers would overlap come grouped, as departments do: a
   cluster with `sum` and `zones: true`. */
"use strict";

var places = [];
var index = null;
var departments = null; // {features, index, placesUrl, detailZoom, asked}
// Zones not loaded yet: {feature, url, asked}, the zoom they load from in feature.properties.zoom.
// A zone is a quarter of the width of what it was cut from: two zoom levels closer. Places
// show on their own from zoom 16.
var zones = [];
var zoneIndex = null;
var ZONE_ZOOM_STEP = 2;
var DEEPEST_ZONE_ZOOM = 16;

function fetchCollection(url) {
  return fetch(url, { headers: { Accept: "application/geo+json" } }).then(function (response) {
    if (response.ok) {
      return response.json();
    }
    // A refusal may name the overview to ask for instead (places/map_views.py).
    return response
      .json()
      .catch(function () {
        return {};
      })
      .then(function (body) {
        var error = new Error("GeoJSON : " + response.status);
        error.overview = body.departements ? new URL(body.departements, url).href : null;
        throw error;
      });
  });
}

function importSupercluster(url) {
  if (!self.Supercluster) {
    importScripts(url);
  }
}

function failed() {
  self.postMessage({ type: "failed" });
}

function addZones(collection, url, zoom) {
  collection.features.forEach(function (feature) {
    var zoneUrl = new URL(url);
    zoneUrl.searchParams.set("zone", feature.properties.z);
    feature.properties.zoom = Math.min(zoom + ZONE_ZOOM_STEP, DEEPEST_ZONE_ZOOM);
    zones.push({ feature: feature, url: zoneUrl.href, asked: false });
  });
}

// message.zooms, when given: for each URL, the zoom from which its places are shown.
function load(message, onFailure, onSuccess) {
  importSupercluster(message.superclusterUrl);
  Promise.all(message.urls.map(fetchCollection))
    .then(function (collections) {
      var added = false;
      collections.forEach(function (collection, number) {
        if (collection.zones) {
          addZones(collection, message.urls[number], (message.zooms || [])[number] || 0);
        } else {
          places = places.concat(collection.features);
          added = true;
        }
      });
      if (onSuccess) {
        onSuccess();
      }
      indexZones();
      // Clusters up to zoom 15; from 16 on (streets), every place shows on its own. Indexed
      // again only when places came: zones alone leave them as they were.
      if (added || !index) {
        index = new self.Supercluster({ radius: 60, maxZoom: 15 }).load(places);
      }
      self.postMessage({ type: "ready", count: places.length });
    })
    .catch(function (error) {
      if (error.overview && message.detailZoom) {
        loadDepartments({
          url: error.overview,
          placesUrl: message.urls[0],
          detailZoom: message.detailZoom,
          superclusterUrl: message.superclusterUrl
        });
        return;
      }
      if (onFailure) {
        onFailure();
      }
      failed();
    });
}

function loadDepartments(message) {
  importSupercluster(message.superclusterUrl);
  fetchCollection(message.url)
    .then(function (collection) {
      departments = {
        features: collection.features,
        // Neighbouring departments grouped while their markers would overlap, their places
        // added up.
        index: new self.Supercluster({
          radius: 60,
          maxZoom: message.detailZoom - 1,
          map: function (properties) {
            return { sum: properties.t };
          },
          reduce: function (total, properties) {
            total.sum += properties.sum;
          }
        }).load(collection.features),
        placesUrl: message.placesUrl,
        detailZoom: message.detailZoom,
        asked: {}
      };
      self.postMessage({ type: "ready", count: collection.features.length });
    })
    .catch(failed);
}

function overlaps(box, bbox) {
  return box[0] <= bbox[2] && box[2] >= bbox[0] && box[1] <= bbox[3] && box[3] >= bbox[1];
}

function loadDepartmentsIn(bbox) {
  var codes = [];
  departments.features.forEach(function (feature) {
    var code = feature.properties.d;
    if (!departments.asked[code] && overlaps(feature.properties.b, bbox)) {
      departments.asked[code] = true;
      codes.push(code);
    }
  });
  if (!codes.length) {
    return;
  }
  var urls = codes.map(function (code) {
    var url = new URL(departments.placesUrl);
    url.searchParams.set("departement", code);
    return url.href;
  });
  var zooms = codes.map(function () {
    return departments.detailZoom;
  });
  load({ urls: urls, zooms: zooms }, function () {
    // Asked again when the view next reaches them: a network error is often brief.
    codes.forEach(function (code) {
      delete departments.asked[code];
    });
  });
}

// Neighbouring zones grouped while their markers would overlap (each at the mean of its
// places, two zones can be side by side), their places added up.
function indexZones() {
  zoneIndex = zones.length
    ? new self.Supercluster({
        // Supercluster counts 512 units across a tile that Leaflet draws 256 pixels wide:
        // 50 pixels, more than a marker's width.
        radius: 100,
        maxZoom: DEEPEST_ZONE_ZOOM,
        map: function (properties) {
          return { sum: properties.t, zones: true };
        },
        reduce: function (total, properties) {
          total.sum += properties.sum;
        }
      }).load(
        zones.map(function (zone) {
          return zone.feature;
        })
      )
    : null;
}

function zonesIn(bbox) {
  return zones.filter(function (zone) {
    return overlaps(zone.feature.properties.b, bbox);
  });
}

function loadZonesIn(bbox, zoom) {
  var reached = zonesIn(bbox).filter(function (zone) {
    return !zone.asked && zoom >= zone.feature.properties.zoom;
  });
  if (!reached.length) {
    return;
  }
  reached.forEach(function (zone) {
    zone.asked = true;
  });
  var message = {
    urls: reached.map(function (zone) {
      return zone.url;
    }),
    zooms: reached.map(function (zone) {
      return zone.feature.properties.zoom;
    })
  };
  load(
    message,
    function () {
      reached.forEach(function (zone) {
        zone.asked = false;
      });
    },
    function () {
      // Loaded: their places (or their own zones) take their place.
      zones = zones.filter(function (zone) {
        return reached.indexOf(zone) === -1;
      });
    }
  );
}

function clusters(source, message) {
  var features = source.getClusters(message.bbox, message.zoom);
  features.forEach(function (feature) {
    if (feature.properties.cluster) {
      feature.properties.expansionZoom = source.getClusterExpansionZoom(
        feature.properties.cluster_id
      );
    }
  });
  return features;
}

function view(message) {
  var features;
  if (departments && message.zoom < departments.detailZoom) {
    features = clusters(departments.index, message);
  } else {
    if (departments) {
      loadDepartmentsIn(message.bbox);
    }
    loadZonesIn(message.bbox, message.zoom);
    features = index ? clusters(index, message) : [];
    features = features.concat(zoneIndex ? clusters(zoneIndex, message) : []);
  }
  self.postMessage({ type: "view", id: message.id, features: features });
}

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === "load") {
    load(message);
  } else if (message.type === "departments") {
    loadDepartments(message);
  } else if (message.type === "view") {
    view(message);
  }
};
