"""Finding communes in the database for one request: the admin's search and autocomplete, and
the commune filter of the public list. One query each; the in-memory `CommuneDirectory` is for
imports, too slow to build per request.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import and_

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from places.communes.matching import COMMUNE_CODE, POSTCODE, commune_key
from places.models import Commune, Place

MAX_TERMS = 10
# Enough rows to find every exact homonym ("Sainte-Colombe": 12) and a few suggestions.
FILTER_ROWS = 40
SUGGESTIONS = 5


def commune_label(commune):
    """`Carpiquet (14650) — Calvados`; `Le Havre (76600…) — Seine-Maritime`."""
    postcodes = commune.postcode_list
    where = postcodes[0] + ("…" if len(postcodes) > 1 else "") if postcodes else commune.code
    return f"{commune.name} ({where}) — {commune.department.name}"


class _Labelled:
    """A commune whose text is its label: the admin autocomplete shows `str(result)`."""

    def __init__(self, commune):
        self._commune = commune

    def __getattr__(self, name):
        return getattr(self._commune, name)

    def __str__(self):
        return commune_label(self._commune)


class LabelledPaginator(Paginator):
    def _get_page(self, object_list, number, paginator):
        return Page([_Labelled(commune) for commune in object_list], number, paginator)


def _name_condition(key):
    words = key.split()[:MAX_TERMS]
    return reduce(and_, (Q(search_text__contains=word) for word in words)) if words else None


def _rank(key):
    """0 for the exact name (only postcodes and code after it), 1 for a name starting with the
    query, 2 for the rest."""
    exact = rf"^{key}( [0-9][0-9ab][0-9]{{3}})*$"
    return Case(
        When(search_text__regex=exact, then=Value(0)),
        When(search_text__startswith=key, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def search(queryset, text):
    """Communes whose name, postcode or INSEE code contain every word of `text`, in any spelling
    (`st germain en laye`, `78100`, `Saint-Germain`), the exact name first."""
    key = commune_key(text)
    condition = _name_condition(key)
    if condition is None:
        return queryset
    return (
        queryset.filter(condition)
        .annotate(search_rank=_rank(key))
        .order_by("search_rank", "-population", "name", "code")
    )


@dataclass
class CommuneMatch:
    """What the commune filter resolved: the communes whose places are listed, and French notes
    saying how the input was understood."""

    communes: list
    notes: list = field(default_factory=list)

    def places_q(self):
        ids = [commune.pk for commune in self.communes]
        # A city's places may be filed under its arrondissements. Two index lookups joined by
        # UNION ALL (the commune's foreign key, the INSEE code of places without one): an OR
        # across a join to the communes would read every place.
        filed = Commune.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids)).values("pk")
        places = Place._base_manager.order_by()
        under = places.filter(commune_id__in=filed).values("pk")
        by_code = places.filter(
            commune__isnull=True, commune_code__in=[commune.code for commune in self.communes]
        ).values("pk")
        return Q(pk__in=under.union(by_code, all=True))

    @property
    def summary(self):
        labels = ", ".join(commune_label(commune) for commune in self.communes)
        if len(self.communes) == 1:
            return _("Commune : %(communes)s.") % {"communes": labels}
        return _("Communes : %(communes)s.") % {"communes": labels}


def _current(commune):
    """Where places are filed: a delegated or associated commune's current commune."""
    if commune.kind in Commune.PLACE_KINDS:
        return commune
    parent = commune.parent
    return parent if parent is not None and parent.kind in Commune.PLACE_KINDS else None


def _unique(communes):
    found = {}
    for commune in communes:
        if commune is not None:
            found.setdefault(commune.pk, commune)
    return list(found.values())


def _rows(condition):
    return Commune.objects.filter(condition).select_related("department", "parent__department")


def resolve(value):
    """The communes a visitor means by `value`, or a French `ValidationError`.

    An INSEE code is taken exactly (an old code leads to the commune that absorbed it); a
    postcode gives the communes that have it; a name gives the communes of that exact name,
    or the only commune whose name starts with it.
    """
    text = str(value or "").split("—")[0].strip()
    if not text:
        return None
    if COMMUNE_CODE.match(text.upper()):
        return _by_code(text.upper())
    return _by_name(text)


