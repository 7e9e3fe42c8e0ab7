"""Notes service application factory."""
from flask import Flask, jsonify

from .notes.views import bp as notes_bp
from .tags.views import bp as tags_bp
from .export import export_notes

# from .archive.views import archive_bp  # disabled: archive moved to cold storage service


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(SEARCH_URL="http://search.internal:9200")
    if config:
        app.config.update(config)

    app.register_blueprint(notes_bp, url_prefix="/notes")
    app.register_blueprint(tags_bp)  # tags_bp carries its own url_prefix

    app.add_url_rule("/export", view_func=export_notes, methods=["POST"])

    @app.route("/")
    def index():
        return jsonify(service="notes", endpoints=["/notes", "/tags"])

    @app.route("/health", methods=["GET", "HEAD"])
    def health():
        return "", 204

    @app.errorhandler(404)
    def not_found(err):
        return jsonify(error="not found"), 404

    return app
