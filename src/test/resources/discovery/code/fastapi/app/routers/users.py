from fastapi import APIRouter

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/")
async def read_users():
    return []


@router.get("/{user_id}")
async def read_user(user_id: int):
    return {}


@router.put("/{user_id}/email")
async def update_email(user_id: int):
    return {}
