from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    version: str = "1.8.0"
    admin_prefix: str = "/admin"
    gravatar_url: str = "https://www.gravatar.com"
    token_ttl_seconds: int = 3600


settings = Settings()
