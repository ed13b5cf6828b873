"""One row of a file, read through its mapping, turned into place values.

Only what the row says is kept: an empty cell means "unknown" and leaves the site's value
alone, unless the mapping says that column erases when empty.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.dates import DatePrecision, iso_partial_date
from content.search import normalize
from places.communes.directory import AddressInput
from places.imports import fields
from places.imports.cleaning import (
    clean_paragraphs,
    clean_text,
    cleaned,
    decimal_text,
    normalise_website,
    parse_boolean,
    parse_commune_code,
    parse_coordinates,
    parse_datetime_fr,
    parse_department_code,
    parse_integer,
    parse_partial_date,
    parse_postcode,
    repair_mojibake,
    split_address,
    split_list,
)
from places.imports.mapping import STATUS_WORDS, lifecycle_of
from places.imports.report import RowResult
from places.models import Commune, Lifecycle, Place, PlaceKind, Service

TEXT_FIELDS = {
    "resume": "summary",
    "description": "description",
    "histoire": "history",
}


class Reference:
    """Kinds and services, loaded once per import."""

    def __init__(self, directory):
        self.directory = directory
        self.kinds = {kind.slug: kind for kind in PlaceKind.objects.all()}
        self.kinds_by_word = {
            **{normalize(kind.name): kind for kind in self.kinds.values()},
            **{normalize(kind.slug): kind for kind in self.kinds.values()},
        }
        services = list(Service.objects.all())
        self.services_by_word = {
            **{normalize(service.name): service for service in services},
            **{normalize(service.slug): service for service in services},
        }


@dataclass
class ParsedRow:
    result: RowResult
    values: dict = field(default_factory=dict)  # Place field → value, for what the row gives
    kinds: list | None = None  # None: the row says nothing about them
    services: list | None = None
    provenances: list = field(default_factory=list)  # (dataset slug, row id): own export only

    def tracked(self):
        """What the row says, as text: compared with the place and kept as the baseline."""
        found = {name: as_text(name, value) for name, value in self.values.items()}
        found.pop("published_at", None)
        found.pop("commune", None)
        for date, precision in Place.partial_date_fields.items():
            # A date is compared at its precision: `2019-08`, not its first day.
            found.pop(precision, None)
            if date in self.values:
                found[date] = iso_partial_date(self.values[date], self.values.get(precision))
        if self.kinds is not None:
            found["kinds"] = "|".join(sorted(kind.slug for kind in self.kinds))
        if self.services is not None:
            found["services"] = "|".join(sorted(service.slug for service in self.services))
        return found


def as_text(name, value):
    if name == "department":
        return value.code if value is not None else ""
    if name in {"latitude", "longitude"}:
        return decimal_text(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if name == "lifecycle" and value in Lifecycle.values:
        return str(Lifecycle(value).label)
    return str(value)


def unset(name, text):
    """A value of the site nobody chose: empty, or the field's default (an open place)."""
    return text in ("", "non") or (name == "lifecycle" and text == as_text(name, Lifecycle.OPEN))


def tracked_of(place, kind_slugs=(), service_slugs=()):
    found = {
        name: as_text(name, getattr(place, name))
        for name in fields.TRACKED
        if name not in {"kinds", "services", "commune", *Place.partial_date_fields}
    }
    for date, precision in Place.partial_date_fields.items():
        found[date] = iso_partial_date(getattr(place, date), getattr(place, precision))
    found["department"] = place.department.code if place.department_id else ""
    found["commune_code"] = place.commune_code
    found["commune_name"] = place.commune_name
    found["kinds"] = "|".join(sorted(kind_slugs))
    found["services"] = "|".join(sorted(service_slugs))
    return found


