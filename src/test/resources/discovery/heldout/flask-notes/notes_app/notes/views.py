import os

from flask import Blueprint, abort, jsonify, request, send_from_directory

from .. import store
from ..search import index_note

bp = Blueprint("notes", __name__)

ATTACHMENTS_DIR = os.environ.get("ATTACHMENTS_DIR", "/var/lib/notes/attachments")


def _get_or_404(note_id):
    note = store.NOTES.get(note_id)
    if note is None:
        abort(404)
    return note


@bp.route("/", methods=["GET"])
def list_notes():
    return jsonify(list(store.NOTES.values()))


@bp.route("/", methods=["POST"])
def create_note():
    payload = request.get_json(force=True)
    note = {"id": store.next_id(), "title": payload["title"], "body": payload.get("body", "")}
    store.NOTES[note["id"]] = note
    index_note(note)
    return jsonify(note), 201


@bp.get("/<int:note_id>")
def get_note(note_id):
    return jsonify(_get_or_404(note_id))


@bp.put("/<int:note_id>")
def replace_note(note_id):
    _get_or_404(note_id)
    payload = request.get_json(force=True)
    store.NOTES[note_id] = {"id": note_id, **payload}
    return jsonify(store.NOTES[note_id])


@bp.patch("/<int:note_id>/archive")
def archive_note(note_id):
    note = _get_or_404(note_id)
    note["archived"] = True
    return jsonify(note)


@bp.delete("/<int:note_id>")
def delete_note(note_id):
    store.NOTES.pop(note_id, None)
    return "", 204


# Attachments may live in nested folders, e.g. /notes/3/attachments/2024/img/a.png
@bp.route("/<int:note_id>/attachments/<path:filename>")
def attachment(note_id, filename):
    _get_or_404(note_id)
    return send_from_directory(os.path.join(ATTACHMENTS_DIR, str(note_id)), filename)
