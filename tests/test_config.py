"""Settings: defaults < TOML file < KG_* environment < command-line flags, and clear refusals."""

import pytest

from kg_service.cli import main
from kg_service.cli.context import settings_from_args
from kg_service.config import load_settings
from kg_service.errors import ConfigError


def test_defaults_without_file_or_environment(tmp_path):
    settings = load_settings(environ={"XDG_DATA_HOME": str(tmp_path)})
    assert settings.backend == "embedded"
    assert settings.query_timeout_s == 30.0
    assert settings.parameters == {}


def test_file_then_environment_override_in_that_order(tmp_path):
    config = tmp_path / "kg.toml"
    config.write_text(
        'store = "/data/from-file"\nquery-timeout-s = 5\ncors_origins = ["https://a.example"]\n'
        '[parameters]\n"seven-talks.D" = 15\n"leader-dlm.N" = 2\n',
        encoding="utf-8",
    )
    from_file = load_settings(config, environ={})
    assert from_file.store == "/data/from-file"
    assert from_file.query_timeout_s == 5.0
    assert from_file.cors_origins == ("https://a.example",)
    assert from_file.parameters == {"seven-talks.D": "15", "leader-dlm.N": "2"}

    with_env = load_settings(config, environ={"KG_STORE": "/data/from-env", "KG_CORS_ORIGINS": "https://b.example, https://c.example"})
    assert with_env.store == "/data/from-env"
    assert with_env.cors_origins == ("https://b.example", "https://c.example")
    assert with_env.query_timeout_s == 5.0


def test_command_line_flag_wins_over_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(tmp_path / "env-store"))
    from kg_service.cli import build_parser

    args = build_parser().parse_args(["articles", "--store", str(tmp_path / "flag-store")])
    assert settings_from_args(args).store == str(tmp_path / "flag-store")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("colour = 1\n", "unknown setting 'colour'"),
        ("query_timeout_s = 'soon'\n", "query_timeout_s = 'soon' is not a valid"),
        ("backend = 'cloud'\n", "backend must be 'embedded' or 'remote'"),
        ("parameters = 3\n", "[parameters] must be a table"),
        ("store = \n", "kg.toml"),
    ],
)
def test_bad_config_file_is_refused_with_its_name_and_the_problem(tmp_path, text, expected):
    config = tmp_path / "kg.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as excinfo:
        load_settings(config, environ={})
    assert expected in str(excinfo.value)


def test_missing_config_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "absent.toml", environ={})


def test_cli_reports_config_error_without_traceback(tmp_path, capsys):
    config = tmp_path / "kg.toml"
    config.write_text("colour = 1\n", encoding="utf-8")
    status = main(["articles", "--config", str(config), "--store", str(tmp_path / "s")])
    err = capsys.readouterr().err
    assert status == 1
    assert "unknown setting 'colour'" in err and "Traceback" not in err
