import html
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from funding.demo import PROGRAMME_SLUG
from funding.models import Programme

pytestmark = pytest.mark.django_db
M = Decimal(1_000_000)


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def visible_text(response):
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def test_demo_envelope_carries_the_article_amounts_exactly(demo):
    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    assert programme.total_amount == 130 * M
    assert [(line.name, line.amount) for line in programme.lines.order_by("order")] == [
        ("Manufactures de proximité", 30 * M),
        ("Formation professionnelle dans les tiers-lieux", 50 * M),
        ("Missions de service civique dans les tiers-lieux", 20 * M),
        ("Conseillers numériques dans les tiers-lieux", 15 * M),
        ("Renforcement du maillage national et territorial", 4 * M),
    ]
    civic = programme.lines.get(order=3)
    assert (civic.target_quantity, civic.target_unit) == (3000, "missions de service civique")
    (funding,) = programme.fundings.select_related("funder")
    assert (funding.funder.name, funding.amount) == ("France Relance", 75 * M)
    assert programme.lines_total == 119 * M
    assert programme.unallocated == 11 * M
    assert str(programme.announced) == "août 2021"


def test_demo_programme_page_shows_what_the_issue_promises(client, demo):
    response = client.get(reverse("funding:detail", kwargs={"slug": PROGRAMME_SLUG}))
    page = visible_text(response)
    assert response.status_code == 200
    for expected in [
        "130 M€",
        "France Relance 75 000 000 €",
        "Manufactures de proximité 30 000 000 €",
        "Formation professionnelle dans les tiers-lieux 50 000 000 €",
        "3 000 missions de service civique",
        "Conseillers numériques dans les tiers-lieux 15 000 000 €",
        "Renforcement du maillage national et territorial 4 000 000 €",
        "11 M€ des 130 M€ annoncés ne sont pas détaillés dans l'annonce",
        "Le 1er ministre a visité 2 espaces de travail partagés",
    ]:
        assert expected in page, expected


def test_demo_figures(client, demo):
    page = visible_text(client.get(reverse("figures")))
    assert "2018 1 800 constaté" in page
    assert "2021 2 500 constaté" in page
    assert "2022 3 500 objectif" in page
    home = visible_text(client.get(reverse("home")))
    assert "2 500 tiers-lieux en France en 2021" in home
    assert "3 500 visés par l'objectif pour 2022" in home
