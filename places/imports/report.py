"""What an import did or would do, row by row, in words staff use."""

from collections import Counter
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
KEPT = "kept"
DUPLICATE = "duplicate"
SKIPPED = "skipped"
REJECTED = "rejected"
# (before applying, after applying)
OUTCOME_LABELS = {
    CREATE: ("à créer", "créés"),
    UPDATE: ("à mettre à jour", "mis à jour"),
    UNCHANGED: ("inchangés", "inchangés"),
    KEPT: (
        "non modifiés (changés ou supprimés sur le site)",
        "non modifiés (changés ou supprimés sur le site)",
    ),
    DUPLICATE: (
        "doublons probables, en attente d'un choix",
        "doublons probables, en attente d'un choix",
    ),
    SKIPPED: ("écartés", "écartés"),
    REJECTED: ("rejetés", "rejetés"),
}

CORRECTION_LABELS = {
    "postcode_padded": "code postal complété d'un zéro initial",
    "text_repaired": "texte mal encodé réparé",
    "website_dropped": "site web ignoré (pas une adresse web)",
    "website_extracted": "site web réduit à son adresse",
}


def correction_label(kind):
    from places.communes.directory import CORRECTION_LABELS as ADDRESS_LABELS

    return CORRECTION_LABELS.get(kind) or ADDRESS_LABELS.get(kind, kind)


# Choices staff make for a probable duplicate.
ATTACH = "attach"
CREATE_NEW = "create"
SKIP = "skip"


@dataclass
class RowResult:
    line: int
    key: str
    name: str
    outcome: str = ""
    reasons: list = field(default_factory=list)  # why rejected
    corrections: list = field(default_factory=list)  # [kind, message]
    notes: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # [field label, old, new]
    candidates: list = field(default_factory=list)  # places this row may duplicate
    decision: str = ""  # "attach:<place id>", "create" or "skip", when staff chose
    slug: str = ""
    place_id: int | None = None


@dataclass
class Report:
    file_format: str
    dry_run: bool
    skip_invalid: bool
    dataset: str = ""
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    applied: bool = False

    @property
    def counts(self):
        found = Counter(row.outcome for row in self.rows)
        return {outcome: found.get(outcome, 0) for outcome in OUTCOME_LABELS}

    def labelled_counts(self):
        """[(label, count)] in the tense of the moment: "à créer" before, "créés" after."""
        tense = 1 if self.applied else 0
        counts = self.counts
        return [(labels[tense], counts[outcome]) for outcome, labels in OUTCOME_LABELS.items()]

    @property
    def rejected(self):
        return [row for row in self.rows if row.outcome == REJECTED]

    @property
    def duplicates(self):
        return [row for row in self.rows if row.outcome == DUPLICATE]

    @property
    def refused(self):
        """The whole file is refused: a file error, or a bad row without `skip_invalid`."""
        return bool(self.file_errors) or (bool(self.rejected) and not self.skip_invalid)

    @property
    def changes_nothing(self):
        counts = self.counts
        return not self.file_errors and not (counts[CREATE] or counts[UPDATE])

    @property
    def corrections(self):
        return [(row, kind, message) for row in self.rows for kind, message in row.corrections]

    def correction_counts(self):
        return Counter(kind for _row, kind, _message in self.corrections)

    def signature(self):
        """What confirming would do; a confirmation checks it has not changed since."""
        return [[row.line, row.outcome, row.slug, row.changes] for row in self.rows]

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        rows = [RowResult(**row) for row in data.get("rows", [])]
        return cls(**{**data, "rows": rows})

    def summary(self):
        if self.applied and self.changes_nothing:
            return _("aucun changement, le fichier correspond déjà aux lieux du site")
        return ", ".join(f"{count} {label}" for label, count in self.labelled_counts() if count)
