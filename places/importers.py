"""Loading places from files: the CGET 2019 census, and this site's own CSV export.

An import runs in two steps. `plan` reads and checks every row and decides what would happen
to it, without writing anything: that is the dry run, and its `Report` is what staff see
before confirming. `apply` then writes the whole plan in one transaction with bulk queries
(a handful of queries for the 1,512 rows of the census, not a few per row).

All or nothing by default: one rejected row and nothing is written. With `skip_invalid`,
valid rows are loaded and the report lists the others.

Census rows are tracked by their provenance (dataset + row id), which also keeps the values
the dataset gave the last time: comparing those with the place tells what staff changed
since, so a new import applies the dataset's changes to the other fields only and says which
ones it did not overwrite.
"""

import csv
import datetime
import io
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from places.geography import reconcile_address
from places.models import Dataset, Department, Place, PlaceKind, Provenance, Service
from tierslieux.exports import unneutralise
from tierslieux.models import Status
from tierslieux.search import normalize

CGET = "cget"
TIERSLIEUX = "tierslieux"
FORMATS = (CGET, TIERSLIEUX)

CGET_DATASET = {
    "slug": "cget-tiers-lieux-2019",
    "title": "CGET – Mission Coworking, base des tiers-lieux 2019",
    "attribution": "CGET – Mission Coworking, 2019",
    "licence": "Licence Ouverte 2.0",
    "licence_url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "url": "https://github.com/anct-carto/mission_coworking",
}

CGET_TYPOLOGY = {
    "tiers lieux a dominante coworking": "coworking",
    "tiers lieux a dominante fablab": "fablab",
}
CGET_COLUMNS = ("ID", "NOM_TL", "ADRESSE", "CP", "INSEECOM", "NOMCOM", "WEB", "TYPO", "LAT", "LONG")
CGET_COLUMNS += ("INSEEDEP",)
# The census writes "0" for an unknown postcode or commune code.
CGET_MISSING = {"", "0"}

# What the census says about a place, compared field by field with what staff may have edited.
TRACKED_FIELDS = (
    "name",
    "street_address",
    "postcode",
    "commune_name",
    "commune_code",
    "department",
    "latitude",
    "longitude",
    "website",
    "kinds",
)
FIELD_LABELS = {
    "name": "nom",
    "street_address": "adresse",
    "postcode": "code postal",
    "commune_name": "commune",
    "commune_code": "code commune",
    "department": "département",
    "latitude": "latitude",
    "longitude": "longitude",
    "website": "site web",
    "kinds": "types",
    "summary": "résumé",
    "surface_m2": "surface",
    "year_opened": "année d'ouverture",
    "year_opened_is_approximate": "année approximative",
    "description": "description",
    "history": "histoire",
    "status": "statut",
    "services": "services",
}

MAX_FILE_BYTES = 5 * 1024 * 1024
COORDINATE_PLACES = Decimal("0.0000001")
_WHITESPACE = re.compile(r"\s+")
_validate_url = URLValidator(schemes=["http", "https"])

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
KEPT = "kept"
REJECTED = "rejected"
OUTCOME_LABELS = {
    CREATE: "à créer",
    UPDATE: "à mettre à jour",
    UNCHANGED: "inchangés",
    KEPT: "non modifiés (changés ou supprimés sur le site)",
    REJECTED: "rejetés",
}

