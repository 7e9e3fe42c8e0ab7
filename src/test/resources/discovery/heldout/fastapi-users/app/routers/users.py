from typing import Dict, List

from fastapi import APIRouter, Depends, HTTPException, status

from app.models import User, UserIn, UserPatch
from app.services.avatars import avatar_url
from app.routers.auth import current_user

router = APIRouter(prefix="/users", tags=["users"])

_USERS: Dict[int, User] = {}


def _get(user_id: int) -> User:
    try:
        return _USERS[user_id]
    except KeyError:
        raise HTTPException(status_code=404, detail="user not found")


@router.get("/", response_model=List[User])
async def list_users(skip: int = 0, limit: int = 50):
    return list(_USERS.values())[skip : skip + limit]


# must be declared before /{user_id} so "me" is not parsed as an int
@router.get("/me", response_model=User)
async def me(user: User = Depends(current_user)):
    return user


@router.get("/{user_id}", response_model=User)
async def get_user(user_id: int):
    user = _get(user_id)
    return user.model_copy(update={"avatar": await avatar_url(user.email)})


@router.post("/", response_model=User, status_code=status.HTTP_201_CREATED)
async def create_user(body: UserIn):
    user = User(id=len(_USERS) + 1, **body.model_dump())
    _USERS[user.id] = user
    return user


@router.put("/{user_id}", response_model=User)
async def replace_user(user_id: int, body: UserIn):
    _get(user_id)
    _USERS[user_id] = User(id=user_id, **body.model_dump())
    return _USERS[user_id]


@router.patch("/{user_id}", response_model=User)
async def update_user(user_id: int, body: UserPatch):
    user = _get(user_id)
    updated = user.model_copy(update=body.model_dump(exclude_unset=True))
    _USERS[user_id] = updated
    return updated


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_user(user_id: int):
    _USERS.pop(user_id, None)
