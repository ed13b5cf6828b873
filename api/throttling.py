"""At most so many API requests a minute per client address (settings.REST_FRAMEWORK)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from pages.throttle import client_address


class AddressRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, counting by the address the contact form's limit uses.

    DRF would read X-Forwarded-For itself, whose first address the client chooses; the site's
    own rule (settings.CLIENT_IP_HEADER) takes the one the reverse proxy added.
    """

    def get_rate(self):
        # Read at each request rather than once at import, so that a changed setting applies.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_ident(self, request):
        return client_address(request)


PERIODS = {"s": "seconde", "m": "minute", "h": "heure", "d": "jour"}


def rate_text():
    """« 60 requêtes par minute », from the setting, for /donnees/."""
    rate = api_settings.DEFAULT_THROTTLE_RATES.get(AddressRateThrottle.scope)
    if not rate:
        return "sans limite"
    number, period = rate.split("/")
    requests = "requête" if int(number) == 1 else "requêtes"
    return f"{number} {requests} par {PERIODS[period[0]]}"