CORRECTION_LABELS = {
    "department_corrected": "département corrigé d'après les autres champs",
    "department_completed": "département absent ou inconnu, déduit des autres champs",
    "commune_code_removed": "code commune retiré (contredit le département)",
    "postcode_removed": "code postal retiré (contredit le département)",
    "coordinates_removed": "coordonnées retirées (hors du territoire du département)",
    "commune_from_coordinates": "commune absente, déduite des coordonnées",
    "commune_code_completed": "code commune absent, complété d'après les coordonnées",
    "postcode_padded": "code postal complété d'un zéro initial",
    "text_repaired": "texte mal encodé réparé",
    "website_dropped": "site web ignoré (pas une adresse web)",
    "website_extracted": "site web réduit à son adresse",
}


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong format, missing columns, not text."""


# --- The report ------------------------------------------------------------------------------


@dataclass
class RowResult:
    line: int
    key: str
    name: str
    outcome: str = ""
    reasons: list = field(default_factory=list)  # why rejected or not overwritten
    corrections: list = field(default_factory=list)  # [kind, message]
    notes: list = field(default_factory=list)
    slug: str = ""


@dataclass
class Report:
    file_format: str
    dry_run: bool
    skip_invalid: bool
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    applied: bool = False

    @property
    def counts(self):
        found = Counter(row.outcome for row in self.rows)
        return {outcome: found.get(outcome, 0) for outcome in OUTCOME_LABELS}

    @property
    def rejected(self):
        return [row for row in self.rows if row.outcome == REJECTED]

    @property
    def refused(self):
        """The whole file is refused: a file error, or a bad row without `skip_invalid`."""
        return bool(self.file_errors) or (bool(self.rejected) and not self.skip_invalid)

    @property
    def corrections(self):
        return [(row, kind, message) for row in self.rows for kind, message in row.corrections]

    def correction_counts(self):
        return Counter(kind for _row, kind, _message in self.corrections)

    def signature(self):
        """What confirming would do; an admin confirmation checks it has not changed."""
        return [[row.line, row.outcome, row.slug] for row in self.rows]

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        rows = [RowResult(**row) for row in data.get("rows", [])]
        return cls(**{**data, "rows": rows})

    def summary(self):
        counts = self.counts
        return ", ".join(f"{counts[key]} {label}" for key, label in OUTCOME_LABELS.items())


# --- Reading files ---------------------------------------------------------------------------


def decode(data):
    """Text of an uploaded file: UTF-8 (with or without BOM), or the Windows-1252 that French
    Excel writes when it saves a CSV."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("Le fichier dépasse %(max)d Mo.") % {"max": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("Ce fichier n'est pas un fichier texte CSV."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_rows(text):
    """(line number, row dict) for each record; line numbers are those of the file, header
    being line 1, so that staff can find a row in their spreadsheet."""
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(_("Le fichier est vide.")) from None
    header = [name.strip() for name in header]
    rows = []
    try:
        line = reader.line_num + 1
        for values in reader:
            if any(value.strip() for value in values):
                values = values + [""] * (len(header) - len(values))
                rows.append((line, dict(zip(header, values, strict=False))))
            line = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(
            _("Ligne %(line)d illisible : %(error)s") % {"line": reader.line_num, "error": error}
        ) from error
    return header, rows


def require_columns(header, required, file_format):
    missing = [name for name in required if name not in header]
    if missing:
        raise ImportFileError(
            _("Colonnes absentes pour le format « %(format)s » : %(columns)s.")
            % {"format": file_format, "columns": ", ".join(missing)}
        )


# --- Cleaning values -------------------------------------------------------------------------


def repair_mojibake(text):
    """`chezmÃ©mÃ©` → `chezmémé`: UTF-8 read once as Windows-1252, as some census rows were."""
    if "Ã" not in text and "Â" not in text:
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def clean_text(value):
    """Spaces (non-breaking ones included) collapsed and trimmed."""
    return _WHITESPACE.sub(" ", value or "").strip()


def cleaned(value, row, label):
    text = clean_text(value)
    # Before collapsing spaces: a mangled non-breaking space is "Â" followed by one.
    repaired = clean_text(repair_mojibake(value or ""))
    if repaired != text:
        row.corrections.append(
            [
                "text_repaired",
                _("%(label)s : texte réencodé, « %(old)s » devient « %(new)s ».")
                % {"label": label, "old": text, "new": repaired},
            ]
        )
    return repaired


def _as_url(token):
    token = token.strip("[]<>()\"',;")
    if not token:
        return ""
    url = token if re.match(r"^https?://", token, re.IGNORECASE) else f"https://{token}"
    try:
        _validate_url(url)
    except ValidationError:
        return ""
    return url if len(url) <= Place._meta.get_field("website").max_length else ""


def normalise_website(raw, row):
    """A usable address or nothing: scheme added, a Facebook page kept as the site, text
    around an address dropped, and anything that is not an address left out."""
    text = cleaned(raw, row, _("Site web"))
    if not text:
        return ""
    url = next(filter(None, map(_as_url, re.split(r"[\s|]+", text))), "")
    if not url:
        row.corrections.append(
            [
                "website_dropped",
                _("Site web « %(text)s » ignoré : ce n'est pas une adresse web.") % {"text": text},
            ]
        )
    elif url not in (text, f"https://{text}"):
        row.corrections.append(
            [
                "website_extracted",
                _("Site web « %(text)s » réduit à l'adresse %(url)s.") % {"text": text, "url": url},
            ]
        )
    return url


def parse_decimal(text):
    text = clean_text(text).replace(",", ".")
    if not text:
        return None
    value = Decimal(text)  # InvalidOperation is the caller's to report
    if not value.is_finite():
        raise InvalidOperation(text)
    return value


def parse_coordinates(latitude_text, longitude_text, row):
    try:
        latitude = parse_decimal(latitude_text)
        longitude = parse_decimal(longitude_text)
    except InvalidOperation:
        row.reasons.append(
            _("Coordonnées illisibles : « %(lat)s », « %(lon)s ».")
            % {"lat": latitude_text, "lon": longitude_text}
        )
        return None, None
    if (latitude is None) != (longitude is None):
        row.reasons.append(_("Latitude et longitude vont ensemble : l'une des deux manque."))
        return None, None
    if latitude is None:
        return None, None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        row.reasons.append(
            _("Coordonnées impossibles : (%(lat)s, %(lon)s).") % {"lat": latitude, "lon": longitude}
        )
        return None, None
    return _at_most_seven_places(latitude), _at_most_seven_places(longitude)


