"""A mapping: which column of a file feeds each import column, and how values translate.

The JSON form (a `--mapping` file, or `Dataset.mapping` once saved from the admin):

    {
      "dataset": {"slug": "…", "title": "…", "attribution": "…", "licence": "…",
                  "licence_url": "…", "url": "…"},
      "identifier": "ID",                        # optional: the file's own row identifier
      "columns": {"nom": "NOM DU LIEU", "commune": ["NOMCOM", "COMINIT"], …},
      "values": {"types": {"T": "coworking", "TF": ["coworking", "fablab"], "?": null},
                 "statut": {"En activité": "publié"}},
      "options": {"default_status": "publié", "erase_when_empty": ["site_web"],
                  "missing": {"code_postal": ["0"]}}
    }

A list of columns means "the first one that is not empty". Translations ignore case and
accents; `null` means "unknown". `options` is optional.
"""

import json
import re
from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext as _

from content.search import normalize
from places.imports import fields
from places.imports.cleaning import clean_text, is_missing
from places.models import Lifecycle

DATASET_KEYS = ("slug", "title", "attribution", "licence", "licence_url", "url")
STATUS_WORDS = {"publie": "published", "published": "published", "brouillon": "draft"}
STATUS_WORDS["draft"] = "draft"


class MappingError(Exception):
    """A mapping that cannot be used; str(error) is French."""


@dataclass
class Mapping:
    columns: dict  # import field → [file columns], first non-empty wins
    dataset: dict | None = None  # None: this site's own export (rows are identified by slug)
    identifier: str = ""
    values: dict = field(default_factory=dict)  # import field → {normalised value: value(s)}
    default_status: str = "draft"
    erase_when_empty: tuple = ()
    missing: dict = field(default_factory=dict)  # import field → {normalised "missing" texts}
    builtin: str = ""

    @property
    def is_site_export(self):
        return self.dataset is None

    def sources(self):
        """Every file column the mapping reads."""
        found = [self.identifier] if self.identifier else []
        for names in self.columns.values():
            found.extend(name for name in names if name not in found)
        return found

    def missing_columns(self, header):
        return [name for name in self.sources() if name not in header]

    def read(self, raw):
        """{import field: cleaned text} for one file row; a missing cell gives ""."""
        found = {}
        for name, sources in self.columns.items():
            markers = self.missing.get(name, ())
            value = ""
            for source in sources:
                text = clean_text(raw.get(source))
                if not is_missing(text) and not (markers and normalize(text) in markers):
                    value = raw.get(source) or ""
                    break
            found[name] = value
        return found

    def alternatives(self, raw, name):
        """Every non-empty value the columns of a field give, in the mapping's order."""
        markers = self.missing.get(name, ())
        found = []
        for source in self.columns.get(name, ()):
            text = clean_text(raw.get(source))
            if is_missing(text) or (markers and normalize(text) in markers):
                continue
            if text not in found:
                found.append(text)
        return found

    def row_identifier(self, raw):
        return clean_text(raw.get(self.identifier)) if self.identifier else ""

    def translate(self, name, text):
        """(translated, known): a value the mapping translates; None means "unknown"."""
        table = self.values.get(name)
        if not table:
            return text, False
        key = normalize(text)
        if key in table:
            return table[key], True
        return text, False

    def to_json(self):
        """The JSON form, with translations keyed as staff typed them."""
        data = {
            "dataset": self.dataset,
            "identifier": self.identifier or None,
            "columns": {
                name: sources[0] if len(sources) == 1 else list(sources)
                for name, sources in self.columns.items()
            },
            "values": {name: dict(table) for name, table in self.values.items() if table},
            "options": {
                "default_status": "publié" if self.default_status == "published" else "brouillon",
                "erase_when_empty": list(self.erase_when_empty),
                "missing": {name: sorted(texts) for name, texts in self.missing.items() if texts},
            },
        }
        return data


def _columns_of(value, name):
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    raise MappingError(
        _("Colonne source de « %(field)s » illisible : un nom de colonne ou une liste attendus.")
        % {"field": name}
    )


