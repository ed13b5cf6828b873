/* Clusters the places of /carte/ away from the page's main thread (a Web Worker), with
   Supercluster (static/vendor/supercluster/): on a phone, clustering 1,500 places in the page
   itself blocked it for most of a second.

   Messages from static/js/map.js:
   - {type: "load", geojsonUrl, superclusterUrl}: fetch the places, index them; answers
     {type: "ready", count} or {type: "failed"};
   - {type: "view", id, bbox: [west, south, east, north], zoom}: answers {type: "view", id,
     features}, the clusters and single places in that box at that zoom; a cluster's properties
     carry point_count and expansionZoom (the zoom at which it splits). */
"use strict";

var index = null;

function load(message) {
  importScripts(message.superclusterUrl);
  fetch(message.geojsonUrl, { headers: { Accept: "application/geo+json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("GeoJSON : " + response.status);
      }
      return response.json();
    })
    .then(function (collection) {
      // Clusters up to zoom 15; from 16 on (streets), every place shows on its own.
      index = new self.Supercluster({ radius: 60, maxZoom: 15 }).load(collection.features);
      self.postMessage({ type: "ready", count: collection.features.length });
    })
    .catch(function () {
      self.postMessage({ type: "failed" });
    });
}

function view(message) {
  var features = index.getClusters(message.bbox, message.zoom).map(function (feature) {
    if (feature.properties.cluster) {
      feature.properties.expansionZoom = index.getClusterExpansionZoom(
        feature.properties.cluster_id
      );
    }
    return feature;
  });
  self.postMessage({ type: "view", id: message.id, features: features });
}

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === "load") {
    load(message);
  } else if (message.type === "view" && index) {
    view(message);
  }
};
