"""Making the fields of an address agree: commune, postcode, department, region, coordinates.

Every field that designates a department is a witness. When they all designate the same one,
nothing changes. When they disagree, the department designated by at least two witnesses, and
by more witnesses than any other, wins; the witnesses that contradict it are dropped, or
replaced by the commune's own value, and each change comes back as a French correction. A tie
or a lone witness is not settled: the row comes back with problems, in French, naming the
values. Used through `CommuneDirectory.reconcile`.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from places.communes.commune_choice import CommuneChoice
from places.communes.matching import POSTCODE, clean_commune_code
from places.geography import TERRITORIES, department_of_commune_code, departments_of_postcode

CORRECTION_LABELS = {
    "department_corrected": gettext_lazy("département corrigé d'après les autres champs"),
    "department_completed": gettext_lazy("département absent ou imprécis, déduit des autres"),
    "postcode_removed": gettext_lazy("code postal retiré (contredit les autres champs)"),
    "postcode_corrected": gettext_lazy("code postal remplacé par celui de la commune"),
    "postcode_completed": gettext_lazy("code postal absent, complété d'après la commune"),
    "commune_code_corrected": gettext_lazy("code commune remplacé (ancien ou contredit)"),
    "commune_code_removed": gettext_lazy("code commune retiré (contredit les autres champs)"),
    "commune_name_corrected": gettext_lazy("nom de commune remplacé d'après le code commune"),
    "commune_resolved": gettext_lazy("commune déléguée ou ville rangée sous la bonne commune"),
    "commune_removed": gettext_lazy("commune ignorée (d'un autre département)"),
    "commune_unknown": gettext_lazy("commune introuvable dans la liste officielle"),
    "coordinates_removed": gettext_lazy("coordonnées retirées (hors de France ou loin)"),
    "region_ignored": gettext_lazy("région inconnue ou contredite, ignorée"),
}


@dataclass
class AddressInput:
    postcode: str = ""
    commune_name: str = ""
    commune_code: str = ""
    department: str = ""
    region: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass
class AddressResult:
    commune: object | None
    department: object | None
    postcode: str
    latitude: Decimal | None
    longitude: Decimal | None
    corrections: list = field(default_factory=list)
    problems: list = field(default_factory=list)


@dataclass
class Witness:
    field: str
    departments: set
    phrase: str


def _join(parts):
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    return _("%(first)s et %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def reconcile(directory, address):
    return _Reconciliation(directory, address).run()


class _Reconciliation(CommuneChoice):
    def __init__(self, directory, address):
        self.directory = directory
        self.postcode = str(address.postcode or "").strip()
        self.raw_code = str(address.commune_code or "").strip()
        self.code = clean_commune_code(self.raw_code)
        self.name = str(address.commune_name or "").strip()
        self.department_text = str(address.department or "").strip()
        self.region_text = str(address.region or "").strip()
        self.latitude, self.longitude = address.latitude, address.longitude
        self.corrections = []
        self.problems = []

    def correct(self, kind, message):
        self.corrections.append([kind, message])

    def label(self, code):
        return f"{code} ({self.directory.departments[code].name})"

    def labels(self, codes):
        codes = sorted(codes)
        shown = _(" ou ").join(self.label(code) for code in codes[:3])
        return shown + (_(" ou un autre") if len(codes) > 3 else "")

    def result(self, commune=None, department=None):
        return AddressResult(
            commune=self.directory.instance(commune) if commune is not None else None,
            department=self.directory.departments[department] if department else None,
            postcode=self.postcode,
            latitude=self.latitude,
            longitude=self.longitude,
            corrections=self.corrections,
            problems=self.problems,
        )

    def run(self):
        self.check_formats()
        witnesses = self.witnesses()
        department = self.choose_department(witnesses)
        if department is None:
            return self.result()
        winners = [w for w in witnesses if department in w.departments]
        losers = {w.field: w for w in witnesses if department not in w.departments}
        because = _join(w.phrase for w in winners)
        context = {"department": self.label(department), "witnesses": because}
        self.correct_department(department, losers, because)
        commune = self.choose_commune(department, losers, context)
        if self.problems:
            return self.result()
        self.check_postcode(commune, "postcode" in losers, context)
        if "coordinates" in losers:
            self.correct(
                "coordinates_removed",
                _(
                    "Coordonnées (%(lat)s, %(lon)s) retirées : elles sont loin du département "
                    "%(department)s que désignent %(witnesses)s."
                )
                % {"lat": self.latitude, "lon": self.longitude, **context},
            )
            self.latitude = self.longitude = None
        if "region" in losers:
            self.correct(
                "region_ignored",
                _("Région « %(region)s » ignorée : le département %(department)s n'en est pas.")
                % {"region": self.region_text, **context},
            )
        return self.result(commune, department)

    # --- What each field says -----------------------------------------------------------

    def check_formats(self):
        if self.postcode and not POSTCODE.match(self.postcode):
            self.correct(
                "postcode_removed",
                _("Code postal « %(code)s » retiré : un code postal a cinq chiffres.")
                % {"code": self.postcode},
            )
            self.postcode = ""
        if self.raw_code and not self.code and self.raw_code.strip("0"):
            self.correct(
                "commune_code_removed",
                _("Code commune « %(code)s » retiré : ce n'est pas un code INSEE.")
                % {"code": self.raw_code},
            )
        has_point = self.latitude is not None and self.longitude is not None
        if has_point and not any(t.contains(self.latitude, self.longitude) for t in TERRITORIES):
            self.correct(
                "coordinates_removed",
                _("Coordonnées (%(lat)s, %(lon)s) retirées : elles ne sont pas en France.")
                % {"lat": self.latitude, "lon": self.longitude},
            )
            has_point = False
        if not has_point:
            self.latitude = self.longitude = None

    def witnesses(self):
        directory = self.directory
        known = set(directory.departments)
        found = []
        if self.code:
            self.code_entry, self.code_named = directory.by_code(self.code)
            if self.code_entry is not None:
                codes = {self.code_entry.department_code}
            else:
                codes = {department_of_commune_code(self.code)} & known
            phrase = _("le code commune %(code)s") % {"code": self.code}
            found.append(Witness("commune_code", codes, phrase))
        else:
            self.code_entry = self.code_named = None
        self.name_pairs = directory.by_name(self.name) if self.name else []
        if self.name_pairs:
            codes = {current.department_code for current, _named in self.name_pairs}
            phrase = _("la commune « %(name)s »") % {"name": self.name}
            found.append(Witness("commune_name", codes, phrase))
        if self.postcode:
            codes = {entry.department_code for entry in directory.with_postcode(self.postcode)}
            if not codes:
                # A Cedex or retired postcode: its first digits still say the department.
                codes = (departments_of_postcode(self.postcode) or {self.postcode[:2]}) & known
            phrase = _("le code postal %(code)s") % {"code": self.postcode}
            found.append(Witness("postcode", codes, phrase))
        self.declared = directory.department_codes(self.department_text)
        if self.declared:
            found.append(Witness("department", set(self.declared), _("la colonne département")))
        region = directory.region_departments(self.region_text)
        if region:
            found.append(Witness("region", region, _("la colonne région")))
        elif region is not None:
            self.correct(
                "region_ignored",
                _("Région « %(region)s » ignorée : inconnue.") % {"region": self.region_text},
            )
        if self.latitude is not None:
            codes = directory.departments_at(self.latitude, self.longitude)
            found.append(Witness("coordinates", codes, _("les coordonnées")))
        return found

    # --- The department -----------------------------------------------------------------

    def choose_department(self, witnesses):
        if not witnesses:
            self.problems.append(self.nothing_to_go_on())
            return None
        common = set.intersection(*(w.departments for w in witnesses))
        if len(common) == 1:
            return next(iter(common))
        if common:
            self.problems.append(
                _(
                    "Département impossible à choisir : d'après %(witnesses)s, ce peut être "
                    "%(departments)s. Précisez le département, le code postal ou le code commune."
                )
                % {
                    "witnesses": _join(w.phrase for w in witnesses),
                    "departments": self.labels(common),
                }
            )
            return None
        support = {}
        for witness in witnesses:
            for code in witness.departments:
                support[code] = support.get(code, 0) + 1
        ranked = sorted(support.items(), key=lambda item: -item[1])
        best, votes = ranked[0] if ranked else (None, 0)
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        against = sum(1 for w in witnesses if best not in w.departments)
        if votes >= 2 and votes > runner_up and votes > against:
            return best
        said = [
            _("%(witness)s désigne %(departments)s")
            % {"witness": w.phrase, "departments": self.labels(w.departments)}
            if w.departments
            else _("%(witness)s ne désigne aucun département") % {"witness": w.phrase}
            for w in witnesses
        ]
        self.problems.append(
            _(
                "Adresse contradictoire : %(said)s. Aucun département n'est désigné par plus "
                "de champs que les autres : corrigez la ligne."
            )
            % {"said": " ; ".join(said)}
        )
        return None

    def nothing_to_go_on(self):
        if self.name:
            return _(
                "Commune « %(name)s » introuvable dans la liste officielle, et aucun autre "
                "champ (code postal, code commune, département) ne situe le lieu."
            ) % {"name": self.name}
        if self.department_text:
            return _("Le département « %(value)s » n'existe pas.") % {"value": self.department_text}
        return _("Département absent et aucun champ ne permet de le déduire.")

    def correct_department(self, department, losers, because):
        context = {"new": self.label(department), "witnesses": because}
        if "department" in losers:
            self.correct(
                "department_corrected",
                _("Département %(old)s corrigé en %(new)s d'après %(witnesses)s.")
                % {"old": self.labels(self.declared), **context},
            )
        elif self.declared and len(self.declared) > 1:
            self.correct(
                "department_completed",
                _("Département « %(old)s » précisé en %(new)s d'après %(witnesses)s.")
                % {"old": self.department_text, **context},
            )
        elif not self.declared:
            message = (
                _("Département « %(old)s » inconnu, remplacé par %(new)s d'après %(witnesses)s.")
                if self.department_text
                else _("Département absent : %(new)s, d'après %(witnesses)s.")
            )
            self.correct("department_completed", message % {"old": self.department_text, **context})

    # --- The postcode -------------------------------------------------------------------

    def check_postcode(self, commune, contradicted, context):
        own = commune.postcodes if commune is not None else ()
        if self.postcode and (contradicted or (own and self.postcode not in own)):
            if contradicted:
                why = (
                    _(
                        "il ne correspond pas au département %(department)s que désignent "
                        "%(witnesses)s"
                    )
                    % context
                )
            else:
                why = _("la commune %(commune)s a pour code postal %(own)s") % {
                    "commune": commune.name,
                    "own": _(" ou ").join(own),
                }
            if len(own) == 1:
                self.correct(
                    "postcode_corrected",
                    _("Code postal %(code)s remplacé par %(new)s : %(why)s.")
                    % {"code": self.postcode, "new": own[0], "why": why},
                )
                self.postcode = own[0]
            else:
                self.correct(
                    "postcode_removed",
                    _("Code postal %(code)s retiré : %(why)s.")
                    % {"code": self.postcode, "why": why},
                )
                self.postcode = ""
        elif not self.postcode and len(own) == 1:
            self.correct(
                "postcode_completed",
                _("Code postal absent : %(code)s, le seul de la commune %(commune)s.")
                % {"code": own[0], "commune": commune.name},
            )
            self.postcode = own[0]
