"""GeoJSON (RFC 7946): a FeatureCollection of points with the main fields as properties."""

from exports.json_writer import json_objects, stream_array


def geojson_lines(spec, queryset, context):
    """A row without coordinates keeps its place in the file with a null geometry, so the file
    holds exactly the exported rows."""
    # Checked now, not when the first chunk is asked for: the caller gets the error before it
    # has started a response.
    if not spec.geometry:
        raise ValueError("Cette exportation n'a pas de coordonnées : pas de GeoJSON.")
    return stream_array(
        '{"type":"FeatureCollection","features":[', _features(spec, queryset, context), "]}"
    )


def _features(spec, queryset, context):
    latitude_key, longitude_key = spec.geometry
    properties = spec.geojson_properties or tuple(spec.keys)
    for chunk in json_objects(spec, queryset, context):
        batch = []
        for item in chunk:
            latitude, longitude = item[latitude_key], item[longitude_key]
            geometry = None
            if latitude is not None and longitude is not None:
                geometry = {"type": "Point", "coordinates": [longitude, latitude]}
            batch.append(
                {
                    "type": "Feature",
                    "geometry": geometry,
                    "properties": {key: item[key] for key in properties},
                }
            )
        yield batch