def lifecycle_of(text):
    """The state a cell names by its French label or its stored value, case and accents aside;
    None for any other text."""
    word = normalize(text)
    for value, label in Lifecycle.choices:
        if word in (normalize(value), normalize(label)):
            return value
    return None


def _lifecycle_word(text):
    lifecycle = lifecycle_of(text)
    if lifecycle is None:
        raise MappingError(
            _("État « %(value)s » inconnu : « en projet », « ouvert » ou « fermé ».")
            % {"value": text}
        )
    return lifecycle


def _status_word(text):
    status = STATUS_WORDS.get(normalize(text))
    if status is None:
        raise MappingError(
            _("Statut « %(value)s » inconnu : « publié » ou « brouillon ».") % {"value": text}
        )
    return status


def from_json(data):
    """A Mapping from its JSON form (already parsed, or text); French MappingError otherwise."""
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise MappingError(
                _("Correspondance illisible : JSON invalide (%(error)s).") % {"error": error.msg}
            ) from None
    if not isinstance(data, dict):
        raise MappingError(_("Correspondance illisible : un objet JSON est attendu."))
    unknown_keys = set(data) - {"dataset", "identifier", "columns", "values", "options"}
    if unknown_keys:
        raise MappingError(
            _("Clés inconnues dans la correspondance : %(keys)s.")
            % {"keys": ", ".join(sorted(unknown_keys))}
        )
    dataset = _dataset_of(data.get("dataset"))
    columns_data = data.get("columns")
    if not isinstance(columns_data, dict) or not columns_data:
        raise MappingError(_("La correspondance doit dire quelle colonne donne chaque champ."))
    columns = {}
    for name, value in columns_data.items():
        if name not in fields.BY_NAME or (
            dataset is not None and name in {"identifiant", "provenance"}
        ):
            raise MappingError(
                _("Champ « %(field)s » inconnu. Champs possibles : %(fields)s.")
                % {"field": name, "fields": ", ".join(f.name for f in fields.MAPPABLE)}
            )
        columns[name] = _columns_of(value, name)
    if "nom" not in columns:
        raise MappingError(_("La correspondance doit donner la colonne du nom (« nom »)."))
    identifier = data.get("identifier") or ""
    if not isinstance(identifier, str):
        raise MappingError(_("« identifier » doit être le nom d'une colonne, ou null."))
    values = _values_of(data.get("values") or {}, columns)
    options = data.get("options") or {}
    if not isinstance(options, dict):
        raise MappingError(_("« options » doit être un objet JSON."))
    erase = options.get("erase_when_empty") or []
    if not isinstance(erase, list) or any(name not in columns for name in erase):
        raise MappingError(
            _("« erase_when_empty » doit lister des champs de la correspondance (« columns »).")
        )
    missing = {}
    for name, texts in (options.get("missing") or {}).items():
        if name not in columns or not isinstance(texts, list):
            raise MappingError(
                _("« missing » : une liste de valeurs par champ de la correspondance est attendue.")
            )
        missing[name] = {normalize(str(text)) for text in texts}
    return Mapping(
        columns=columns,
        dataset=dataset,
        identifier=identifier.strip(),
        values=values,
        default_status=_status_word(options.get("default_status") or "brouillon"),
        erase_when_empty=tuple(erase),
        missing=missing,
    )


def _dataset_of(data):
    if data is None:
        return None
    if not isinstance(data, dict):
        raise MappingError(_("« dataset » doit décrire le jeu de données (titre, licence…)."))
    dataset = {key: clean_text(data.get(key)) for key in DATASET_KEYS}
    for key, label in (("title", "titre"), ("attribution", "mention"), ("licence", "licence")):
        if not dataset[key]:
            raise MappingError(
                _("Jeu de données : « %(key)s » (%(label)s) est obligatoire.")
                % {"key": key, "label": label}
            )
    dataset["slug"] = slugify(dataset["slug"] or dataset["title"])[:100].strip("-")
    return dataset


