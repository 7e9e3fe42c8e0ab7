from typing import Optional

from pydantic import BaseModel, EmailStr


class UserIn(BaseModel):
    email: EmailStr
    name: str


class UserPatch(BaseModel):
    email: Optional[EmailStr] = None
    name: Optional[str] = None


class User(UserIn):
    id: int
