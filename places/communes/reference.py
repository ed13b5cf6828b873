"""The compact commune file shipped in `data/communes.csv`, and the table loaded from it.

The published source is `data/communes.json` of the npm package `@etalab/decoupage-administratif`
(INSEE's code officiel géographique with La Poste's postcodes). `build` keeps what the site needs
from it; `load` makes the `Commune` table match the compact file.
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from pagecache import versions

COMMUNES_FILE = Path(settings.BASE_DIR) / "data" / "communes.csv"
COLUMNS = (
    "code",
    "type",
    "nom",
    "departement",
    "region",
    "codes_postaux",
    "rattachement",
    "anciens_codes",
    "population",
)
# The source's types, as the site names them.
KINDS = {
    "commune-actuelle": "COM",
    "commune-deleguee": "COMD",
    "commune-associee": "COMA",
    "arrondissement-municipal": "ARM",
}
KIND_ORDER = {"COM": 0, "ARM": 1, "COMD": 2, "COMA": 3}


class ReferenceError(Exception):
    """The source file is not the commune list we expect."""


def build(source_path, target_path=COMMUNES_FILE, departments=None):
    """Write the compact file from the published JSON; returns the number of rows.

    `departments` limits the rows to the departments the site knows (the collectivités
    d'outre-mer such as Saint-Pierre-et-Miquelon are not departments: the site has no place to
    file them under).
    """
    try:
        entries = json.loads(Path(source_path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReferenceError(f"Lecture impossible de {source_path} : {error}") from error
    if not isinstance(entries, list) or not entries or "codesPostaux" not in entries[0]:
        raise ReferenceError(
            f"{source_path} n'est pas la liste des communes de @etalab/decoupage-administratif."
        )
    rows = []
    for entry in entries:
        kind = KINDS.get(entry.get("type"))
        if kind is None or (departments is not None and entry["departement"] not in departments):
            continue
        rows.append(
            [
                entry["code"],
                kind,
                entry["nom"],
                entry["departement"],
                entry["region"],
                " ".join(entry.get("codesPostaux", [])),
                entry.get("chefLieu") or entry.get("commune") or "",
                " ".join(entry.get("anciensCodes", [])),
                entry.get("population", ""),
            ]
        )
    rows.sort(key=lambda row: (row[0], KIND_ORDER[row[1]]))
    target_path = Path(target_path)
    with target_path.open("w", encoding="utf-8", newline="") as output:
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return len(rows)


def read(path=COMMUNES_FILE):
    with Path(path).open(encoding="utf-8", newline="") as source:
        reader = csv.DictReader(source)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ReferenceError(f"{path} : colonnes inattendues {reader.fieldnames}.")
        yield from reader


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    repointed: int = 0


def load(commune_model, department_model, place_model=None, path=COMMUNES_FILE):
    """Make the table match the file (models passed in: a migration gives its own).

    Communes that left the list (merged into another) are deleted; places filed under one are
    first moved to the commune that lists its code among its former codes.
    """
    from places.communes.matching import search_key

    departments = dict(department_model.objects.values_list("code", "pk"))
    rows = [row for row in read(path) if row["departement"] in departments]
    result = LoadResult()
    with transaction.atomic():
        existing = {(c.code, c.kind): c for c in commune_model.objects.all()}
        wanted = {}
        for row in rows:
            key = (row["code"], row["type"])
            values = {
                "name": row["nom"],
                "department_id": departments[row["departement"]],
                "postcodes": row["codes_postaux"],
                "former_codes": row["anciens_codes"],
                "population": int(row["population"]) if row["population"] else None,
                "search_text": search_key(row["nom"], row["codes_postaux"], row["code"]),
            }
            wanted[key] = (values, row["rattachement"])
        to_create, to_update = [], []
        for key, (values, _parent) in wanted.items():
            commune = existing.get(key)
            if commune is None:
                to_create.append(commune_model(code=key[0], kind=key[1], **values))
            elif any(getattr(commune, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(commune, name, value)
                to_update.append(commune)
        commune_model.objects.bulk_create(to_create, batch_size=2000)
        fields = ["name", "department_id", "postcodes", "former_codes", "population"]
        commune_model.objects.bulk_update(to_update, [*fields, "search_text"], batch_size=2000)
        result.created, result.updated = len(to_create), len(to_update)

        # Parents: a delegated or associated commune's chef-lieu, an arrondissement's city.
        ids = dict(commune_model.objects.filter(kind="COM").values_list("code", "pk"))
        with_parent = []
        for commune in commune_model.objects.only("id", "code", "kind", "parent_id"):
            parent_code = wanted.get((commune.code, commune.kind), (None, ""))[1]
            parent_id = ids.get(parent_code) if parent_code else None
            if commune.parent_id != parent_id:
                commune.parent_id = parent_id
                with_parent.append(commune)
        commune_model.objects.bulk_update(with_parent, ["parent_id"], batch_size=2000)

        gone = [commune for key, commune in existing.items() if key not in wanted]
        if gone:
            successors = {}
            for commune in commune_model.objects.filter(kind="COM").exclude(former_codes=""):
                for code in commune.former_codes.split():
                    successors[code] = commune
            if place_model is not None:
                for commune in gone:
                    successor = successors.get(commune.code)
                    if successor is not None:
                        result.repointed += place_model.objects.filter(commune=commune).update(
                            commune=successor,
                            commune_code=successor.code,
                            commune_name=successor.name,
                        )
            result.deleted = len(gone)
            commune_model.objects.filter(pk__in=[commune.pk for commune in gone]).delete()
        # Bulk queries send no signal (and a migration's models none that is watched).
        versions.changed()
    return result
