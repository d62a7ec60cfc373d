"""Every error the package raises for users derives from one base, and the CLI's guard turns
any of them into its message and exit code 1 (so a new error type needs no command changes)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
import typer

import pam_recognition
from pam_recognition.cli.common import guard
from pam_recognition.common.errors import PamError


def _package_exceptions() -> list[type[BaseException]]:
    found = []
    for info in pkgutil.walk_packages(pam_recognition.__path__, "pam_recognition."):
        if info.name.endswith("__main__") or ".cli.__main__" in info.name:
            continue
        module = importlib.import_module(info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, BaseException)
                and value.__module__ == info.name
                and not value.__name__.startswith("_")
            ):
                found.append(value)
    return found


# exceptions that never leave the package: each is caught where it is raised
INTERNAL = {
    "RowLimit": "ends a query's row stream at --limit; the command says it stopped",
    "YamlProblem": "the loader turns it into a located Problem of a KnowledgeBaseError",
}


def test_every_public_error_of_the_package_is_a_pam_error():
    errors = _package_exceptions()
    assert len(errors) >= 15
    assert [e.__qualname__ for e in errors if not issubclass(e, PamError) and e.__name__ not in INTERNAL] == []


def test_guard_turns_a_new_error_type_into_its_message_and_exit_1(capsys: pytest.CaptureFixture[str]):
    class BrandNewError(PamError):
        pass

    with pytest.raises(typer.Exit) as exit_info, guard():
        raise BrandNewError("courses/x.yaml:3: hours: not a number; write the hours as a number")
    assert exit_info.value.exit_code == 1
    assert "error: courses/x.yaml:3: hours: not a number" in capsys.readouterr().err
