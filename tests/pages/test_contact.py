"""The contact form: stored messages, French errors, honeypot, limit per address, the admin."""

import pytest
from django.core.cache import cache
from pytest_django.asserts import assertContains, assertNotContains

from pages import throttle
from pages.models import ContactMessage
from tests.page_head import read_head

pytestmark = pytest.mark.django_db
VALID = {
    "name": "Camille Martin",
    "email": "camille@example.org",
    "subject": "correction",
    "message": "L'adresse du WIP a changé.",
    "website": "",
}


@pytest.fixture(autouse=True)
def _empty_cache():
    # The limit counts in the cache: each test starts with none sent.
    cache.clear()
    yield
    cache.clear()


def test_the_form_is_french_labelled_and_its_honeypot_is_hidden_from_everyone(client):
    response = client.get("/contact/")
    assert response.status_code == 200
    for text in [
        '<label for="id_name">Votre nom\u00a0:</label>',
        '<label for="id_email">Votre adresse électronique\u00a0:</label>',
        'autocomplete="email"',
        'autocomplete="name"',
        '<option value="" selected>Choisissez l&#x27;objet de votre message</option>',
        '<option value="accessibilite">Signaler un problème d&#x27;accessibilité</option>',
        'aria-describedby="id_email_helptext"',
        "Tous les champs sont obligatoires.",
        '<button type="submit">Envoyer le message</button>',
    ]:
        assertContains(response, text)
    html = response.content.decode()
    honeypot = html.split('<div class="visually-hidden" aria-hidden="true">')[1].split("</div>")[0]
    assert '<label for="id_website">Ne pas remplir ce champ\u00a0:</label>' in honeypot
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot


def test_a_valid_message_is_stored_and_the_visitor_sees_a_french_confirmation(client):
    response = client.post("/contact/", VALID)
    assert response.status_code == 302
    assert response["Location"] == "/contact/envoye/"
    message = ContactMessage.objects.get()
    assert (message.name, message.email, message.subject) == (
        "Camille Martin",
        "camille@example.org",
        "correction",
    )
    assert message.handled is False
    confirmation = client.get(response["Location"])
    assertContains(confirmation, "Merci, votre message a bien été envoyé.")
    assert read_head(confirmation).meta["robots"] == "noindex"


def test_a_filled_honeypot_is_dropped_silently_with_the_same_answer(client):
    response = client.post("/contact/", {**VALID, "website": "https://spam.example"})
    assert response.status_code == 302
    assert response["Location"] == "/contact/envoye/"
    assert not ContactMessage.objects.exists()


def test_errors_are_french_summarised_and_tied_to_their_fields(client):
    response = client.post("/contact/", {"email": "pas-une-adresse", "subject": "inconnu"})
    assert response.status_code == 200
    assert not ContactMessage.objects.exists()
    for text in [
        "Indiquez votre nom.",
        "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.",
        "Choisissez l&#x27;objet de votre message dans la liste.",
        "Écrivez votre message.",
        "Le message n'a pas été envoyé : 4 champs",
        '<a href="#id_name">Votre nom : Indiquez votre nom.</a>',
        '<p class="field-error" id="id_email_error">',
        'aria-invalid="true"',
        'aria-describedby="id_email_helptext id_email_error"',
        'value="pas-une-adresse"',
    ]:
        assertContains(response, text)
    assert read_head(response).title.startswith("Erreur : Contact")


def test_a_too_long_message_says_so_in_french(client):
    response = client.post("/contact/", {**VALID, "message": "x" * 5001})
    assertContains(
        response, "Votre message est trop long : 5000 caractères au plus (il en compte 5001)."
    )


def test_messages_are_kept_as_typed_and_shown_escaped(client, admin_client):
    hostile = "<script>alert('x')</script> <b>gras</b>"
    client.post("/contact/", {**VALID, "name": "<i>Camille</i>", "message": hostile})
    message = ContactMessage.objects.get()
    assert message.message == hostile
    page = admin_client.get(f"/admin/pages/contactmessage/{message.pk}/change/")
    assertContains(page, "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;")
    assertNotContains(page, "<script>alert")
    assertNotContains(page, "<i>Camille</i>")
    listing = admin_client.get("/admin/pages/contactmessage/")
    assertContains(listing, "&lt;i&gt;Camille&lt;/i&gt;")


