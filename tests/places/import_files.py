"""Files like the ones regional networks publish, built here (no real file is copied).

The regional layout: one combined address cell, a department column with `#N/A` holes, a
one-letter typology, no INSEE codes and no coordinates.
"""

import csv
import io

import openpyxl

from places.imports.service import run

REGIONAL_HEADER = ["NOM DU LIEU", "ADRESSE", "DEPARTEMENT", "TYPOLOGIE", "URL", "DESCRIPTION"]

REGIONAL_MAPPING = {
    "dataset": {
        "slug": "reseau-regional-2025",
        "title": "Réseau régional des tiers-lieux, liste 2025",
        "attribution": "Réseau régional des tiers-lieux, 2025",
        "licence": "Licence Ouverte 2.0",
        "licence_url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        "url": "https://example.org/tiers-lieux-2025.csv",
    },
    "identifier": None,
    "columns": {
        "nom": "NOM DU LIEU",
        "adresse_complete": "ADRESSE",
        "departement_code": "DEPARTEMENT",
        "types": "TYPOLOGIE",
        "site_web": "URL",
        "description": "DESCRIPTION",
    },
    "values": {
        "types": {"T": "coworking", "F": "fablab", "TF": ["coworking", "fablab"], "?": None}
    },
    "options": {"default_status": "publié"},
}


def regional_rows():
    return [
        ["Dot Parade Nantes", "3 rue de la Paix, 44000 Nantes", "44", "T", "dotparade.fr", ""],
        [
            "L’Atelier partagé d’Angers",
            "12 boulevard Foch 49100 ANGERS",
            "#N/A",
            "F",
            "https://atelier-angers.example.org",
            "Un atelier de 400 m² ouvert aux artisans.",
        ],
        ["Le Mans Coworking", "1 place de la République, 72000 Le Mans", "85", "T", "", ""],
        ["Fabrique de Cholet", "5 rue Nationale 49300 Cholet", "49", "TF", "", "Fablab."],
    ]


def csv_bytes(header, rows, *, encoding="utf-8-sig", delimiter=";"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(header, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def regional_file(rows=None, **options):
    return csv_bytes(REGIONAL_HEADER, regional_rows() if rows is None else rows, **options)


def import_regional(data=None, *, mapping=None, name="liste-2025.csv", **options):
    return run(
        data if data is not None else regional_file(),
        name,
        mapping_data=mapping or REGIONAL_MAPPING,
        **options,
    )
