from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from services.models import Postcode
from services.selectors.postcodes import postcode_lookup

pytestmark = pytest.mark.django_db

ONSPD = """pcd,pcd2,pcds,dointr,doterm,oscty,oslaua,osward,lat,long
CT5 1AA,CT5  1AA,CT5 1AA,198001,,E10000016,E07000106,E05000001,51.361200,1.024700
ME141XQ,ME14 1XQ,ME14 1XQ,198001,,E10000016,E07000110,E05000002,51.276000,0.522000
CT5 9ZZ,CT5  9ZZ,CT5 9ZZ,198001,200412,E10000016,E07000106,E05000001,51.300000,1.000000
GY1 1AA,GY1  1AA,GY1 1AA,198001,,L99999999,L99999999,,99.999999,0.000000
SW1A1AA,SW1A 1AA,SW1A 1AA,198001,,E13000001,E09000033,E05000003,51.501009,-0.141588
"""


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "onspd.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_imports_ons_rows_idempotently(tmp_path: Path) -> None:
    path = write(tmp_path, ONSPD)
    call_command("import_postcodes", path, verbosity=0)
    call_command("import_postcodes", path, "--batch-size", "1", verbosity=0)
    assert Postcode.objects.count() == 3  # terminated and no-coordinates rows skipped
    ct5 = Postcode.objects.get(postcode="CT5 1AA")
    assert (ct5.latitude, ct5.district, ct5.kind) == (51.3612, "canterbury", "full")
    assert Postcode.objects.get(postcode="SW1A 1AA").district == ""
    found = postcode_lookup(postcode="me14 1xq")
    assert found is not None
    assert (found.district, found.exact) == ("maidstone", True)


def test_updates_changed_coordinates(tmp_path: Path) -> None:
    call_command("import_postcodes", write(tmp_path, ONSPD), verbosity=0)
    call_command("import_postcodes", write(tmp_path, ONSPD.replace("51.361200", "51.400000")), verbosity=0)
    assert Postcode.objects.get(postcode="CT5 1AA").latitude == 51.4


def test_kent_only(tmp_path: Path) -> None:
    call_command("import_postcodes", write(tmp_path, ONSPD), "--kent-only", verbosity=0)
    assert set(Postcode.objects.values_list("postcode", flat=True)) == {"CT5 1AA", "ME14 1XQ"}


def test_shipped_centroids_resolve_every_kent_outward_code() -> None:
    call_command("import_postcodes", verbosity=0)
    assert Postcode.objects.filter(kind="outward").count() >= 70
    for postcode, district in [
        ("CT5 1AA", "canterbury"),
        ("BR8 7AA", "sevenoaks"),
        ("TN28 8AA", "folkestone-and-hythe"),
        ("ME4 4AA", "medway"),
        ("DA12 1AA", "gravesham"),
    ]:
        found = postcode_lookup(postcode=postcode)
        assert found is not None
        assert (found.district, found.exact) == (district, False)


def test_bad_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no postcode column"):
        call_command("import_postcodes", write(tmp_path, "a,b\n1,2\n"), verbosity=0)
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_postcodes", str(tmp_path / "missing.csv"), verbosity=0)