def parse_row(line, raw, mapping, reference):
    """A ParsedRow; its result's reasons say why it cannot be imported, if so."""
    cells = mapping.read(raw)
    key = mapping.row_identifier(raw)
    result = RowResult(line=line, key=key, name=clean_text(cells.get("nom")))
    parsed = ParsedRow(result)
    values = parsed.values
    erase = set(mapping.erase_when_empty)

    name = cleaned(cells.get("nom"), result, gettext_lazy("Nom"))
    result.name = name
    if not name:
        result.reasons.append(_("Nom du lieu absent."))
    else:
        values["name"] = name
    # In this site's own export an empty identifiant means "a new page".
    if mapping.identifier and not key and not mapping.is_site_export:
        result.reasons.append(
            _("Identifiant (colonne %(column)s) absent.") % {"column": mapping.identifier}
        )

    for column, model_field in TEXT_FIELDS.items():
        if column in cells:
            text = clean_paragraphs(repair_mojibake(cells[column]))
            if text or column in erase:
                values[model_field] = text
    if "site_web" in cells:
        text = cleaned(cells["site_web"], result, gettext_lazy("Site web"))
        website = normalise_website(text, result)
        if website or ("site_web" in erase and not text):
            values["website"] = website
    for column, model_field in (("surface_m2", "surface_m2"), ("annee_ouverture", "year_opened")):
        if column in cells:
            number = parse_integer(cells[column], fields.BY_NAME[column].label, result)
            if model_field == "year_opened" and number is not None and not 1800 <= number <= 9999:
                # The year becomes a date (1 January): no date exists before year 1.
                result.reasons.append(
                    _("Année d'ouverture : %(year)s n'est pas une année entre 1800 et 9999.")
                    % {"year": number}
                )
                continue
            if number is not None or (column in erase and not clean_text(cells[column])):
                values[model_field] = number
    if clean_text(cells.get("annee_approximative")):
        values["year_opened_is_approximate"] = parse_boolean(
            cells["annee_approximative"], _("Année approximative"), result
        )
    _parse_status(cells, mapping, values, result)
    _parse_lifecycle(cells, mapping, values, result, erase)
    parsed.kinds = _parse_list(cells, "types", mapping, reference.kinds_by_word, result, erase)
    parsed.services = _parse_list(
        cells, "services", mapping, reference.services_by_word, result, erase
    )
    _parse_address(cells, reference, values, result, erase, mapping.alternatives(raw, "commune"))
    for item in split_list(cells.get("provenance")):
        dataset_slug, _colon, row_id = item.partition(":")
        if not row_id:
            result.reasons.append(
                _("Provenance « %(value)s » illisible : « jeu:ligne » attendu.") % {"value": item}
            )
        else:
            parsed.provenances.append((dataset_slug.strip(), row_id.strip()))
    return parsed


def _parse_status(cells, mapping, values, result):
    text = clean_text(cells.get("statut"))
    if not text:
        return
    status, known = mapping.translate("statut", text)
    if not known:
        status = STATUS_WORDS.get(normalize(text))
        if status is None:
            result.reasons.append(
                _(
                    "Statut « %(value)s » inconnu : « publié » ou « brouillon », ou une traduction "
                    "dans la correspondance."
                )
                % {"value": text}
            )
            return
    if status is not None:
        values["status"] = status
        published_at = parse_datetime_fr(cells.get("publie_le"))
        if published_at is not None:
            values["published_at"] = published_at


def _parse_lifecycle(cells, mapping, values, result, erase):
    """The state, dates and reason as the row gives them. Whether they fit together (closed with
    a date and a reason, closing after opening…) is the model's clean() to say, on the place as
    the row leaves it: validate_place."""
    text = clean_text(cells.get("etat"))
    if text:
        # A translation to null (« unknown ») leaves the state as it is.
        lifecycle, known = mapping.translate("etat", text)
        if not known:
            lifecycle = lifecycle_of(text)
        if lifecycle is None and not known:
            result.reasons.append(
                _(
                    "État « %(value)s » inconnu (colonne %(column)s) : « en projet », « ouvert » "
                    "ou « fermé » attendu, ou une traduction dans la correspondance."
                )
                % {"value": text, "column": _source_of(mapping, "etat")}
            )
        elif lifecycle is not None:
            values["lifecycle"] = lifecycle

    opened = _partial_date(cells, "date_ouverture", mapping, result)
    if opened:
        year = values.pop("year_opened", None)
        if year is not None and year != opened.value.year:
            result.reasons.append(
                _(
                    "Date d'ouverture « %(date)s » et année d'ouverture « %(year)s » "
                    "contradictoires : corrigez l'une des deux, ou videz l'année."
                )
                % {"date": opened.iso, "year": year}
            )
        values["opened_on"], values["opened_on_precision"] = opened.value, opened.precision
    elif _erased(cells, "date_ouverture", erase) and values.get("year_opened") is None:
        values.pop("year_opened", None)
        values["opened_on"], values["opened_on_precision"] = None, DatePrecision.YEAR

    closed = _partial_date(cells, "date_fermeture", mapping, result)
    if closed:
        values["closed_on"], values["closed_on_precision"] = closed.value, closed.precision
    elif _erased(cells, "date_fermeture", erase):
        values["closed_on"], values["closed_on_precision"] = None, DatePrecision.YEAR
    if "raison_fermeture" in cells:
        reason = cleaned(cells["raison_fermeture"], result, gettext_lazy("Raison de la fermeture"))
        if reason or "raison_fermeture" in erase:
            values["closure_reason"] = reason
    if values.get("lifecycle", Lifecycle.CLOSED) != Lifecycle.CLOSED:
        # Only a closed place has a closing: a row saying « ouvert » reopens a place closed on
        # the site, as the export of an open place, whose closing cells are empty, means.
        values.setdefault("closed_on", None)
        values.setdefault("closed_on_precision", DatePrecision.YEAR)
        values.setdefault("closure_reason", "")


def _partial_date(cells, column, mapping, result):
    label = fields.BY_NAME[column].label
    return parse_partial_date(cells.get(column), label, _source_of(mapping, column), result)


