"""Posting an admin export action and reading the file back, for every app's export tests."""

import csv
import io

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


def export(client, changelist, action, data, query=""):
    response = client.post(f"{changelist}{query}", {"action": action, "index": "0", **data})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].startswith("attachment;")
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.getvalue()


def csv_rows(content):
    assert content.startswith(b"\xef\xbb\xbf")  # BOM: French Excel then reads UTF-8
    text = content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def select_all(model):
    """What the browser posts after "select all N": the shown page's ids and select_across."""
    return {
        "select_across": "1",
        "_selected_action": list(model.objects.values_list("pk", flat=True)[:100]),
    }