def _at_most_seven_places(value):
    # The model keeps seven decimals (about a centimetre); some sources give more.
    if value.as_tuple().exponent < COORDINATE_PLACES.as_tuple().exponent:
        return value.quantize(COORDINATE_PLACES, rounding=ROUND_HALF_EVEN)
    return value


def parse_code(value, pattern, label, row, missing=("",)):
    text = clean_text(value).upper()
    if text in missing:
        return ""
    if len(text) == 4 and text.isdigit() and label == "postcode":
        # A spreadsheet dropped the leading zero of 01000.
        row.corrections.append(
            [
                "postcode_padded",
                _("Code postal %(old)s complété en 0%(old)s.") % {"old": text},
            ]
        )
        text = "0" + text
    if not re.fullmatch(pattern, text):
        message = {
            "postcode": _("Code postal « %(value)s » invalide : cinq chiffres attendus."),
            "commune_code": _(
                "Code commune « %(value)s » invalide : cinq caractères attendus (ex. 14118, 2A004)."
            ),
        }[label]
        row.reasons.append(message % {"value": text})
        return ""
    return text


POSTCODE_PATTERN = r"\d{5}"
COMMUNE_CODE_PATTERN = r"\d{5}|2[AB]\d{3}"


def decimal_text(value):
    """Coordinates as compared between imports: `47.245935` and `47.2459350` are one value."""
    return "" if value is None else str(value.quantize(COORDINATE_PLACES))


# --- Parsed rows -----------------------------------------------------------------------------


@dataclass
class Parsed:
    """A row turned into place values, before it is matched with the database."""

    result: RowResult
    values: dict  # model field → value (department as a Department)
    kinds: list  # PlaceKind
    services: list | None = None  # Service; None when the file says nothing about them
    provenances: list = field(default_factory=list)  # (dataset slug, row id)
    extra: dict = field(default_factory=dict)  # format-specific hints

    def tracked(self):
        """The values compared between imports, as text (JSON-friendly)."""
        values = self.values
        return {
            "name": values["name"],
            "street_address": values["street_address"],
            "postcode": values["postcode"],
            "commune_name": values["commune_name"],
            "commune_code": values["commune_code"],
            "department": values["department"].code,
            "latitude": decimal_text(values["latitude"]),
            "longitude": decimal_text(values["longitude"]),
            "website": values["website"],
            "kinds": "|".join(sorted(kind.slug for kind in self.kinds)),
        }


def tracked_of(place, kind_slugs):
    return {
        "name": place.name,
        "street_address": place.street_address,
        "postcode": place.postcode,
        "commune_name": place.commune_name,
        "commune_code": place.commune_code,
        "department": place.department.code,
        "latitude": decimal_text(place.latitude),
        "longitude": decimal_text(place.longitude),
        "website": place.website,
        "kinds": "|".join(sorted(kind_slugs)),
    }


class Reference:
    """Departments, kinds and services, loaded once per import."""

    def __init__(self):
        self.departments = {department.code: department for department in Department.objects.all()}
        self.department_names = {code: d.name for code, d in self.departments.items()}
        self.kinds = {kind.slug: kind for kind in PlaceKind.objects.all()}
        self.kinds_by_name = {normalize(kind.name): kind for kind in self.kinds.values()}
        self.services_by_name = {normalize(s.name): s for s in Service.objects.all()}


# --- The census (CGET 2019) ------------------------------------------------------------------


