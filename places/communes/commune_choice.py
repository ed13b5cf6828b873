"""The commune half of an address reconciliation: which commune of the chosen department the
code and the name designate, and what to say when they disagree. Mixed into
`places.communes.reconciliation._Reconciliation`, whose state it shares.
"""

from django.utils.translation import gettext as _


class CommuneChoice:
    def commune_label(self, entry):
        return f"{entry.name} ({entry.code})"

    def choose_commune(self, department, losers, context):
        directory = self.directory
        by_code = self.code_entry if "commune_code" not in losers else None
        pairs = [pair for pair in self.name_pairs if pair[0].department_code == department]
        named = None
        if by_code is not None and pairs:
            same = [pair for pair in pairs if self.same_place(pair[0], by_code)]
            if same:
                named = same[0]
                commune = self.specific(by_code, named[0])
            else:
                commune, named = self.code_or_name(by_code, pairs)
                if commune is None:
                    return None
        elif by_code is not None:
            commune = by_code
            if self.name:
                self.correct(
                    "commune_name_corrected",
                    _("Commune « %(name)s » remplacée par %(commune)s d'après %(why)s.")
                    % {
                        "name": self.name,
                        "commune": self.commune_label(by_code),
                        "why": _("le code commune"),
                    },
                )
        elif pairs:
            named = self.pick_homonym(pairs, department)
            if named is None:
                return None
            commune = named[0]
        else:
            commune = None
        refined = False
        if commune is not None and "postcode" not in losers:
            part = directory.refine(commune, self.postcode)
            if part != commune:
                self.correct(
                    "commune_resolved",
                    _("%(city)s rangée sous %(part)s d'après le code postal %(postcode)s.")
                    % {
                        "city": commune.name,
                        "part": self.commune_label(part),
                        "postcode": self.postcode,
                    },
                )
                commune, refined = part, True
        if self.code and commune is not None:
            self.check_code(commune, "commune_code" in losers, context, refined)
        elif self.code and "commune_code" in losers:
            self.correct(
                "commune_code_removed",
                _(
                    "Code commune %(code)s retiré : il n'appartient pas au département "
                    "%(department)s que désignent %(witnesses)s."
                )
                % {"code": self.code, **context},
            )
        if self.name and commune is None:
            self.name_not_found(department, losers, context)
        if named is not None and named[1].kind in ("COMD", "COMA"):
            self.correct(
                "commune_resolved",
                _(
                    "« %(name)s » est aujourd'hui %(kind)s, rattachée à la commune "
                    "%(commune)s : le lieu est rangé sous cette dernière."
                )
                % {
                    "name": named[1].name,
                    "kind": _("commune déléguée")
                    if named[1].kind == "COMD"
                    else _("commune associée"),
                    "commune": self.commune_label(commune),
                },
            )
        return commune

    def same_place(self, one, other):
        """The same commune, or a city and one of its arrondissements."""
        return one.id == other.id or one.parent_id == other.id or other.parent_id == one.id

    def specific(self, one, other):
        return one if one.kind == "ARM" else other

    def code_or_name(self, by_code, pairs):
        """Code and name designate two communes of the department: the postcode decides."""
        has = self.directory.has_postcode
        code_fits = bool(self.postcode) and has(by_code, self.postcode)
        name_fits = [pair for pair in pairs if self.postcode and has(pair[0], self.postcode)]
        if len(name_fits) == 1 and not code_fits:
            commune = name_fits[0][0]
            self.correct(
                "commune_code_corrected",
                _(
                    "Code commune %(code)s (%(old)s) remplacé par %(commune)s : le nom et le "
                    "code postal désignent cette commune."
                )
                % {"code": self.code, "old": by_code.name, "commune": self.commune_label(commune)},
            )
            self.code = commune.code
            return commune, name_fits[0]
        if code_fits and not name_fits:
            self.correct(
                "commune_name_corrected",
                _("Commune « %(name)s » remplacée par %(commune)s d'après %(why)s.")
                % {
                    "name": self.name,
                    "commune": self.commune_label(by_code),
                    "why": _("le code commune et le code postal"),
                },
            )
            return by_code, None
        self.problems.append(
            _(
                "Le code commune %(code)s (%(old)s) et la commune « %(name)s » désignent deux "
                "communes différentes, et le code postal ne permet pas de trancher."
            )
            % {"code": self.code, "old": by_code.name, "name": self.name}
        )
        return None, None

    def pick_homonym(self, pairs, department):
        if len(pairs) == 1:
            return pairs[0]
        fits = [
            pair
            for pair in pairs
            if self.postcode and self.directory.has_postcode(pair[0], self.postcode)
        ]
        if len(fits) == 1:
            return fits[0]
        choices = ", ".join(
            f"{current.name} ({current.code}, {' '.join(current.postcodes) or '—'})"
            for current, _named in (fits or pairs)[:6]
        )
        self.problems.append(
            _(
                "Plusieurs communes s'appellent « %(name)s » dans le département "
                "%(department)s : %(choices)s. Indiquez le code postal ou le code commune."
            )
            % {"name": self.name, "department": self.label(department), "choices": choices}
        )
        return None

    def check_code(self, commune, contradicted, context, refined):
        if self.code == commune.code or (refined and not contradicted):
            # An arrondissement chosen by postcode is already reported.
            return
        if contradicted:
            why = _("il n'appartient pas au département %(department)s que désignent %(witnesses)s")
            why = why % context
        elif self.code_entry is not None and self.code_entry.id == commune.id:
            why = _("la commune qui portait ce code a été fusionnée dans celle-ci")
        elif self.code_entry is not None and self.same_place(self.code_entry, commune):
            why = _("les autres champs désignent cet arrondissement de %(city)s") % {
                "city": self.code_entry.name
            }
        elif self.code_entry is None:
            why = _("ce code n'existe pas")
        else:
            return
        self.correct(
            "commune_code_corrected",
            _("Code commune %(code)s remplacé par %(new)s (%(name)s) : %(why)s.")
            % {"code": self.code, "new": commune.code, "name": commune.name, "why": why},
        )
        self.code = commune.code

    def name_not_found(self, department, losers, context):
        if "commune_name" in losers:
            self.correct(
                "commune_removed",
                _(
                    "Commune « %(name)s » ignorée : aucune commune de ce nom dans le "
                    "département %(department)s que désignent %(witnesses)s."
                )
                % {"name": self.name, **context},
            )
        else:
            self.correct(
                "commune_unknown",
                _(
                    "Commune « %(name)s » introuvable dans la liste officielle du département "
                    "%(department)s : le lieu n'est rangé sous aucune commune."
                )
                % {"name": self.name, "department": self.label(department)},
            )
