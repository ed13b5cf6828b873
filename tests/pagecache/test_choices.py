"""The options of the list filters come from the cache, the same as built, and stay checked."""

import re

import pytest

from tests.pagecache.conftest import Urls, text

# The list, its select filters whose options come from the database, the queries that read
# them (the places' four come from one UNION query, places.filter_options), and a second
# address of the same list (another search) that must not read them again.
LISTS = [
    (Urls.PLACES, ["type", "region", "departement", "service"], 1),
    (Urls.PROGRAMMES, ["financeur", "annee"], 2),
    (Urls.VISITS, ["annee", "region", "departement", "fonction"], 4),
    (Urls.MAP, ["type", "region", "departement", "service"], 1),
]


def selects(response):
    """Each select of the filter form, as its HTML."""
    return re.findall(r'<select name="([a-z]+)".*?</select>', response.content.decode(), re.S)


def options(response, name):
    match = re.search(rf'<select name="{name}".*?</select>', response.content.decode(), re.S)
    return re.findall(r"<option[^>]*>[^<]*</option>", match.group(0))


@pytest.mark.parametrize(("url", "names", "reads"), LISTS)
def test_options_are_read_once_per_content_version(
    world, client, settings, assert_queries_with_cache, url, names, reads
):
    settings.PAGECACHE_ENABLED = False
    with assert_queries_with_cache(None) as uncached:
        plain = client.get(url, {"q": "tiers"})
    settings.PAGECACHE_ENABLED = True
    client.get(url, {"q": "premier"})
    # Another address of the same list: built again, but its options come from the cache.
    with assert_queries_with_cache(len(uncached) - reads):
        cached = client.get(url, {"q": "tiers"})
    assert cached["X-Page-Cache"] == "miss"
    for name in names:
        assert options(cached, name) == options(plain, name)
        assert len(options(cached, name)) > 1


def test_a_chosen_option_is_still_selected_and_checked(world, client):
    client.get(Urls.PLACES)
    response = client.get(Urls.PLACES, {"departement": "14"})
    assert '<option value="14" selected>' in response.content.decode()
    wrong = client.get(Urls.PLACES, {"departement": "999"})
    assert wrong.status_code == 400
    assert "Sélectionnez un choix valide" in text(wrong)


def test_options_follow_the_content(world, client, django_capture_on_commit_callbacks):
    assert "Tiers-lieu nourricier" in " ".join(options(client.get(Urls.PLACES), "type"))
    with django_capture_on_commit_callbacks(execute=True):
        world.kind.name = "Ferme urbaine"
        world.kind.save()
    labels = " ".join(options(client.get(Urls.PLACES, {"q": "x"}), "type"))
    assert "Ferme urbaine" in labels
    assert "Tiers-lieu nourricier" not in labels
