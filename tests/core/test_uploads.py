from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from carers_portal.core.uploads import UploadValidator

PDF = b"%PDF-1.7\n" + b"x" * 100


def test_a_real_pdf_of_a_sensible_size_is_accepted() -> None:
    UploadValidator(kinds=("pdf",))(SimpleUploadedFile("letter.PDF", PDF))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("letter.pdf", b"MZ\x90\x00 not a pdf", "must be a PDF"),
        ("letter.exe", PDF, "must be a PDF"),
        ("letter.pdf", b"", "is empty"),
        ("letter.pdf", b"%PDF-" + b"x" * 2048, "smaller than 1KB"),
    ],
)
def test_uploads_are_checked_for_type_content_and_size(name: str, content: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        UploadValidator(kinds=("pdf",), max_bytes=1024)(SimpleUploadedFile(name, content))


def test_the_default_limit_comes_from_settings(settings: object) -> None:
    setattr(settings, "MAX_UPLOAD_BYTES", 50)  # noqa: B010
    with pytest.raises(ValidationError, match="smaller than"):
        UploadValidator(kinds=("png",))(SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100))


def test_unknown_kinds_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="Unknown upload kinds"):
        UploadValidator(kinds=("exe",))


def _form_classes() -> list[type[Any]]:
    """Every form class the project defines (each app's forms modules imported first)."""
    import importlib
    import pkgutil

    from django import forms as django_forms

    for app in ("accounts", "services", "consultations", "carers_portal.core", "services.referrals"):
        package = importlib.import_module(app)
        for module in pkgutil.iter_modules(package.__path__):
            if "form" in module.name:
                importlib.import_module(f"{app}.{module.name}")
    found: list[type[Any]] = []
    pending: list[type[Any]] = [django_forms.BaseForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in {"accounts", "services", "consultations", "carers_portal"}:
            found.append(cls)
    return found


def test_every_upload_field_checks_its_files_with_upload_validator() -> None:
    from django import forms as django_forms
    from django.apps import apps
    from django.db import models

    model_fields = [
        field
        for model in apps.get_models()
        if model.__module__.split(".")[0] in {"accounts", "services", "consultations", "carers_portal"}
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]
    form_fields = [
        field
        for form in _form_classes()
        for field in getattr(form, "base_fields", {}).values()
        if isinstance(field, django_forms.FileField)
    ]

    assert model_fields, "consultation documents"
    assert form_fields, "the services CSV import"
    for field in [*model_fields, *form_fields]:
        assert any(isinstance(v, UploadValidator) for v in field.validators), field


@pytest.mark.django_db
def test_the_services_import_refuses_a_binary_file_named_csv(
    client: Any, staff_user_factory: Any, staff_login: Any
) -> None:
    commissioner = staff_login(client, staff_user_factory(email="c@example.org", staff_role="commissioner"))
    fake = SimpleUploadedFile("services.csv", b"MZ\x90\x00\x03\x00\x00\x00binary", "text/csv")

    response = commissioner.post("/staff/services/service/import-csv/", {"file": fake})

    assert response.status_code == 200
    assert "The selected file must be a CSV" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("a.odt", b"PK\x03\x04rest", True),
        ("a.odt", b"%PDF-", False),
        ("a.rtf", b"{\\rtf1 hi}", True),
        ("a.rtf", b"PK", False),
    ],
)
def test_opendocument_and_rtf_are_checked_by_their_first_bytes(name: str, content: bytes, ok: bool) -> None:
    validator = UploadValidator(kinds=("odt", "rtf"))
    if ok:
        validator(SimpleUploadedFile(name, content))
    else:
        with pytest.raises(ValidationError, match="must be an ODT or RTF"):
            validator(SimpleUploadedFile(name, content))
