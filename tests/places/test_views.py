import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from places.models import PlaceKind
from tests import factories, images

pytestmark = pytest.mark.django_db

LIST_URL = reverse("places:list")


@pytest.fixture
def caen_places():
    workshop = factories.kind(name="Atelier partagé test", slug="atelier-test")
    coworking = factories.kind(name="Coworking test", slug="coworking-test")
    wood = factories.service(name="Machines à bois", slug="machines-a-bois")
    atelier = factories.place(
        name="L'atelier normand",
        slug="l-atelier-normand",
        commune_name="Carpiquet",
        kinds=[workshop],
        services=[wood],
        year_opened=2017,
    )
    wip = factories.place(
        name="Le WIP",
        slug="le-wip",
        commune_name="Colombelles",
        kinds=[coworking],
        year_opened=2019,
    )
    paris = factories.place(
        name="Anticafé", commune_name="Paris", department=factories.department("75")
    )
    return {"atelier": atelier, "wip": wip, "paris": paris}


def names(response):
    return [place.name for place in response.context_data["places"]]


def test_home_page_presents_the_site_and_links_to_places(client, caen_places):
    response = client.get(reverse("home"))
    assertContains(response, "<h1>Les tiers-lieux en France</h1>", html=True)
    assertContains(response, LIST_URL)
    assert response.context_data["place_count"] == 3
    assert response.context_data["department_count"] == 2


@pytest.mark.parametrize("extra", [0, 30])
def test_home_page_query_count_does_not_grow_with_places(
    client, caen_places, django_assert_num_queries, extra
):
    for number in range(extra):
        factories.place(department=factories.department("33" if number % 2 else "69"))
    # 1. published places and their departments, from the tally; 2. published programmes;
    # 3. the national series of tiers-lieux.
    with django_assert_num_queries(3):
        response = client.get(reverse("home"))
    assert response.context_data["place_count"] == 3 + extra
    assert response.context_data["department_count"] == 2 + (2 if extra else 0)


def test_list_shows_published_places_with_their_count(client, caen_places):
    factories.draft_place(name="Projet secret")
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assertContains(response, "3 lieux")
    assertContains(response, "L&#x27;atelier normand")
    assertNotContains(response, "Projet secret")


@pytest.mark.parametrize("query", ["colombelles", "COLOMBELLES", "Colombèlles", " wip "])
def test_search_ignores_case_and_accents(client, caen_places, query):
    response = client.get(LIST_URL, {"q": query})
    assert names(response) == ["Le WIP"]


def test_search_matches_every_word_even_across_an_apostrophe(client, caen_places):
    assert names(client.get(LIST_URL, {"q": "atelier normand"})) == ["L'atelier normand"]
    assert names(client.get(LIST_URL, {"q": "l'atelier"})) == ["L'atelier normand"]
    assert names(client.get(LIST_URL, {"q": "atelier paris"})) == []


def test_filters_by_kind_region_department_and_service(client, caen_places):
    assert names(client.get(LIST_URL, {"type": "coworking-test"})) == ["Le WIP"]
    assert names(client.get(LIST_URL, {"region": "11"})) == ["Anticafé"]
    assert names(client.get(LIST_URL, {"departement": "14"})) == [
        "L'atelier normand",
        "Le WIP",
    ]
    assert names(client.get(LIST_URL, {"service": "machines-a-bois"})) == ["L'atelier normand"]
    assert names(client.get(LIST_URL, {"region": "28", "type": "atelier-test"})) == [
        "L'atelier normand"
    ]


def test_sorts_by_name_opening_year_and_recency(client, caen_places):
    assert names(client.get(LIST_URL)) == ["Anticafé", "L'atelier normand", "Le WIP"]
    assert names(client.get(LIST_URL, {"tri": "ouverture"})) == [
        "Le WIP",
        "L'atelier normand",
        "Anticafé",
    ]
    assert names(client.get(LIST_URL, {"tri": "recent"}))[0] == "Anticafé"


def test_empty_state_says_nothing_matched(client, caen_places):
    response = client.get(LIST_URL, {"q": "zzzz"})
    assert response.status_code == 200
    assertContains(response, "Aucun lieu ne correspond à ces critères.")
    assertContains(response, "affichez tous les lieux")


