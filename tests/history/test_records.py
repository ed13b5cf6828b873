"""Every way content changes leaves an entry: who, when, how, and the values."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains

from content.models import Source, Status
from funding.models import ProgrammeLine
from history.context import how
from places.imports.service import run
from places.merging import merge_places
from places.models import Place
from tests import factories
from visits.models import Stop

pytestmark = pytest.mark.django_db

EXCERPT = Path(__file__).parent.parent / "places" / "data" / "cget-excerpt.csv"


def entries(obj):
    return list(obj.revisions.order_by("history_date", "history_id"))


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def place_form(place, **changes):
    """The place's change form as the admin posts it (no inline rows)."""
    data = {
        "name": place.name,
        "slug": place.slug,
        "status": place.status,
        "published_at_0": place.published_at.strftime("%d/%m/%Y") if place.published_at else "",
        "published_at_1": place.published_at.strftime("%H:%M:%S") if place.published_at else "",
        "department": place.department_id,
        "sources": [s.pk for s in place.sources.all()],
        "lifecycle": place.lifecycle,
        "opened_on_precision": place.opened_on_precision,
        "closed_on_precision": place.closed_on_precision,
        "labels-TOTAL_FORMS": 0,
        "labels-INITIAL_FORMS": 0,
        "photos-TOTAL_FORMS": 0,
        "photos-INITIAL_FORMS": 0,
        "awards-TOTAL_FORMS": 0,
        "awards-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def test_creating_and_changing_through_code_record_values_and_type():
    place = factories.place(name="Avant", sources=[factories.source()])
    place.name = "Après"
    place.save()
    created, changed = entries(place)[:1] + entries(place)[-1:]
    assert created.history_type == "+"
    assert changed.history_type == "~"
    delta = changed.diff_against(changed.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("name", "Avant", "Après")]


def test_derived_columns_are_not_recorded():
    place = factories.place()
    fields = {f.name for f in place.revisions.model._meta.fields}
    assert "name" in fields
    assert not fields & {"search_text", "search_vector", "kind_labels", "updated_at"}


def test_admin_form_change_names_the_editor_and_the_form(client, editor):
    place = factories.place(name="Le Hangar", sources=[factories.source()])
    client.force_login(editor)
    response = client.post(change_url(place), place_form(place, name="Le Grand Hangar"))
    assert response.status_code == 302, response.content.decode()[:2000]
    last = place.revisions.latest("history_date")
    assert last.history_user == editor
    assert last.history_change_reason == "formulaire d'administration"
    assert last.name == "Le Grand Hangar"


def test_admin_history_page_shows_old_and_new_values(admin_client):
    place = factories.place(name="Ancien nom", sources=[factories.source()])
    place.name = "Nouveau nom"
    place.save()
    opts = Place._meta
    response = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[place.pk])
    )
    assertContains(response, "Ancien nom")
    assertContains(response, "Nouveau nom")
    assertContains(response, "Changements (avant → après)")


