"""Settings as data, read in one place.

Precedence, lowest first: the defaults below, a TOML config file (`--config FILE` or
`KG_CONFIG`), environment variables (`KG_*`), then command-line flags. Check parameters from
the config file live in a `[parameters]` table: `"leader-dlm.N" = 2`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .errors import ConfigError


def _default_store_path() -> str:
    data_home = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(data_home, "kg-service", "store")


@dataclass(frozen=True)
class Settings:
    store: str = field(default_factory=_default_store_path)
    """Embedded store directory (created on first use)."""
    backend: str = "embedded"
    """`embedded` (pyoxigraph on disk) or `remote` (a SPARQL 1.1 endpoint)."""
    remote_query_url: str | None = None
    remote_update_url: str | None = None
    remote_store_url: str | None = None
    """Graph Store Protocol URL of the remote endpoint, if it has one."""
    remote_timeout_s: float = 60.0
    query_timeout_s: float = 30.0
    """Longest a query from the endpoint may run before it is stopped."""
    admin_token: str | None = None
    inspector_token: str | None = None
    secret_key: str | None = None
    """Signs the web pages' session cookie; unset: a random key per process (logins then
    end when the server restarts)."""
    cors_origins: tuple[str, ...] = ()
    service_allow_list: tuple[str, ...] = ()
    max_request_bytes: int = 1_000_000
    max_result_rows: int = 100_000
    parameters: dict[str, str] = field(default_factory=dict)
    """Check parameter overrides, `code.NAME` -> value, e.g. `seven-talks.D` -> `15`."""

    def with_overrides(self, **changes) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_ENV = {
    "KG_STORE": "store",
    "KG_BACKEND": "backend",
    "KG_REMOTE_QUERY_URL": "remote_query_url",
    "KG_REMOTE_UPDATE_URL": "remote_update_url",
    "KG_REMOTE_STORE_URL": "remote_store_url",
    "KG_REMOTE_TIMEOUT_S": "remote_timeout_s",
    "KG_QUERY_TIMEOUT_S": "query_timeout_s",
    "KG_ADMIN_TOKEN": "admin_token",
    "KG_INSPECTOR_TOKEN": "inspector_token",
    "KG_SECRET_KEY": "secret_key",
    "KG_CORS_ORIGINS": "cors_origins",
    "KG_SERVICE_ALLOW_LIST": "service_allow_list",
    "KG_MAX_REQUEST_BYTES": "max_request_bytes",
    "KG_MAX_RESULT_ROWS": "max_result_rows",
}


def _coerce(name: str, value, source: str):
    kind = {f.name: f.type for f in fields(Settings)}[name]
    try:
        if "tuple" in str(kind):
            if isinstance(value, str):
                return tuple(v.strip() for v in value.split(",") if v.strip())
            return tuple(str(v) for v in value)
        if "float" in str(kind):
            return float(value)
        if "int" in str(kind):
            return int(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{source}: {name} = {value!r} is not a valid {kind}") from exc


def load_settings(config_file: str | os.PathLike | None = None, environ=None) -> Settings:
    """Defaults, then the config file, then the environment."""
    environ = os.environ if environ is None else environ
    values: dict = {}
    path = config_file or environ.get("KG_CONFIG")
    if path:
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError as exc:
            raise ConfigError(f"config file {path} does not exist") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path}: {exc}") from exc
        known = {f.name for f in fields(Settings)}
        for key, value in data.items():
            name = key.replace("-", "_")
            if name == "parameters":
                if not isinstance(value, dict):
                    raise ConfigError(f"{path}: [parameters] must be a table of code.NAME = value")
                values["parameters"] = {str(k): str(v) for k, v in value.items()}
            elif name in known:
                values[name] = _coerce(name, value, str(path))
            else:
                raise ConfigError(f"{path}: unknown setting {key!r}; known: {', '.join(sorted(known))}")
    for env_name, name in _ENV.items():
        if environ.get(env_name):
            values[name] = _coerce(name, environ[env_name], env_name)
    settings = Settings(**values)
    if settings.backend not in ("embedded", "remote"):
        raise ConfigError(f"backend must be 'embedded' or 'remote', not {settings.backend!r}")
    return settings


def store_path(settings: Settings) -> Path:
    return Path(settings.store).expanduser()
