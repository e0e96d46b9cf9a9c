"""Configuration defaults: user file < project file < environment, validation, and click's default_map."""

from __future__ import annotations

import tomllib
from pathlib import Path

import platformdirs
import pytest

from citekit.config import Config, ConfigError, Setting, load_config
from citekit.errors import BadInputError, ExitCode

FORMATS = "text, html, markdown, rtf"
KEY_PATTERNS = "authorwordyear, authoryear, authoryearword"


@pytest.fixture
def user_file() -> Path:
    """Where the user's citekit.toml is (under the XDG_CONFIG_HOME the conftest fixture sets)."""
    return platformdirs.user_config_path("citekit", appauthor=False) / "citekit.toml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with no citekit.toml yet."""
    folder = tmp_path / "project"
    folder.mkdir()
    return folder


def write(path: Path, text: str) -> Path:
    """Write ``text`` to ``path``, making its folders; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load_error(cwd: Path, environ: dict[str, str] | None = None) -> str:
    """The message of the ConfigError that loading from ``cwd`` raises."""
    with pytest.raises(ConfigError) as caught:
        load_config(cwd, environ or {})
    return str(caught.value)


# Sources and precedence ------------------------------------------------------


def test_nothing_set(project: Path) -> None:
    config = load_config(project, {})
    assert config == Config({}, [])
    assert config.get("style") is None
    assert config.library_path() is None
    assert config.command_defaults() == {}


def test_user_file(user_file: Path, project: Path) -> None:
    write(user_file, 'style = "ieee"\nlocale = "lt-LT"\n')
    assert load_config(project, {}).settings == {
        "style": Setting("ieee", str(user_file)),
        "locale": Setting("lt-LT", str(user_file)),
    }


def test_project_file_beats_user_file(user_file: Path, project: Path) -> None:
    write(user_file, 'style = "ieee"\nlocale = "lt-LT"\n')
    project_file = write(project / "citekit.toml", 'style = "apa"\n')
    assert load_config(project, {}).settings == {
        "style": Setting("apa", str(project_file)),
        "locale": Setting("lt-LT", str(user_file)),
    }


def test_environment_beats_project_file(user_file: Path, project: Path) -> None:
    write(user_file, 'locale = "lt-LT"\nformat = "html"\n')
    project_file = write(project / "citekit.toml", 'style = "apa"\nlocale = "de-DE"\n')
    config = load_config(project, {"CITEKIT_STYLE": "mla", "CITEKIT_FORMAT": "rtf"})
    assert config.settings == {
        "style": Setting("mla", "environment variable CITEKIT_STYLE"),
        "locale": Setting("de-DE", str(project_file)),
        "format": Setting("rtf", "environment variable CITEKIT_FORMAT"),
    }


def test_every_environment_variable(project: Path) -> None:
    environ = {"CITEKIT_STYLE": "mla", "CITEKIT_LOCALE": "fr-FR", "CITEKIT_FORMAT": "markdown",
               "CITEKIT_KEY_PATTERN": "authoryear", "CITEKIT_LIBRARY": "/data/refs.sqlite"}
    assert load_config(project, environ).settings == {
        "style": Setting("mla", "environment variable CITEKIT_STYLE"),
        "locale": Setting("fr-FR", "environment variable CITEKIT_LOCALE"),
        "format": Setting("markdown", "environment variable CITEKIT_FORMAT"),
        "key-pattern": Setting("authoryear", "environment variable CITEKIT_KEY_PATTERN"),
        "library": Setting("/data/refs.sqlite", "environment variable CITEKIT_LIBRARY"),
    }


def test_empty_environment_variable_is_unset(project: Path) -> None:
    project_file = write(project / "citekit.toml", 'style = "apa"\n')
    config = load_config(project, {"CITEKIT_STYLE": "", "CITEKIT_FORMAT": "", "CITEKIT_LIBRARY": ""})
    assert config.settings == {"style": Setting("apa", str(project_file))}


def test_project_file_in_a_parent_folder(project: Path) -> None:
    project_file = write(project / "citekit.toml", 'style = "apa"\n')
    deep = project / "chapters" / "one"
    deep.mkdir(parents=True)
    assert load_config(deep, {}).settings == {"style": Setting("apa", str(project_file))}


def test_nearest_project_file_wins_and_is_the_only_one_read(project: Path) -> None:
    # The outer file is invalid TOML: reading it would raise.
    write(project / "citekit.toml", 'style = "apa"\nlocale = \n')
    inner_file = write(project / "paper" / "citekit.toml", 'style = "ieee"\n')
    assert load_config(project / "paper", {}).settings == {"style": Setting("ieee", str(inner_file))}


def test_user_folder_as_project_reads_the_user_file_once(user_file: Path) -> None:
    write(user_file, 'style = "apa"\nstlye = "ieee"\n')
    config = load_config(user_file.parent, {})
    assert config.settings == {"style": Setting("apa", str(user_file))}
    assert config.warnings == [
        f"{user_file}:2: unknown setting 'stlye' (known: format, key-pattern, library, locale, style)"
    ]


def test_defaults_are_the_current_folder_and_os_environ(project: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / "citekit.toml", 'style = "apa"\nlocale = "de-DE"\n')
    monkeypatch.chdir(project)
    monkeypatch.setenv("CITEKIT_STYLE", "mla")
    monkeypatch.delenv("CITEKIT_LIBRARY")
    config = load_config()
    assert (config.get("style"), config.get("locale")) == ("mla", "de-DE")


# The library path -------------------------------------------------------------


def test_library_in_a_project_file_is_relative_to_its_folder(project: Path) -> None:
    project_file = write(project / "citekit.toml", 'library = "refs/library.sqlite"\n')
    (project / "src").mkdir()
    config = load_config(project / "src", {})
    library = project / "refs" / "library.sqlite"
    assert config.settings == {"library": Setting(str(library), str(project_file))}
    assert config.library_path() == library


def test_library_in_the_user_file_is_relative_to_its_folder(user_file: Path, project: Path) -> None:
    write(user_file, 'library = "library.sqlite"\n')
    assert load_config(project, {}).library_path() == user_file.parent / "library.sqlite"


def test_absolute_library_stays(project: Path, tmp_path: Path) -> None:
    write(project / "citekit.toml", f'library = "{tmp_path / "elsewhere.sqlite"}"\n')
    assert load_config(project, {}).library_path() == tmp_path / "elsewhere.sqlite"


def test_library_tilde_is_the_home_folder(project: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    write(project / "citekit.toml", 'library = "~/refs.sqlite"\n')
    assert load_config(project, {}).library_path() == tmp_path / "home" / "refs.sqlite"
    environ = {"CITEKIT_LIBRARY": "~/other.sqlite"}
    assert load_config(project, environ).library_path() == tmp_path / "home" / "other.sqlite"


def test_library_from_the_environment_is_relative_to_the_current_folder(project: Path) -> None:
    write(project / "citekit.toml", 'library = "project.sqlite"\n')
    (project / "src").mkdir()
    config = load_config(project / "src", {"CITEKIT_LIBRARY": "data/refs.sqlite"})
    assert config.settings["library"] == Setting(str(project / "src" / "data" / "refs.sqlite"),
                                                 "environment variable CITEKIT_LIBRARY")


# Errors and warnings -----------------------------------------------------------


def test_config_error_is_bad_input() -> None:
    assert issubclass(ConfigError, BadInputError)
    assert ConfigError.exit_code == ExitCode.BAD_INPUT == 3


def test_invalid_toml(project: Path) -> None:
    text = 'style = "apa"\nlocale = en\n'
    path = write(project / "citekit.toml", text)
    with pytest.raises(tomllib.TOMLDecodeError) as toml_error:
        tomllib.loads(text)
    assert str(toml_error.value) == "Invalid value (at line 2, column 10)"
    assert load_error(project) == f"{path}: Invalid value (at line 2, column 10)"


def test_invalid_toml_in_the_user_file(user_file: Path, project: Path) -> None:
    write(user_file, "style = \n")
    assert load_error(project) == f"{user_file}: Invalid value (at line 1, column 9)"


@pytest.mark.parametrize("text, line, key", [
    ('style = "apa"\nkey-pattern = 3\n', 2, "key-pattern"),
    ('# citekit\n\n"locale" = ["en-US"]\n', 3, "locale"),
    ('format = "html"\n[style]\nname = "apa"\n', 2, "style"),
    ("library.path = 'x'\n", 1, "library"),
])
def test_value_that_is_not_a_string(project: Path, text: str, line: int, key: str) -> None:
    path = write(project / "citekit.toml", text)
    assert load_error(project) == f"{path}:{line}: {key} must be a string"


def test_empty_string_in_a_file(project: Path) -> None:
    path = write(project / "citekit.toml", 'style = "apa"\nlocale = ""\n')
    assert load_error(project) == f"{path}:2: locale must not be empty"


def test_bad_format_in_a_file(project: Path) -> None:
    path = write(project / "citekit.toml", 'style = "apa"\n\nformat = "pdf"\n')
    assert load_error(project) == f"{path}:3: format must be one of {FORMATS}, not 'pdf'"


def test_bad_key_pattern_in_a_file(user_file: Path, project: Path) -> None:
    write(user_file, "  key-pattern = 'yearauthor'\n")
    assert load_error(project) == (
        f"{user_file}:1: key-pattern must be one of {KEY_PATTERNS}, not 'yearauthor'"
    )


def test_bad_format_in_the_environment(project: Path) -> None:
    assert load_error(project, {"CITEKIT_FORMAT": "PDF"}) == (
        f"environment variable CITEKIT_FORMAT: format must be one of {FORMATS}, not 'PDF'"
    )


def test_bad_key_pattern_in_the_environment(project: Path) -> None:
    assert load_error(project, {"CITEKIT_KEY_PATTERN": "short"}) == (
        f"environment variable CITEKIT_KEY_PATTERN: key-pattern must be one of {KEY_PATTERNS}, not 'short'"
    )


def test_file_that_is_not_utf8(project: Path) -> None:
    path = project / "citekit.toml"
    path.write_bytes(b'style = "caf\xe9"\n')
    assert load_error(project) == f"{path}: not UTF-8 text (bad byte at offset 12)"


def test_unknown_keys_are_warnings_with_their_lines(user_file: Path, project: Path) -> None:
    write(user_file, 'stlye = "apa"\n')
    project_file = write(project / "citekit.toml", 'locale = "en-GB"\n\n[plugins]\nzotero = true\n')
    config = load_config(project, {})
    assert config.settings == {"locale": Setting("en-GB", str(project_file))}
    known = "(known: format, key-pattern, library, locale, style)"
    assert config.warnings == [
        f"{user_file}:1: unknown setting 'stlye' {known}",
        f"{project_file}:3: unknown setting 'plugins' {known}",
    ]


# Click's default_map -------------------------------------------------------------


def test_command_defaults_of_every_setting(project: Path) -> None:
    write(project / "citekit.toml", 'style = "apa"\nlocale = "en-GB"\nformat = "html"\n'
                                    'key-pattern = "authoryear"\nlibrary = "refs.sqlite"\n')
    render = {"style": "apa", "locale": "en-GB", "output": "html"}
    assert load_config(project, {}).command_defaults() == {
        "cite": render,
        "bib": render,
        "import": {"key_pattern": "authoryear"},
        "rekey": {"key_pattern": "authoryear"},
    }


def test_command_defaults_hold_only_the_settings_that_are_set(project: Path) -> None:
    write(project / "citekit.toml", 'locale = "lt-LT"\n')
    assert load_config(project, {"CITEKIT_LIBRARY": "refs.sqlite"}).command_defaults() == {
        "cite": {"locale": "lt-LT"},
        "bib": {"locale": "lt-LT"},
    }
    assert load_config(project, {"CITEKIT_KEY_PATTERN": "authorwordyear"}).command_defaults() == {
        "cite": {"locale": "lt-LT"},
        "bib": {"locale": "lt-LT"},
        "import": {"key_pattern": "authorwordyear"},
        "rekey": {"key_pattern": "authorwordyear"},
    }