def parse_cget_row(line, raw, reference):
    row_id = clean_text(raw.get("ID"))
    result = RowResult(line=line, key=row_id, name=clean_text(raw.get("NOM_TL")))
    if not row_id:
        result.reasons.append(_("Identifiant (colonne ID) absent."))
    name = cleaned(raw.get("NOM_TL"), result, _("Nom"))
    result.name = name
    if not name:
        result.reasons.append(_("Nom du lieu (colonne NOM_TL) absent."))
    street_address = cleaned(raw.get("ADRESSE"), result, _("Adresse"))
    postcode = parse_code(raw.get("CP"), POSTCODE_PATTERN, "postcode", result, missing=CGET_MISSING)
    commune_code = parse_code(
        raw.get("INSEECOM"), COMMUNE_CODE_PATTERN, "commune_code", result, missing=CGET_MISSING
    )
    latitude, longitude = parse_coordinates(raw.get("LAT"), raw.get("LONG"), result)
    declared = clean_text(raw.get("INSEEDEP")).upper()
    if len(declared) == 1 and declared.isdigit():
        declared = "0" + declared

    typology = normalize(raw.get("TYPO"))
    kinds = []
    if typology:
        slug = CGET_TYPOLOGY.get(typology)
        if slug is None:
            result.reasons.append(
                _("Typologie inconnue : « %(value)s » (attendu : coworking, fablab ou vide).")
                % {"value": clean_text(raw.get("TYPO"))}
            )
        elif slug not in reference.kinds:
            raise ImportFileError(
                _("Le type de lieu « %(slug)s » n'existe plus sur le site.") % {"slug": slug}
            )
        else:
            kinds = [reference.kinds[slug]]

    website = normalise_website(raw.get("WEB"), result)
    if result.reasons:
        return Parsed(result, {}, kinds)

    reconciled = reconcile_address(
        department_code=declared,
        departments=reference.department_names,
        postcode=postcode,
        commune_code=commune_code,
        latitude=latitude,
        longitude=longitude,
    )
    if not reconciled.ok:
        result.reasons.extend(reconciled.problems)
        return Parsed(result, {}, kinds)
    result.corrections.extend([c.kind, c.message] for c in reconciled.corrections)
    department = reference.departments[reconciled.department_code]

    commune_name = cleaned(raw.get("NOMCOM"), result, _("Commune"))
    declared_commune = cleaned(raw.get("COMINIT"), result, _("Commune"))
    if commune_code and not reconciled.commune_code and declared_commune:
        # NOMCOM names the commune code we just dropped: trust the commune as entered.
        commune_name = declared_commune
    commune_name = commune_name or declared_commune
    commune_code = reconciled.commune_code
    commune_code, commune_name = complete_commune(
        raw, commune_code, commune_name, department.code, result
    )

    values = {
        "name": name,
        "street_address": street_address,
        "postcode": reconciled.postcode,
        "commune_name": commune_name,
        "commune_code": commune_code,
        "department": department,
        "latitude": reconciled.latitude,
        "longitude": reconciled.longitude,
        "website": website,
    }
    return Parsed(result, values, kinds)


def complete_commune(raw, commune_code, commune_name, department_code, result):
    """Fill a missing commune from the census' own columns for the commune the coordinates
    fall in (NOMCOMMETRO, INSEEMETRO), when that commune is the one the row names or the row
    names none. Near a border the point may lie in the next commune: then nothing is filled.
    """
    point_code = clean_text(raw.get("INSEEMETRO")).upper()
    point_name = clean_text(raw.get("NOMCOMMETRO"))
    if commune_code or not point_code or not point_name:
        return commune_code, commune_name
    if not re.fullmatch(COMMUNE_CODE_PATTERN, point_code):
        return commune_code, commune_name
    if not point_code.startswith(department_code[:2]) or (
        department_code.startswith("97") and not point_code.startswith(department_code)
    ):
        return commune_code, commune_name
    if not commune_name:
        result.corrections.append(
            [
                "commune_from_coordinates",
                _(
                    "Commune absente : %(name)s (%(code)s), commune où se trouvent les "
                    "coordonnées selon le recensement (colonnes NOMCOMMETRO, INSEEMETRO)."
                )
                % {"name": point_name, "code": point_code},
            ]
        )
        return point_code, point_name
    if normalize(commune_name) == normalize(point_name):
        result.corrections.append(
            [
                "commune_code_completed",
                _(
                    "Code commune absent : %(code)s (%(name)s), commune où se trouvent les "
                    "coordonnées selon le recensement (colonne INSEEMETRO)."
                )
                % {"name": point_name, "code": point_code},
            ]
        )
        return point_code, point_name
    return commune_code, commune_name


# --- This site's CSV export ------------------------------------------------------------------

TIERSLIEUX_REQUIRED = ("identifiant", "nom", "departement_code")
TIERSLIEUX_TEXT = {
    "nom": "name",
    "resume": "summary",
    "adresse": "street_address",
    "code_postal": "postcode",
    "commune": "commune_name",
    "code_commune": "commune_code",
    "site_web": "website",
    "description": "description",
    "histoire": "history",
}
STATUS_BY_LABEL = {normalize(label): value for value, label in Status.choices}


def _split_list(text):
    return [item.strip() for item in unneutralise(text or "").split("|") if item.strip()]