def test_restoring_a_version_from_the_admin(admin_client, admin_user):
    place = factories.place(name="Nom d'origine", sources=[factories.source()])
    first = place.revisions.earliest("history_date")
    place.name = "Nom abîmé"
    place.save()
    opts = Place._meta
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[place.pk, first.history_id],
    )
    page = admin_client.get(url)
    assertContains(page, "Nom d&#x27;origine")
    response = admin_client.post(
        url, place_form(Place.objects.get(pk=place.pk), name="Nom d'origine")
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.name == "Nom d'origine"
    last = place.revisions.latest("history_date")
    assert last.history_user == admin_user
    assert last.history_change_reason.startswith("restauration de la version du ")


def test_publish_and_unpublish_actions_record_one_entry_per_row(admin_client, admin_user):
    sources = [factories.source()]
    drafts = [factories.draft_place(sources=sources) for _ in range(3)]
    refused = factories.draft_place()  # no source: stays a draft, no entry
    before = {p.pk: p.revisions.count() for p in [*drafts, refused]}
    response = admin_client.post(
        changelist_url(Place),
        {"action": "publish", "_selected_action": [p.pk for p in [*drafts, refused]]},
    )
    assert response.status_code == 302
    for place in drafts:
        assert place.revisions.count() == before[place.pk] + 1
        last = place.revisions.latest("history_date")
        assert last.status == Status.PUBLISHED
        assert last.history_user == admin_user
        assert last.history_change_reason == "publication · action « Publier la sélection »"
    assert refused.revisions.count() == before[refused.pk]

    admin_client.post(
        changelist_url(Place),
        {"action": "unpublish", "_selected_action": [drafts[0].pk]},
    )
    last = drafts[0].revisions.latest("history_date")
    assert last.status == Status.DRAFT
    assert last.history_change_reason.startswith("retour en brouillon · action « ")


def test_deleting_through_the_admin_is_recorded(admin_client, admin_user):
    source = factories.source(title="Une source à supprimer")
    response = admin_client.post(
        reverse("admin:content_source_delete", args=[source.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    gone = Source.revisions.model.objects.get(id=source.pk, history_type="-")
    assert gone.history_user == admin_user
    assert gone.history_change_reason == "suppression depuis l'administration"
    assert gone.title == "Une source à supprimer"


def test_visit_parts_programme_lines_and_photos_are_recorded():
    visit = factories.visit()
    place = factories.place()
    stop = factories.stop(visit, place=place)
    line = factories.programme(lines=[("Ligne", "1000")]).lines.get()
    photo = factories.place_photo(place, caption="Légende")
    photo.caption = "Nouvelle légende"
    photo.save()
    assert Stop.revisions.filter(id=stop.pk, history_type="+").exists()
    assert ProgrammeLine.revisions.filter(id=line.pk).exists()
    assert [r.caption for r in entries(photo)] == ["Légende", "Nouvelle légende"]


def test_import_records_one_entry_per_created_or_changed_place_naming_the_dataset():
    text = EXCERPT.read_text("utf-8")
    report = run(text.encode("utf-8"), "cget.csv", file_format="cget", skip_invalid=True)
    created = Place.objects.filter(provenances__isnull=False).distinct()
    assert created.count() == report.counts["create"]
    history = Place.revisions.model.objects
    assert history.count() == created.count()
    reasons = set(history.values_list("history_change_reason", flat=True))
    assert len(reasons) == 1
    (reason,) = reasons
    assert reason.startswith("import du jeu de données « ")
    dataset_title = created.first().provenances.get().dataset.title
    assert dataset_title in reason

    # The same file again changes nothing: no new entry.
    run(text.encode("utf-8"), "cget.csv", file_format="cget", skip_invalid=True)
    assert history.count() == created.count()

    # One changed row: one new entry, for that place only.
    first_row = text.splitlines()[1]
    changed = text.replace(first_row, first_row.replace("ADE Coworking", "ADE Coworking Nantes"))
    run(changed.encode("utf-8"), "cget.csv", file_format="cget", skip_invalid=True)
    assert history.count() == created.count() + 1
    last = history.latest("history_date")
    assert last.history_type == "~"
    assert last.name == "ADE Coworking Nantes"


def test_merge_records_the_kept_place_the_removed_one_and_moved_rows(admin_user):
    keep = factories.place(name="Dot Parade")
    remove = factories.place(name="Dot Parade Nantes")
    photo = factories.place_photo(remove)
    merge_places(keep, remove, user=admin_user)
    gone = Place.revisions.model.objects.get(id=remove.pk, history_type="-")
    assert gone.history_change_reason == "fusion de doublons"
    assert keep.revisions.latest("history_date").history_change_reason == "fusion de doublons"
    moved = photo.revisions.latest("history_date")
    assert moved.place_id == keep.pk


def test_commands_name_themselves_and_contexts_nest():
    with how("commande « load_demo »"):
        call_command("load_demo", stdout=io.StringIO())
    atelier = Place.objects.get(slug="l-atelier-normand")
    assert atelier.revisions.earliest("history_date").history_change_reason == (
        "commande « load_demo »"
    )
    with how("dehors"), how("dedans"):
        source = factories.source()
    assert source.revisions.get().history_change_reason == "dedans · dehors"


def test_history_survives_deleting_the_user(admin_user):
    source = factories.source()
    source.title = "Changée"
    source._history_user = admin_user
    source.save()
    admin_user.delete()
    assert source.revisions.latest("history_date").history_user is None
    assert source.revisions.count() == 2


def test_dates_are_kept_to_their_precision_in_the_history():
    programme = factories.programme()
    programme.announced_on = datetime.date(2021, 8, 1)
    programme.announced_on_precision = "month"
    programme.save()
    last = programme.revisions.latest("history_date")
    assert (last.announced_on, last.announced_on_precision) == (datetime.date(2021, 8, 1), "month")


def test_history_page_shows_values_as_editors_read_them(admin_client):
    place = factories.draft_place(sources=[factories.source()], surface_m2=None)
    place.publish()
    place.surface_m2 = 800
    place.save()
    response = admin_client.get(reverse("admin:places_place_history", args=[place.pk]))
    content = response.content.decode()
    assert "brouillon" in content and "publié" in content
    assert "(vide)" in content and "800" in content
    assert "None" not in content.split('id="change-history"')[1].split("</table>")[0]


def test_labels_a_place_obtains_are_recorded():
    from places.models import Label, PlaceLabel

    label = Label.objects.create(name="Fabrique de territoire", slug="fabrique-de-territoire")
    place = factories.place()
    with how("formulaire d'administration"):
        obtained = PlaceLabel.objects.create(
            place=place,
            label=label,
            obtained_on=datetime.date(2021, 1, 1),
            obtained_on_precision="year",
        )
    entry = PlaceLabel.revisions.get(id=obtained.pk)
    assert (entry.history_type, entry.history_change_reason) == ("+", "formulaire d'administration")
    assert Label.revisions.filter(id=label.pk, history_type="+").exists()
