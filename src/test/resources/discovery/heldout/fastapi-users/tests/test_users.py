from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_unknown_user():
    assert client.get("/users/12345").status_code == 404


def test_v0_routes_removed():
    assert client.get("/api/v0/users").status_code == 404


def test_create_user():
    resp = client.post("/users/", json={"email": "a@example.com", "name": "A"})
    assert resp.status_code == 201
