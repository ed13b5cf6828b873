import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains

from funding.models import Award, Funder, Indicator, Programme, ProgrammeFunding, ProgrammeLine
from places.models import Place
from tests import factories

pytestmark = pytest.mark.django_db
M = 1_000_000


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.fixture
def content():
    funder = factories.funder(name="France Relance")
    programme = factories.programme(
        name="Enveloppe",
        total_amount=130 * M,
        lines=[("Manufactures", 30 * M)],
        fundings=[(funder, 75 * M)],
    )
    line = programme.lines.get()
    award = factories.award(line, factories.place(name="Atelier"))
    indicator = Indicator.objects.create(measure="Tiers-lieux en France", year=2021, value=2500)
    return {
        Funder: funder,
        Programme: programme,
        ProgrammeLine: line,
        Award: award,
        Indicator: indicator,
    }


@pytest.mark.parametrize("model", [Funder, Programme, ProgrammeLine, Award, Indicator])
@pytest.mark.parametrize("who", ["superuser", "editor"])
def test_changelist_and_change_form_open_for_superuser_and_editor(
    client, admin_user, editor, content, model, who
):
    client.force_login(admin_user if who == "superuser" else editor)
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200
    assert client.get(admin_url(model, "change", content[model].pk)).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 200


def test_programme_list_and_form_show_the_computed_totals(admin_client, content):
    response = admin_client.get(admin_url(Programme, "changelist"))
    assertContains(response, "130\u00a0000\u00a0000\u00a0€")
    assertContains(response, "100\u00a0000\u00a0000\u00a0€")  # not broken down
    response = admin_client.get(admin_url(Programme, "change", content[Programme].pk))
    assertContains(response, "Reste non réparti : 100\u00a0000\u00a0000\u00a0€")
    assertContains(response, "Part sans financeur identifié : 55\u00a0000\u00a0000\u00a0€")


def programme_form(programme, lines, fundings=()):
    data = {
        "name": programme.name,
        "slug": programme.slug,
        "announced_on": "01/08/2021",
        "announced_on_precision": "month",
        "total_amount": str(programme.total_amount),
        "status": "published",
        # Published content cites a source (content.editorial).
        "sources": [source.pk for source in programme.sources.all()] or [factories.source().pk],
        "published_at_0": "01/09/2021",
        "published_at_1": "10:00:00",
        "fundings-TOTAL_FORMS": str(len(fundings)),
        "fundings-INITIAL_FORMS": "0",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
    }
    for index, (order, name, amount) in enumerate(lines):
        data |= {
            f"lines-{index}-order": order,
            f"lines-{index}-name": name,
            f"lines-{index}-amount": amount,
        }
    for index, (funder, amount) in enumerate(fundings):
        data |= {f"fundings-{index}-funder": funder.pk, f"fundings-{index}-amount": amount}
    return data


def test_saving_lines_above_the_total_is_allowed_with_a_warning(admin_client):
    programme = factories.programme(name="Plan", total_amount=10 * M)
    response = admin_client.post(
        admin_url(Programme, "change", programme.pk),
        programme_form(programme, [(1, "A", 8 * M), (2, "B", 5 * M)]),
        follow=True,
    )
    assert response.status_code == 200
    assertContains(response, "les lignes totalisent 13\u00a0000\u00a0000\u00a0€")
    assertContains(response, "soit 3\u00a0000\u00a0000\u00a0€ de plus que le total annoncé")
    assert programme.lines.count() == 2


def test_saving_lines_within_the_total_gives_no_warning(admin_client):
    programme = factories.programme(name="Plan", total_amount=10 * M)
    response = admin_client.post(
        admin_url(Programme, "change", programme.pk),
        programme_form(programme, [(1, "A", 8 * M)]),
        follow=True,
    )
    assert "de plus que le total annoncé" not in response.content.decode()


def test_the_same_funder_twice_is_refused_with_a_french_message(admin_client):
    programme = factories.programme(name="Plan")
    funder = factories.funder()
    response = admin_client.post(
        admin_url(Programme, "change", programme.pk),
        programme_form(programme, [], fundings=[(funder, 1), (funder, 2)]),
    )
    assert response.status_code == 200
    assert not programme.fundings.exists()
    assertContains(response, "Corrigez les valeurs en double ci-dessous.")


def test_awards_are_editable_from_the_place(admin_client, content):
    place = Place.objects.get(name="Atelier")
    response = admin_client.get(admin_url(Place, "change", place.pk))
    assertContains(response, "Subventions reçues")
    assertContains(response, "Manufactures")


def test_awards_are_editable_from_the_line(admin_client, content):
    response = admin_client.get(admin_url(ProgrammeLine, "change", content[ProgrammeLine].pk))
    assertContains(response, "Atelier")


def test_editors_group_has_the_funding_permissions(editor):
    for model in [Funder, Programme, ProgrammeFunding, ProgrammeLine, Award, Indicator]:
        for action in ["add", "change", "delete", "view"]:
            assert editor.has_perm(f"funding.{action}_{model._meta.model_name}")


def test_load_demo_twice_changes_nothing_in_funding():
    def snapshot():
        return [
            list(model.objects.order_by("pk").values())
            for model in [Funder, Programme, ProgrammeFunding, ProgrammeLine, Indicator]
        ]

    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = snapshot()
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first
