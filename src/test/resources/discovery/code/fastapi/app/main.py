from fastapi import FastAPI
from .routers import items, users

app = FastAPI()
app.include_router(users.router)
app.include_router(items.router, prefix="/v2")


@app.get("/")
async def root():
    return {"message": "hello"}


@app.api_route("/echo", methods=["GET", "POST"])
async def echo():
    return {}
