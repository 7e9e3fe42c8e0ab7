"""Old archive endpoints.

This blueprint is no longer registered (see create_app); the cold-storage
service now serves /archive/*. Kept for the migration script which imports
``serialize``.
"""
from flask import Blueprint, jsonify

archive_bp = Blueprint("archive", __name__, url_prefix="/archive")


def serialize(note):
    return {"id": note["id"], "title": note["title"]}


@archive_bp.route("/<int:note_id>", methods=["GET", "DELETE"])
def archived(note_id):
    return jsonify(id=note_id)
