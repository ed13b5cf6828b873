"""Reading the API's answers in tests."""


def results(response):
    assert response.status_code == 200, response.content[:500]
    return response.json()["resultats"]
