from fastapi import APIRouter

router = APIRouter(prefix="/items")


@router.post("")
async def create_item():
    return {}


@router.get("/{item_id:path}")
async def read_item(item_id: str):
    return {}
