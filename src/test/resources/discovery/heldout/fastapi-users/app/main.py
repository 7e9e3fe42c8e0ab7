from fastapi import FastAPI

from app.config import settings
from app.routers import admin, auth, users

# Interactive docs are published by the developer portal, not by this service.
app = FastAPI(
    title="Users API",
    version=settings.version,
    docs_url=None,
    redoc_url=None,
    openapi_url=None,
)

app.include_router(users.router)
app.include_router(auth.router, prefix="/auth", tags=["auth"])
app.include_router(admin.router, prefix=settings.admin_prefix, tags=["admin"])


@app.get("/")
async def root():
    return {"name": "users-api", "docs": "https://developer.example.com/users-api"}


@app.get("/healthz", include_in_schema=False)
async def healthz():
    return {"ok": True}
