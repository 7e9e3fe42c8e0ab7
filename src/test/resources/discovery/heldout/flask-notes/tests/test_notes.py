import pytest

from notes_app import create_app


@pytest.fixture
def client():
    app = create_app({"TESTING": True})
    return app.test_client()


def test_missing_note(client):
    assert client.get("/notes/1").status_code == 404


def test_archive_is_gone(client):
    assert client.get("/archive/1").status_code == 404


def test_health(client):
    assert client.head("/health").status_code == 204
