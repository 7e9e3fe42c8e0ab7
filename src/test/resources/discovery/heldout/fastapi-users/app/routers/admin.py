from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

EXPORT_DIR = Path("/var/lib/users-api/exports")

router = APIRouter(prefix="/audit")

_EVENTS: list = []


@router.get("/events")
async def audit_events(limit: int = 100):
    return _EVENTS[-limit:]


@router.api_route("/purge", methods=["POST", "DELETE"])
async def purge(request: Request):
    removed = len(_EVENTS)
    _EVENTS.clear()
    return {"removed": removed, "via": request.method}


@router.get("/exports/{file_path:path}")
async def download_export(file_path: str):
    return FileResponse(EXPORT_DIR / file_path)