def test_pagination_keeps_the_filters(client):
    for number in range(25):
        factories.place(name=f"Coworking {number:02d}", commune_name="Caen")
    response = client.get(LIST_URL, {"q": "caen"})
    assertContains(response, "25 lieux")
    assert len(response.context_data["places"]) == 20
    assertContains(response, "?q=caen&amp;page=2")
    second = client.get(LIST_URL, {"q": "caen", "page": 2})
    assert names(second) == [f"Coworking {number}" for number in range(20, 25)]
    assertContains(second, "?q=caen&amp;page=1")


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"departement": "999"}, 400, "Sélectionnez un choix valide"),
        ({"region": "<script>"}, 400, "Sélectionnez un choix valide"),
        ({"type": "inconnu"}, 400, "Sélectionnez un choix valide"),
        ({"tri": "prix"}, 400, "Sélectionnez un choix valide"),
        ({"q": "x" * 10_240}, 400, "au plus 200 caractères"),
        ({"page": "999"}, 404, "Page introuvable"),
        ({"page": "abc"}, 404, "Page introuvable"),
        ({"q": "\x00"}, 400, "caractère nul"),
    ],
)
def test_nonsense_filters_give_a_french_message_never_a_500(
    client, caen_places, params, status, message
):
    response = client.get(LIST_URL, params)
    assert response.status_code == status
    assertContains(response, message, status_code=status)


def test_detail_shows_everything_known_about_a_place(client):
    source = factories.source(title="Article d'août 2021", publisher="Radio France")
    place = factories.place(
        name="Le WIP",
        summary="Coworking sur l'ancien site de la SMN.",
        street_address="Rue de la SMN",
        postcode="14460",
        commune_name="Colombelles",
        commune_code="14167",
        latitude="49.1923892",
        longitude="-0.3074549",
        surface_m2=800,
        year_opened=2019,
        history="Installé sur l'ancien site de la SMN.",
        website="https://example.org/wip",
        kinds=[PlaceKind.objects.get(slug="coworking")],
        services=[factories.service(name="Bureaux partagés")],
        sources=[source],
    )
    factories.place_photo(place, caption="Le WIP vu de la rue")
    response = client.get(place.get_absolute_url())
    assert response.status_code == 200
    for text in [
        "<h1>Le WIP</h1>",
        "Coworking",
        "14460 Colombelles",
        "Calvados (14), Normandie",
        "800 m²",
        "2019",
        "Installé sur l&#x27;ancien site de la SMN.",
        "Bureaux partagés",
        "https://example.org/wip",
        "https://www.openstreetmap.org/?mlat=49.1923892&amp;mlon=-0.3074549",
        "<figcaption>Le WIP vu de la rue",
        "© Radio France - Elodie Touchais",
        "Article d&#x27;août 2021",
    ]:
        assertContains(response, text)
    assert response.content.decode().count("<h1") == 1


def test_photo_without_file_is_a_captioned_placeholder(client):
    place = factories.place()
    factories.place_photo(place, caption="Une légende sans fichier")
    response = client.get(place.get_absolute_url())
    assertContains(response, "photo__placeholder")
    assertContains(response, "Une légende sans fichier")
    assertNotContains(response, "<img")


def _covered_places():
    """A place whose first photo has no file (its cover is the next one), and a place whose
    only photo has none (no cover)."""
    covered = factories.place(name="Atelier couvert")
    factories.place_photo(covered, order=1, caption="Référencée seulement")
    second = factories.place_photo(
        covered, order=2, image=images.upload(images.jpeg(64, 48)), alt_text="Deuxième photo"
    )
    factories.place_photo(
        covered, order=3, image=images.upload(images.jpeg(64, 48)), alt_text="Troisième photo"
    )
    bare = factories.place(name="Atelier sans photo")
    factories.place_photo(bare, order=1, caption="Sans fichier non plus")
    return covered, second, bare


def test_a_card_shows_the_first_photo_with_a_file(client):
    _covered_places()
    page = client.get(LIST_URL).content.decode()
    assert page.count("<picture>") == 1
    assert "Deuxième photo" in page
    assert "Troisième photo" not in page and "Référencée seulement" not in page


def test_the_admin_list_shows_the_same_cover(admin_client):
    covered, second, bare = _covered_places()
    response = admin_client.get(reverse("admin:places_place_changelist"))
    covers = {place.pk: place.cover_photos for place in response.context["cl"].result_list}
    assert covers == {covered.pk: [second], bare.pk: []}


def test_approximate_opening_year_says_so(client):
    place = factories.place(year_opened=2017, year_opened_is_approximate=True)
    assertContains(client.get(place.get_absolute_url()), "vers 2017")


def test_drafts_are_404_for_the_public_and_previewable_by_editors(client, editor):
    draft = factories.draft_place(name="Lieu en préparation")
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    assertContains(response, "Page introuvable", status_code=404)

    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assertContains(response, "Lieu en préparation")
    assertContains(response, "Brouillon")


