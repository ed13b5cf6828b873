"""Editorial rules: what a place, programme, visit or photo must carry to be published.

Each app registers the rules of its models from its `AppConfig.ready()`. A rule is a condition
on the rows that break it, so one definition serves the publish action (`publish()` leaves
those rows as drafts), the admin's « Incomplet » filter and the checks of the demo; the admin
forms check the same rules on what the editor submitted, before anything is saved.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q

_RULES = {}


@dataclass(frozen=True)
class Rule:
    # A short key forms look rules up by ("sources", "lead", "photos"…).
    name: str
    # Returns the condition met by the rows that break the rule; called late, once models
    # are loaded, because it usually builds subqueries on other models.
    broken: Callable[[], Q]
    # French, names what is missing and what to do.
    message: str


def register(model, *rules):
    _RULES.setdefault(model, {}).update({rule.name: rule for rule in rules})


def rules_for(model):
    return list(_RULES.get(model, {}).values())


def rule(model, name):
    return _RULES.get(model, {}).get(name)


def incomplete_condition(model):
    """The rows of `model` breaking at least one rule, or None when it has no rules."""
    rules = rules_for(model)
    if not rules:
        return None
    return reduce(or_, (rule.broken() for rule in rules))


def incomplete(queryset):
    condition = incomplete_condition(queryset.model)
    return queryset.none() if condition is None else queryset.filter(condition)


def complete(queryset):
    condition = incomplete_condition(queryset.model)
    return queryset if condition is None else queryset.exclude(condition)


def refusals(queryset):
    """[(row, [messages])] for the rows of `queryset` breaking a rule: one query per rule."""
    rules = rules_for(queryset.model)
    if not rules:
        return []
    rows = list(incomplete(queryset))
    pks = [row.pk for row in rows]
    broken = {
        rule.name: set(
            queryset.model._default_manager.filter(pk__in=pks)
            .filter(rule.broken())
            .values_list("pk", flat=True)
        )
        for rule in rules
    }
    return [(row, [rule.message for rule in rules if row.pk in broken[rule.name]]) for row in rows]


def problems(row):
    """The messages of the rules a saved row breaks."""
    return next(
        (messages for _row, messages in refusals(type(row)._default_manager.filter(pk=row.pk))),
        [],
    )