def _erased(cells, column, erase):
    return column in erase and column in cells and not clean_text(cells[column])


def _source_of(mapping, name):
    """The file's column(s) a field is read from, as a reason names them."""
    return " / ".join(mapping.columns.get(name, ())) or name


def _parse_list(cells, column, mapping, known, result, erase):
    if column not in cells:
        return None
    text = clean_text(cells[column])
    if not text:
        return [] if column in erase else None
    translated, whole = mapping.translate(column, text)
    if whole:
        items = translated
    else:
        items = []
        for piece in split_list(text):
            value, found = mapping.translate(column, piece)
            if found:
                items.extend(value or [])
            else:
                items.append(piece)
    if items is None:
        return None
    label = fields.BY_NAME[column].label
    found = []
    for item in items:
        match = known.get(normalize(item))
        if match is None:
            result.reasons.append(
                _(
                    "%(label)s : « %(value)s » inconnu ; ajoutez sa traduction à la correspondance "
                    "(valeurs connues : %(known)s)."
                )
                % {
                    "label": label,
                    "value": item,
                    "known": ", ".join(sorted({str(v) for v in known.values()})),
                }
            )
        elif match not in found:
            found.append(match)
    return found


def _parse_address(cells, reference, values, result, erase, other_communes=()):
    street, postcode_text, commune_text = split_address(cells.get("adresse_complete"))
    if "adresse" in cells:
        street = cleaned(cells["adresse"], result, gettext_lazy("Adresse")) or street
    elif street:
        street = cleaned(street, result, gettext_lazy("Adresse"))
    if street or "adresse" in erase:
        values["street_address"] = street
    postcode = parse_postcode(cells.get("code_postal") or postcode_text, result)
    commune_name = cleaned(cells.get("commune") or commune_text, result, gettext_lazy("Commune"))
    commune_code = parse_commune_code(cells.get("code_commune"), result)
    department = parse_department_code(cells.get("departement_code")) or clean_text(
        cells.get("departement")
    )
    latitude, longitude = parse_coordinates(cells.get("latitude"), cells.get("longitude"), result)
    address = _reconcile(
        reference.directory,
        AddressInput(
            postcode=postcode,
            commune_name=commune_name,
            commune_code=commune_code,
            department=department,
            region=clean_text(cells.get("region")),
            latitude=latitude,
            longitude=longitude,
        ),
        other_communes,
    )
    result.corrections.extend([kind, message] for kind, message in address.corrections)
    if address.problems:
        result.reasons.extend(address.problems)
        return
    if address.department is None:
        result.reasons.append(
            _("Département introuvable : ni commune, ni code postal, ni département utilisables.")
        )
        return
    values["department"] = address.department
    if address.commune is not None:
        commune = address.commune
        if not isinstance(commune, Commune):
            commune = reference.directory.instance(commune)
        values["commune"] = commune
        values["commune_code"] = commune.code
        values["commune_name"] = commune.name
    elif commune_name and not any(kind == "commune_removed" for kind, _m in address.corrections):
        # A name the official list does not know (a technopole, a hamlet) still says where.
        values["commune_name"] = commune_name
    if address.postcode:
        values["postcode"] = address.postcode
    elif "code_postal" in erase:
        values["postcode"] = ""
    if address.latitude is not None:
        values["latitude"], values["longitude"] = address.latitude, address.longitude
    elif "latitude" in erase and latitude is None:
        values["latitude"] = values["longitude"] = None


def _reconcile(directory, address, other_communes):
    """The address as the directory makes it agree. When the first commune a mapping names
    does not fit, the next one (e.g. the commune as the place wrote it) is tried."""
    first = directory.reconcile(address)
    if first.commune is not None or first.problems:
        return first
    first_name = address.commune_name
    for name in other_communes:
        if normalize(name) == normalize(address.commune_name):
            continue
        address.commune_name = name
        other = directory.reconcile(address)
        if other.commune is not None and not other.problems:
            other.corrections.insert(
                0,
                [
                    "commune_removed",
                    _("Commune « %(first)s » écartée : « %(other)s » s'accorde avec le reste.")
                    % {"first": first_name, "other": name},
                ],
            )
            return other
    return first


def validate_place(place, result):
    """Model validation without a query per row: the department and commune come from the
    import's reference tables, and the database constraints stand behind both."""
    try:
        place.full_clean(
            exclude=["department", "slug", "commune"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        labels = {field.model_field: field.label for field in fields.FIELDS if field.model_field}
        for field_name, messages in error.message_dict.items():
            label = labels.get(
                field_name,
                Place._meta.get_field(field_name).verbose_name if field_name != "__all__" else "",
            )
            for message in messages:
                result.reasons.append(
                    message if field_name == "__all__" else f"{str(label).capitalize()} : {message}"
                )
    return not result.reasons