def parse_datetime_fr(text):
    text = clean_text(text)
    if not text:
        return None
    for pattern in ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y"):
        try:
            return timezone.make_aware(datetime.datetime.strptime(text, pattern))
        except ValueError:
            continue
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def parse_tierslieux_row(line, raw, reference, header):
    def text(key):
        return unneutralise(raw.get(key) or "").strip()

    slug = text("identifiant")
    result = RowResult(line=line, key=slug, name=text("nom"), slug=slug)
    values = {
        model_field: text(key) for key, model_field in TIERSLIEUX_TEXT.items() if key in header
    }
    values.setdefault("name", "")
    if not values["name"]:
        result.reasons.append(_("Nom du lieu (colonne nom) absent."))
    if slug and slugify(slug) != slug:
        result.reasons.append(
            _("Identifiant « %(slug)s » invalide : lettres minuscules, chiffres et tirets.")
            % {"slug": slug}
        )
    for key in ("code_postal", "code_commune"):
        if key in header:
            values[TIERSLIEUX_TEXT[key]] = values[TIERSLIEUX_TEXT[key]].upper()

    department = reference.departments.get(text("departement_code").upper())
    if department is None:
        result.reasons.append(
            _("Département « %(code)s » inconnu.") % {"code": text("departement_code")}
        )
    values["department"] = department

    if "latitude" in header or "longitude" in header:
        values["latitude"], values["longitude"] = parse_coordinates(
            raw.get("latitude"), raw.get("longitude"), result
        )
    for key, model_field in (("surface_m2", "surface_m2"), ("annee_ouverture", "year_opened")):
        if key in header:
            raw_value = text(key).replace(" ", "")
            if not raw_value:
                values[model_field] = None
            elif raw_value.isdigit():
                values[model_field] = int(raw_value)
            else:
                result.reasons.append(
                    _("%(column)s « %(value)s » invalide : un nombre entier est attendu.")
                    % {"column": key, "value": raw_value}
                )
    if "annee_approximative" in header:
        values["year_opened_is_approximate"] = normalize(text("annee_approximative")) in {
            "oui",
            "vrai",
            "true",
            "1",
        }
    if "statut" in header:
        status = STATUS_BY_LABEL.get(normalize(text("statut")))
        if status is None:
            result.reasons.append(
                _("Statut « %(value)s » inconnu : « publié » ou « brouillon ».")
                % {"value": text("statut")}
            )
        values["status"] = status
        values["published_at"] = parse_datetime_fr(raw.get("publie_le"))

    kinds = []
    for name in _split_list(raw.get("types")):
        kind = reference.kinds_by_name.get(normalize(name))
        if kind is None:
            result.reasons.append(_("Type de lieu « %(name)s » inconnu.") % {"name": name})
        else:
            kinds.append(kind)
    services = None
    if "services" in header:
        services = []
        for name in _split_list(raw.get("services")):
            service = reference.services_by_name.get(normalize(name))
            if service is None:
                result.reasons.append(_("Service « %(name)s » inconnu.") % {"name": name})
            else:
                services.append(service)
    provenances = []
    for item in _split_list(raw.get("provenance")):
        dataset_slug, _colon, row_id = item.partition(":")
        if not row_id:
            result.reasons.append(
                _("Provenance « %(value)s » illisible : « jeu:ligne » attendu.") % {"value": item}
            )
        else:
            provenances.append((dataset_slug, row_id))
    if "site_web" in header and values.get("website"):
        values["website"] = normalise_website(values["website"], result)
    return Parsed(result, values, kinds, services, provenances)


# --- Planning --------------------------------------------------------------------------------


class SlugAllocator:
    """Unique slugs: the name, then name-commune, then name-2, name-3…"""

    def __init__(self, reserved=()):
        self.taken = set(Place.objects.values_list("slug", flat=True)) | set(reserved)

    def allocate(self, name, commune_name):
        max_length = Place._meta.get_field("slug").max_length - 6
        base = slugify(name)[:max_length].strip("-") or "lieu"
        candidates = [base]
        if commune_name:
            candidates.append(f"{base}-{slugify(commune_name)}"[:max_length].strip("-"))
        for candidate in candidates:
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
        number = 2
        while f"{base}-{number}" in self.taken:
            number += 1
        slug = f"{base}-{number}"
        self.taken.add(slug)
        return slug


