import secrets
import time

from fastapi import APIRouter, Depends, Form, HTTPException
from fastapi.security import OAuth2PasswordBearer

from app.config import settings

router = APIRouter()

# tokenUrl is relative to the app root; this is documentation for Swagger UI,
# not a route declaration.
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="auth/token")

_TOKENS: dict = {}


def current_user(token: str = Depends(oauth2_scheme)):
    entry = _TOKENS.get(token)
    if not entry or entry["exp"] < time.time():
        raise HTTPException(status_code=401, detail="invalid token")
    return entry["user"]


@router.post("/token")
async def issue_token(username: str = Form(...), password: str = Form(...)):
    token = secrets.token_urlsafe(32)
    _TOKENS[token] = {"user": username, "exp": time.time() + settings.token_ttl_seconds}
    return {"access_token": token, "token_type": "bearer"}


@router.post("/refresh")
async def refresh(token: str = Depends(oauth2_scheme)):
    entry = _TOKENS.pop(token, None)
    if entry is None:
        raise HTTPException(status_code=401)
    new_token = secrets.token_urlsafe(32)
    _TOKENS[new_token] = {**entry, "exp": time.time() + settings.token_ttl_seconds}
    return {"access_token": new_token, "token_type": "bearer"}
