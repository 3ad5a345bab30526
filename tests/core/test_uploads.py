from __future__ import annotations

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