def validate_place(place, result):
    """Model validation without a query per row: the department comes from the importer's
    reference table, slugs are allocated unique, and the database constraints stand behind
    both."""
    try:
        place.full_clean(
            exclude=["department", "slug"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            label = FIELD_LABELS.get(field_name, field_name).capitalize()
            for message in messages:
                result.reasons.append(
                    message if field_name == "__all__" else f"{label} : {message}"
                )
    return not result.reasons


@dataclass
class NewProvenance:
    place: Place
    row_id: str
    values: dict
    dataset: Dataset | None = None  # None: the plan's dataset


@dataclass
class Plan:
    """What applying will write; only rows that passed every check get here."""

    report: Report
    dataset: Dataset | None = None
    creates: list = field(default_factory=list)  # Place
    updates: list = field(default_factory=list)  # (Place, [changed fields])
    kind_changes: list = field(default_factory=list)  # (Place, [PlaceKind])
    service_changes: list = field(default_factory=list)  # (Place, [Service])
    new_provenances: list = field(default_factory=list)  # NewProvenance
    changed_provenances: list = field(default_factory=list)  # Provenance (values, place)


def read_file(text, file_format):
    header, rows = read_rows(text)
    required = CGET_COLUMNS if file_format == CGET else TIERSLIEUX_REQUIRED
    require_columns(header, required, file_format)
    return header, rows


def plan(text, file_format, *, skip_invalid=False, dry_run=True):
    """Check every row and decide its fate; writes nothing."""
    if file_format not in FORMATS:
        raise ValueError(file_format)
    report = Report(file_format=file_format, dry_run=dry_run, skip_invalid=skip_invalid)
    planned = Plan(report)
    try:
        header, rows = read_file(text, file_format)
        reference = Reference()
        if file_format == CGET:
            parsed_rows = [parse_cget_row(line, raw, reference) for line, raw in rows]
            report.rows = [parsed.result for parsed in parsed_rows]
            _reject_duplicates(parsed_rows)
            _plan_cget(planned, parsed_rows)
        else:
            parsed_rows = [parse_tierslieux_row(line, raw, reference, header) for line, raw in rows]
            report.rows = [parsed.result for parsed in parsed_rows]
            _reject_duplicates(parsed_rows)
            _plan_tierslieux(planned, parsed_rows, header)
    except ImportFileError as error:
        report.file_errors.append(str(error))
        report.rows = []
    if not report.rows and not report.file_errors:
        report.file_errors.append(_("Le fichier ne contient aucune ligne de données."))
    return planned


def _reject_duplicates(parsed_rows):
    seen = {}
    for parsed in parsed_rows:
        key = parsed.result.key
        if not key:
            continue
        if key in seen:
            parsed.result.reasons.append(
                _("Identifiant « %(key)s » déjà utilisé ligne %(line)d.")
                % {"key": key, "line": seen[key]}
            )
        else:
            seen[key] = parsed.result.line


def _kind_slugs(place_ids):
    found = {}
    rows = Place.kinds.through.objects.filter(place_id__in=place_ids).values_list(
        "place_id", "placekind__slug"
    )
    for place_id, slug in rows:
        found.setdefault(place_id, []).append(slug)
    return found


def _plan_cget(planned, parsed_rows):
    dataset = Dataset.objects.filter(slug=CGET_DATASET["slug"]).first() or Dataset(**CGET_DATASET)
    planned.dataset = dataset
    known = {}
    if dataset.pk:
        provenances = Provenance.objects.filter(dataset=dataset).select_related("place__department")
        known = {provenance.row_id: provenance for provenance in provenances}
    links = _link_candidates(dataset, parsed_rows, known)
    place_ids = [p.place_id for p in known.values() if p.place_id] + [
        place.pk for place in links.values()
    ]
    kinds_of = _kind_slugs(place_ids) if place_ids else {}
    slugs = SlugAllocator()
    now = timezone.now()

    for parsed in parsed_rows:
        result = parsed.result
        if result.reasons:
            result.outcome = REJECTED
            continue
        provenance = known.get(result.key)
        new = parsed.tracked()
        if provenance is not None and provenance.place is None:
            result.outcome = KEPT
            result.notes.append(
                _("Lieu supprimé sur le site depuis l'import : il n'est pas recréé.")
            )
        elif provenance is not None:
            kinds = kinds_of.get(provenance.place_id, [])
            _plan_merge(planned, parsed, provenance, new, kinds)
        elif result.key in links:
            place = links[result.key]
            _plan_link(planned, parsed, place, new, kinds_of.get(place.pk, []))
        else:
            place = Place(**parsed.values, status=Status.PUBLISHED, published_at=now)
            if not validate_place(place, result):
                result.outcome = REJECTED
                continue
            place.slug = slugs.allocate(place.name, place.commune_name)
            result.slug = place.slug
            result.outcome = CREATE
            planned.creates.append(place)
            planned.kind_changes.append((place, parsed.kinds))
            planned.new_provenances.append(NewProvenance(place, result.key, new))


def _link_candidates(dataset, parsed_rows, known):
    """Rows naming a place already on the site (same name, same commune code) that no row of
    this dataset was imported into: the row is attached to it rather than creating a confusing
    duplicate. Only one-to-one matches count."""
    row_keys = {}
    for parsed in parsed_rows:
        result = parsed.result
        if result.reasons or result.key in known or not parsed.values["commune_code"]:
            continue
        row_keys[result.key] = (normalize(parsed.values["name"]), parsed.values["commune_code"])
    if not row_keys:
        return {}
    rows_per_key = Counter(row_keys.values())
    places = Place.objects.filter(commune_code__in={code for _name, code in row_keys.values()})
    if dataset.pk:
        places = places.exclude(provenances__dataset=dataset)
    by_key = {}
    for place in places.select_related("department"):
        by_key.setdefault((normalize(place.name), place.commune_code), []).append(place)
    return {
        row_id: by_key[key][0]
        for row_id, key in row_keys.items()
        if rows_per_key[key] == 1 and len(by_key.get(key, [])) == 1
    }


def _plan_link(planned, parsed, place, new, kind_slugs):
    result = parsed.result
    filled = []
    for name, value in parsed.values.items():
        if name != "department" and getattr(place, name) in ("", None) and value not in ("", None):
            setattr(place, name, value)
            filled.append(name)
    if not validate_place(place, result):
        result.outcome = REJECTED
        return
    if parsed.kinds and not kind_slugs:
        planned.kind_changes.append((place, parsed.kinds))
        filled.append("kinds")
    result.slug = place.slug
    result.outcome = UPDATE
    if filled:
        what = _("seuls ses champs vides sont complétés (%(fields)s)") % {
            "fields": ", ".join(FIELD_LABELS[name] for name in filled)
        }
    else:
        what = _("rien n'y est changé")
    result.notes.append(
        _(
            "Rattaché au lieu « %(name)s » déjà présent sur le site (même nom, même "
            "commune) : %(what)s."
        )
        % {"name": place.name, "what": what}
    )
    planned.updates.append((place, [name for name in filled if name != "kinds"]))
    planned.new_provenances.append(NewProvenance(place, result.key, new))


def _plan_merge(planned, parsed, provenance, new, kind_slugs):
    """Three-way merge, field by field: what the dataset said last time (`base`), the place
    now (`current`) and the row now (`new`). A field staff changed is never overwritten."""
    result = parsed.result
    place = provenance.place
    result.slug = place.slug
    base = provenance.values or {}
    if new == base:
        result.outcome = UNCHANGED
        return
    current = tracked_of(place, kind_slugs)
    to_apply, conflicts = [], []
    for name in TRACKED_FIELDS:
        if new[name] == base.get(name) or current[name] == new[name]:
            continue
        if name in base and current[name] == base[name]:
            to_apply.append(name)
        else:
            conflicts.append(name)
    changed = [name for name in to_apply if name != "kinds"]
    for name in changed:
        setattr(place, name, parsed.values[name])
    if changed and not validate_place(place, result):
        result.outcome = REJECTED
        return
    for name in conflicts:
        result.notes.append(
            _(
                "%(field)s modifié sur le site depuis l'import : la valeur du fichier "
                "« %(new)s » n'est pas appliquée, celle du site « %(current)s » est gardée."
            )
            % {"field": FIELD_LABELS[name].capitalize(), "new": new[name], "current": current[name]}
        )
    if to_apply:
        result.outcome = UPDATE
        result.notes.append(
            _("Champs mis à jour : %(fields)s.")
            % {"fields": ", ".join(FIELD_LABELS[name] for name in to_apply)}
        )
        if changed:
            planned.updates.append((place, changed))
        if "kinds" in to_apply:
            planned.kind_changes.append((place, parsed.kinds))
    else:
        result.outcome = KEPT if conflicts else UNCHANGED
    # The row's values are now the baseline: a conflict is reported once, not at every run.
    provenance.values = new
    planned.changed_provenances.append(provenance)


def _plan_tierslieux(planned, parsed_rows, header):
    slugs_in_file = {parsed.result.key for parsed in parsed_rows if parsed.result.key}
    existing = {
        place.slug: place
        for place in Place.objects.filter(slug__in=slugs_in_file).select_related("department")
    }
    place_ids = [place.pk for place in existing.values()]
    kinds_of = _kind_slugs(place_ids) if place_ids else {}
    services_of = {}
    if place_ids and "services" in header:
        pairs = Place.services.through.objects.filter(place_id__in=place_ids).values_list(
            "place_id", "service_id"
        )
        for place_id, service_id in pairs:
            services_of.setdefault(place_id, set()).add(service_id)
    datasets = {dataset.slug: dataset for dataset in Dataset.objects.all()}
    wanted = {item for parsed in parsed_rows for item in parsed.provenances}
    records = {}
    if wanted:
        provenances = Provenance.objects.filter(
            dataset__slug__in={slug for slug, _row in wanted}
        ).select_related("dataset")
        records = {(p.dataset.slug, p.row_id): p for p in provenances}
    slugs = SlugAllocator(reserved=slugs_in_file)
    now = timezone.now()

    for parsed in parsed_rows:
        result = parsed.result
        place = existing.get(result.key)
        provenance_steps = []
        for dataset_slug, row_id in parsed.provenances:
            record = records.get((dataset_slug, row_id))
            if dataset_slug not in datasets:
                result.reasons.append(
                    _("Jeu de données « %(slug)s » inconnu du site.") % {"slug": dataset_slug}
                )
            elif record is None:
                provenance_steps.append((None, row_id, datasets[dataset_slug]))
            elif record.place_id is None:
                provenance_steps.append((record, row_id, None))
            elif place is None or record.place_id != place.pk:
                result.reasons.append(
                    _("La ligne %(row)s du jeu « %(slug)s » est déjà rattachée à un autre lieu.")
                    % {"row": row_id, "slug": dataset_slug}
                )
        if result.reasons:
            result.outcome = REJECTED
            continue

        changed = []
        if place is None:
            values = dict(parsed.values)
            values["status"] = values.get("status") or Status.DRAFT
            if values["status"] == Status.PUBLISHED and not values.get("published_at"):
                values["published_at"] = now
            place = Place(**values)
            if not validate_place(place, result):
                result.outcome = REJECTED
                continue
            place.slug = result.key or slugs.allocate(place.name, place.commune_name)
            result.slug = place.slug
            result.outcome = CREATE
            planned.creates.append(place)
            planned.kind_changes.append((place, parsed.kinds))
            if parsed.services is not None:
                planned.service_changes.append((place, parsed.services))
        else:
            for name, value in parsed.values.items():
                if name != "published_at" and getattr(place, name) != value:
                    setattr(place, name, value)
                    changed.append(name)
            if "status" in changed and place.status == Status.PUBLISHED and not place.published_at:
                place.published_at = parsed.values.get("published_at") or now
                changed.append("published_at")
            if not validate_place(place, result):
                result.outcome = REJECTED
                continue
            field_changes = list(changed)
            if {kind.slug for kind in parsed.kinds} != set(kinds_of.get(place.pk, [])):
                planned.kind_changes.append((place, parsed.kinds))
                changed.append("kinds")
            services = parsed.services
            if services is not None and {s.pk for s in services} != services_of.get(
                place.pk, set()
            ):
                planned.service_changes.append((place, services))
                changed.append("services")
            if field_changes:
                planned.updates.append((place, field_changes))
            result.slug = place.slug
            result.outcome = UPDATE if changed else UNCHANGED
            if changed:
                result.notes.append(
                    _("Champs mis à jour : %(fields)s.")
                    % {"fields": ", ".join(FIELD_LABELS.get(n, n) for n in changed)}
                )
        for record, row_id, dataset in provenance_steps:
            if record is None:
                # Unknown baseline: a later import of that dataset takes every difference
                # for a staff edit and never overwrites it.
                planned.new_provenances.append(NewProvenance(place, row_id, {}, dataset))
            else:
                record.place = place
                planned.changed_provenances.append(record)
            if result.outcome == UNCHANGED:
                result.outcome = UPDATE
                result.notes.append(_("Provenance rétablie."))


# --- Applying --------------------------------------------------------------------------------


@transaction.atomic
def apply(planned):
    """Write the plan; nothing at all when the file is refused."""
    report = planned.report
    if report.refused:
        return report
    now = timezone.now()
    dataset = planned.dataset
    if dataset is not None:
        # The dataset's description follows the code (attribution, licence link).
        changed = [name for name, value in CGET_DATASET.items() if getattr(dataset, name) != value]
        for name in changed:
            setattr(dataset, name, CGET_DATASET[name])
        if dataset.pk is None or changed:
            dataset.save()

    for place in planned.creates:
        place.refresh_search_text()
    Place.objects.bulk_create(planned.creates, batch_size=500)
    if planned.creates and planned.creates[0].pk is None:
        # A database that cannot return ids from a bulk insert: slugs are unique.
        ids = dict(
            Place.objects.filter(slug__in=[p.slug for p in planned.creates]).values_list(
                "slug", "pk"
            )
        )
        for place in planned.creates:
            place.pk = ids[place.slug]

    # bulk_update skips auto_now and save(): set both by hand.
    by_fields = {}
    for place, fields in planned.updates:
        if not fields:
            continue
        place.refresh_search_text()
        place.updated_at = now
        key = tuple(sorted({*fields, "search_text", "updated_at"}))
        by_fields.setdefault(key, []).append(place)
    for fields, places in by_fields.items():
        Place.objects.bulk_update(places, list(fields), batch_size=500)

    _replace_relations(Place.kinds.through, "placekind_id", planned.kind_changes)
    _replace_relations(Place.services.through, "service_id", planned.service_changes)

    Provenance.objects.bulk_create(
        [
            Provenance(
                place=item.place,
                dataset=item.dataset or dataset,
                row_id=item.row_id,
                first_imported_at=now,
                last_imported_at=now,
                values=item.values,
            )
            for item in planned.new_provenances
        ],
        batch_size=500,
    )
    for provenance in planned.changed_provenances:
        provenance.last_imported_at = now
    Provenance.objects.bulk_update(
        planned.changed_provenances, ["place", "values", "last_imported_at"], batch_size=500
    )
    report.applied = True
    report.dry_run = False
    return report


def _replace_relations(through, target_field, changes):
    if not changes:
        return
    through.objects.filter(place_id__in=[place.pk for place, _targets in changes]).delete()
    through.objects.bulk_create(
        [
            through(place_id=place.pk, **{target_field: target.pk})
            for place, targets in changes
            for target in targets
        ],
        batch_size=500,
    )


def run(text, file_format, *, dry_run=False, skip_invalid=False):
    """Plan, then apply unless it is a dry run; returns the report either way."""
    planned = plan(text, file_format, skip_invalid=skip_invalid, dry_run=dry_run)
    if dry_run:
        return planned.report
    return apply(planned)