def test_staff_without_change_permission_cannot_preview_drafts(client):
    draft = factories.draft_place()
    client.force_login(factories.user(is_staff=True))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_unknown_place_is_a_french_404(client):
    response = client.get(reverse("places:detail", kwargs={"slug": "nulle-part"}))
    assertContains(response, "Page introuvable", status_code=404)


def _populate(count, photos_per_place=3, kinds_per_place=2):
    kinds = [factories.kind() for _number in range(kinds_per_place)]
    picture = images.jpeg(64, 48)
    for _number in range(count):
        place = factories.place(
            name=f"Coworking {_number}",
            commune_name="Caen",
            commune_code="14118",
            kinds=kinds,
            services=[factories.service()],
        )
        for _photo in range(photos_per_place):
            factories.place_photo(
                place, image=images.upload(picture), alt_text="Une façade en briques"
            )
        factories.place_photo(place)
    return kinds


@pytest.mark.parametrize(("rows", "photos_per_place", "kinds"), [(3, 1, 1), (30, 3, 4)])
@pytest.mark.parametrize(
    ("params", "queries"),
    [
        ({}, 4),  # the number of places from the tally, the page without counting
        ({"tri": "recent"}, 4),
        ({"departement": "14"}, 3),
        ({"q": "coworking caen"}, 3),
        ({"q": "cowroking"}, 3),  # a typo: the same query finds it
        ({"type": "kind", "region": "28", "service": "", "tri": "ouverture"}, 3),
        ({"statut": "tous"}, 3),  # closed places included: no query of its own
        ({"commune": "14118", "tri": "recent"}, 4),
    ],
)
def test_list_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, rows, photos_per_place, kinds, params, queries
):
    # Pinned to prevent N+1 queries, whatever the rows, kinds and photos:
    # 1. the options of the four select filters, one UNION query (a chosen type, region,
    #    department or service is checked against them);
    # 2. the page's places, with the number of places as a subquery (kinds are the place's
    #    own copy, departments joined; the search is part of this query);
    # 3. the first photo of each place of the page;
    # and with a commune filter, 4. the communes it designates. Unfiltered, the number of
    # places is read from the tally (places.tally): a query of its own, which does not grow.
    chosen = _populate(rows, photos_per_place, kinds)
    if "type" in params:
        params = {**params, "type": chosen[0].slug}
    with django_assert_num_queries(queries):
        response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert response.content.decode().count("<picture>") == min(rows, 20)
    assert f"{rows} lieux" in response.content.decode()


@pytest.mark.parametrize(("photos", "others"), [(1, 1), (8, 4)])
def test_detail_query_count_does_not_grow_with_photos(
    client, django_assert_num_queries, photos, others
):
    # Pinned to prevent N+1 queries, whatever the kinds, services, photos, sources, labels,
    # awards and visits: 1. the place, its department and region joined (kinds, services and
    # the labels of its timeline are its own copies); 2. its photos; 3. its sources; 4. its
    # provenances with their datasets; 5. its awards with their programmes (the funding app's
    # section); 6. the visits where it was visited (the visits app's section).
    place = factories.place(
        kinds=[factories.kind() for _number in range(others)],
        services=[factories.service() for _number in range(others)],
        sources=[factories.source() for _number in range(others)],
    )
    picture = images.jpeg(64, 48)
    for _number in range(photos):
        factories.place_photo(place, image=images.upload(picture), alt_text="Une façade")
        factories.place_photo(place)
    programme = factories.programme(lines=[("A", 1)])
    for _number in range(others):
        factories.award(programme.lines.get(), place)
        factories.stop(factories.visit(), place=place)
        factories.provenance(place)
        factories.place_label(place)
    with django_assert_num_queries(6):
        response = client.get(place.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<picture>") == photos
    assert all(kind.name in page for kind in place.kinds.all())
    assert all(service.name in page for service in place.services.all())
    assert all(f"Label « {held.label.name} » obtenu" in page for held in place.labels.all())


@pytest.mark.django_db
def test_filter_options_are_escaped_and_a_chosen_one_filters(client):
    odd = factories.kind(name='Atelier <bois> & "co"', slug="atelier-bois")
    factories.place(name="Lieu à outils", kinds=[odd], department=factories.department("14"))
    factories.place(name="Lieu sans outils", department=factories.department("14"))

    page = client.get(reverse("places:list")).content.decode()
    assert '<option value="atelier-bois">Atelier &lt;bois&gt; &amp; &quot;co&quot;</option>' in page
    assert '<option value="14">Calvados (14)</option>' in page

    chosen = client.get(reverse("places:list"), {"type": "atelier-bois"}).content.decode()
    assert '<option value="atelier-bois" selected>' in chosen
    assert "Lieu à outils" in chosen
    assert "Lieu sans outils" not in chosen
