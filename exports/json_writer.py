"""JSON: an array of objects with the export's keys; lists stay lists, numbers numbers, dates
ISO 8601. Streamed a chunk of rows at a time."""

import datetime
import json
from decimal import Decimal

from django.utils import timezone


def json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: json_value(item) for key, item in value.items()}
    return value


def _dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_objects(spec, queryset, context):
    """Lists of objects, one list per chunk of rows."""
    keys = spec.keys
    for chunk in spec.chunks(queryset, context):
        yield [
            {key: json_value(value) for key, value in zip(keys, row, strict=True)} for row in chunk
        ]


def stream_array(opening, objects, closing):
    """`opening`, the objects separated by commas, one a line, then `closing`."""
    first = True
    yield opening
    for chunk in objects:
        if not chunk:
            continue
        text = ",\n".join(_dumps(item) for item in chunk)
        yield ("\n" if first else ",\n") + text
        first = False
    yield "\n" + closing + "\n"


def json_lines(spec, queryset, context):
    return stream_array("[", json_objects(spec, queryset, context), "]")
