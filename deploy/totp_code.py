"""The current 6-digit two-step verification code for an authenticator secret (RFC 6238, as allauth uses).

For demo staff with no authenticator app at hand: `make totp SECRET=<the secret shown under the QR code>`.
Standard library only, so it runs before or without the project's packages.
"""

from __future__ import annotations

import base64
import hmac
import struct
import sys
import time


def totp_code(secret: str, at: float | None = None, *, period: int = 30, digits: int = 6) -> str:
    key = base64.b32decode(secret.strip().replace(" ", "").upper() + "=" * (-len(secret.strip()) % 8))
    counter = int((time.time() if at is None else at) // period)
    digest = hmac.digest(key, struct.pack(">Q", counter), "sha1")
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python deploy/totp_code.py SECRET")
    print(totp_code(sys.argv[1]))