def _values_of(data, columns):
    if not isinstance(data, dict):
        raise MappingError(_("« values » doit être un objet JSON."))
    values = {}
    for name, table in data.items():
        spec = fields.BY_NAME.get(name)
        if spec is None or not spec.translatable or not isinstance(table, dict):
            raise MappingError(
                _(
                    "« values » : traductions possibles pour types, services, statut et etat "
                    "seulement."
                )
            )
        translated = {}
        for source, target in table.items():
            if name == "statut" and target is not None:
                target = _status_word(target)
            elif name == "etat" and target is not None:
                target = _lifecycle_word(target)
            elif isinstance(target, str):
                target = [target]
            elif target is not None and not (
                isinstance(target, list) and all(isinstance(t, str) for t in target)
            ):
                raise MappingError(
                    _("« values » : « %(value)s » doit donner un texte, une liste ou null.")
                    % {"value": source}
                )
            translated[normalize(source)] = target
        values[name] = translated
    return values


def guess(header, rows=()):
    """A first mapping proposed from column names (and a look at the first rows), for staff to
    correct in the admin."""
    rules = [
        ("nom", ("nom du lieu", "nom", "name", "nom tl", "structure", "raison sociale")),
        ("types", ("typologie", "type", "types", "typo", "categorie")),
        ("resume", ("resume", "accroche")),
        ("adresse", ("adresse", "voie", "rue", "adresse postale")),
        ("code_postal", ("code postal", "cp", "code_postal", "postcode")),
        ("commune", ("commune", "ville", "nomcom", "localite")),
        ("code_commune", ("code commune", "insee", "code insee", "inseecom")),
        ("departement_code", ("code departement", "insee dep", "inseedep", "dep")),
        ("departement", ("departement",)),
        ("region", ("region", "nomreg")),
        ("latitude", ("latitude", "lat", "y")),
        ("longitude", ("longitude", "lon", "long", "lng", "x")),
        ("site_web", ("site web", "site", "url", "web", "site internet")),
        ("description", ("description", "presentation")),
        ("services", ("services", "equipements")),
        ("surface_m2", ("surface", "surface m2")),
        ("annee_ouverture", ("annee d ouverture", "annee ouverture", "ouverture", "creation")),
        ("etat", ("etat", "etat du lieu", "lifecycle")),
        ("date_ouverture", ("date d ouverture", "date ouverture", "ouvert le", "date de creation")),
        # Not "fermeture" alone: as often the closing hours as a date.
        ("date_fermeture", ("date de fermeture", "date fermeture", "ferme le", "ferme depuis")),
        (
            "raison_fermeture",
            (
                "raison de la fermeture",
                "raison de fermeture",
                "raison fermeture",
                "motif de fermeture",
            ),
        ),
    ]
    by_word = {normalize(name): name for name in header}
    columns = {}
    used = set()
    for target, words in rules:
        for word in words:
            source = by_word.get(word)
            if source and source not in used:
                columns[target] = source
                used.add(source)
                break
    sample = [raw for _line, raw in list(rows)[:20]]
    address = columns.get("adresse")
    if address and "code_postal" not in columns and _mostly(sample, address, r"\b\d{5}\b"):
        # Street, postcode and commune in one cell.
        columns["adresse_complete"] = columns.pop("adresse")
    department = columns.get("departement")
    codes = r"^\s*(\d{1,3}|2[ABab]|#N/A)?\s*$"
    if department and "departement_code" not in columns and _mostly(sample, department, codes):
        columns["departement_code"] = columns.pop("departement")
    identifier = next(
        (by_word[word] for word in ("id", "identifiant", "code", "ref") if word in by_word), ""
    )
    return {"columns": columns, "identifier": identifier}


def _mostly(sample, column, pattern):
    values = [str(raw.get(column) or "") for raw in sample]
    values = [value for value in values if value.strip()]
    found = [value for value in values if re.search(pattern, value)]
    return bool(values) and len(found) >= 0.6 * len(values)