def test_more_than_five_messages_an_hour_from_one_address_get_a_french_429(client):
    for number in range(throttle.MESSAGES_PER_WINDOW):
        assert client.post("/contact/", {**VALID, "name": f"Envoi {number}"}).status_code == 302
    response = client.post("/contact/", {**VALID, "message": "Sixième message, à garder."})
    assert response.status_code == 429
    assertContains(response, "Trop de messages envoyés", status_code=429)
    assertContains(response, "Réessayez\n    dans 60 minutes au plus.", status_code=429)
    assertContains(response, "Sixième message, à garder.", status_code=429)
    assert ContactMessage.objects.count() == throttle.MESSAGES_PER_WINDOW
    other = client.post("/contact/", VALID, REMOTE_ADDR="192.0.2.8")
    assert other.status_code == 302
    assert client.get("/contact/").status_code == 200  # reading the form is never limited


def test_robots_count_towards_the_limit_too(client):
    for _number in range(throttle.MESSAGES_PER_WINDOW):
        client.post("/contact/", {**VALID, "website": "spam"})
    assert client.post("/contact/", VALID).status_code == 429
    assert not ContactMessage.objects.exists()


def test_behind_a_proxy_the_limit_follows_the_header_it_sets(client, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    for _number in range(throttle.MESSAGES_PER_WINDOW):
        client.post("/contact/", VALID, headers={"x-forwarded-for": "198.51.100.1, 203.0.113.5"})
    limited = client.post("/contact/", VALID, headers={"x-forwarded-for": "203.0.113.5"})
    assert limited.status_code == 429
    # Same proxy, another client: not limited.
    assert (
        client.post("/contact/", VALID, headers={"x-forwarded-for": "203.0.113.9"}).status_code
        == 302
    )


def test_contact_query_counts(client, django_assert_num_queries):
    # Pinned: the page's introduction text.
    with django_assert_num_queries(1):
        assert client.get("/contact/").status_code == 200
    # Pinned: the message's INSERT; the limit is counted in the cache, not the database.
    with django_assert_num_queries(1):
        assert client.post("/contact/", VALID).status_code == 302
    with django_assert_num_queries(0):
        assert client.post("/contact/", {**VALID, "website": "x"}).status_code == 302
        assert client.get("/contact/envoye/").status_code == 200


# Admin


def test_staff_read_messages_tick_them_handled_and_never_write_them(editor_client, client):
    client.post("/contact/", VALID)
    message = ContactMessage.objects.get()
    listing = editor_client.get("/admin/pages/contactmessage/")
    assertContains(listing, "Camille Martin")
    assertNotContains(listing, "/admin/pages/contactmessage/add/")
    page = editor_client.get(f"/admin/pages/contactmessage/{message.pk}/change/")
    assertContains(page, 'href="mailto:camille@example.org?subject=Re%3A%20Corriger')
    assertContains(page, 'name="handled"')
    assertNotContains(page, 'name="message"')
    response = editor_client.post(
        f"/admin/pages/contactmessage/{message.pk}/change/",
        {"handled": "on", "message": "réécrit", "email": "autre@example.org"},
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.handled is True
    assert (message.message, message.email) == (VALID["message"], VALID["email"])


def test_marking_several_messages_handled_at_once(editor_client, client):
    for _number in range(2):
        client.post("/contact/", VALID)
    ids = list(ContactMessage.objects.values_list("pk", flat=True))
    response = editor_client.post(
        "/admin/pages/contactmessage/",
        {"action": "mark_handled", "_selected_action": ids},
        follow=True,
    )
    assertContains(response, "2 messages marqués comme traités.")
    assert not ContactMessage.objects.filter(handled=False).exists()
