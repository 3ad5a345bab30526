"""Upload checks for any form that accepts a file: size, extension and what the bytes really are.

Use as a field validator: `forms.FileField(validators=[UploadValidator(kinds=("pdf", "jpeg"))])`.
The extension alone proves nothing, so the first bytes are checked against the file type too.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.deconstruct import deconstructible

# kind: (extensions, leading bytes the file must start with)
KINDS: dict[str, tuple[tuple[str, ...], tuple[bytes, ...]]] = {
    "pdf": ((".pdf",), (b"%PDF-",)),
    "png": ((".png",), (b"\x89PNG\r\n\x1a\n",)),
    "jpeg": ((".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
    # Office Open XML and OpenDocument files are zip archives.
    "docx": ((".docx",), (b"PK\x03\x04",)),
    "odt": ((".odt",), (b"PK\x03\x04",)),
    "rtf": ((".rtf",), (b"{\\rtf",)),
    "txt": ((".txt",), ()),
    "csv": ((".csv",), ()),
}
TEXT_KINDS = frozenset({"txt", "csv"})


def _human_size(size: int) -> str:
    return f"{size // (1024 * 1024)}MB" if size >= 1024 * 1024 else f"{size // 1024}KB"


@deconstructible
class UploadValidator:
    def __init__(self, *, kinds: Iterable[str] = ("pdf", "png", "jpeg", "docx"), max_bytes: int | None = None) -> None:
        self.kinds = tuple(kinds)
        unknown = set(self.kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"Unknown upload kinds: {sorted(unknown)}")
        self.max_bytes = max_bytes

    def __call__(self, upload: UploadedFile[bytes]) -> None:
        if getattr(upload, "_committed", False):
            return  # a file already in storage (a model saved again) was checked when it was uploaded
        limit = self.max_bytes or int(settings.MAX_UPLOAD_BYTES)
        upper = [k.upper() for k in self.kinds]
        names = " or ".join([", ".join(upper[:-1]), upper[-1]] if len(upper) > 1 else upper)
        # "an ODT", "an RTF" (said letter by letter), "a PDF"
        names = ("an " if names[0] in "AEFHILMNORSX" else "a ") + names
        if upload.size is not None and upload.size > limit:
            raise ValidationError(f"The selected file must be smaller than {_human_size(limit)}", code="file_size")
        if not upload.size:
            raise ValidationError("The selected file is empty", code="file_empty")
        name = (upload.name or "").lower()
        kind = next((k for k in self.kinds if name.endswith(KINDS[k][0])), None)
        if kind is None:
            raise ValidationError(f"The selected file must be {names}", code="file_type")
        signatures = KINDS[kind][1]
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if signatures and not any(head.startswith(signature) for signature in signatures):
            raise ValidationError(f"The selected file must be {names}", code="file_type")
        if kind in TEXT_KINDS and b"\x00" in head:
            raise ValidationError(f"The selected file must be {names}", code="file_type")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadValidator) and (self.kinds, self.max_bytes) == (other.kinds, other.max_bytes)

    def __hash__(self) -> int:
        return hash((self.kinds, self.max_bytes))
