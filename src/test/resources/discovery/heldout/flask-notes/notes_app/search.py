"""Pushes notes to the search cluster. Outbound HTTP only."""
import logging

import requests
from flask import current_app

log = logging.getLogger(__name__)


def index_note(note):
    url = f"{current_app.config['SEARCH_URL']}/notes/_doc/{note['id']}"
    try:
        requests.put(url, json=note, timeout=2)
    except requests.RequestException:
        log.warning("could not index note %s", note["id"])


def search(query):
    resp = requests.get(
        current_app.config["SEARCH_URL"] + "/notes/_search",
        params={"q": query},
        timeout=2,
    )
    resp.raise_for_status()
    return resp.json()