def _by_code(code):
    """A current INSEE code, else a postcode, else an old INSEE code (merged since): old codes
    of Paris's neighbours look like Paris postcodes."""
    rows = list(
        _rows(
            Q(code=code)
            | Q(kind="COM", former_codes__contains=code)
            | Q(kind__in=Commune.PLACE_KINDS, postcodes__contains=code)
        )
    )
    current = [row for row in rows if row.code == code and row.kind in Commune.PLACE_KINDS]
    with_postcode = _postcode_communes([row for row in rows if code in row.postcode_list])
    if current:
        others = [row for row in with_postcode if row not in current]
        notes = [
            _(
                "%(code)s est aussi le code postal de : %(communes)s. Tapez leur nom pour voir "
                "leurs lieux."
            )
            % {"code": code, "communes": ", ".join(commune_label(row) for row in others)}
        ]
        return CommuneMatch(current, notes if others else [])
    if with_postcode:
        return CommuneMatch(with_postcode)
    old = [row for row in rows if row.code == code] + [
        row for row in rows if code in row.former_codes.split()
    ]
    communes = _unique(map(_current, old))
    if not communes:
        # The visitor's text goes in params, not in the message: a « % » in it must not be
        # read as a placeholder when the message is formatted (by Django, or by the API).
        raise forms.ValidationError(
            _("Aucune commune n'a le code INSEE ou le code postal %(code)s."),
            params={"code": code},
        )
    note = _(
        "%(code)s est le code d'une ancienne commune, aujourd'hui dans la commune %(commune)s."
    )
    return CommuneMatch(communes, [note % {"code": code, "commune": communes[0].name}])


def _postcode_communes(rows):
    """Paris has every Paris postcode: its arrondissement is the one meant."""
    cities = {row.parent_id for row in rows if row.kind == Commune.Kind.ARRONDISSEMENT}
    return [row for row in rows if row.pk not in cities]


def _arrondissement(commune, rows, postcode):
    """`Paris 75018`: the 18th arrondissement rather than the whole city."""
    for row in rows:
        is_part = row.parent_id == commune.pk and row.kind == Commune.Kind.ARRONDISSEMENT
        if is_part and postcode in row.postcode_list:
            return row
    return commune


def _by_name(text):
    words = text.split()
    postcode = next((word for word in words if POSTCODE.match(word)), "")
    key = commune_key(" ".join(word for word in words if word != postcode))
    condition = _name_condition(key)
    if condition is None:
        raise forms.ValidationError(
            _("Tapez le nom d'une commune, son code postal ou son code INSEE.")
        )
    if postcode:
        condition &= Q(postcodes__contains=postcode) | Q(parent__postcodes__contains=postcode)
    rows = list(
        _rows(condition)
        .annotate(search_rank=_rank(key))
        .order_by("search_rank", "-population")[:FILTER_ROWS]
    )
    exact = [row for row in rows if row.search_rank == 0]
    notes = [
        _("« %(old)s » fait aujourd'hui partie de la commune %(commune)s.")
        % {"old": row.name, "commune": row.parent.name}
        for row in exact
        if row.kind not in Commune.PLACE_KINDS and _current(row) is not None
    ]
    communes = _unique(map(_current, exact))
    if postcode:
        communes = [_arrondissement(commune, rows, postcode) for commune in communes]
    if not communes:
        candidates = _unique(map(_current, rows))
        if len(candidates) == 1:
            communes = candidates
        elif candidates:
            raise forms.ValidationError(
                _(
                    "« %(text)s » désigne plusieurs communes : %(communes)s… Précisez le nom, "
                    "ou tapez le code postal ou le code INSEE."
                ),
                params={
                    "text": text,
                    "communes": ", ".join(commune_label(c) for c in candidates[:SUGGESTIONS]),
                },
            )
        else:
            raise forms.ValidationError(
                _("Aucune commune ne correspond à « %(text)s »."), params={"text": text}
            )
    if len(communes) > 1:
        notes.append(
            _(
                "Plusieurs communes s'appellent ainsi : choisissez aussi le département, ou "
                "tapez le code postal, pour n'en garder qu'une."
            )
        )
    return CommuneMatch(communes, notes)
