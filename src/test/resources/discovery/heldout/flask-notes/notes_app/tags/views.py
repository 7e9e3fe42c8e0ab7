from collections import Counter

from flask import Blueprint, jsonify

from .. import store

bp = Blueprint("tags", __name__, url_prefix="/tags")


@bp.get("/")
def list_tags():
    counts = Counter(t for n in store.NOTES.values() for t in n.get("tags", []))
    return jsonify(dict(counts))


@bp.route("/<name>/notes", methods=("GET",))
def notes_for_tag(name):
    return jsonify(store.notes_with_tag(name))
