"""The secret that keys the row checksums, kept outside the database in the user's config
folder with owner-only permissions, and made on first start.

Keyed, a checksum cannot be recomputed by someone who edits the database file with another
program: without the key they cannot make a changed row look sealed. The key does not protect
against someone who can read this user's config folder (they hold the key), and it does not
stop anyone from deleting rows or a whole file; backups are for that.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from .sqlite_files import DatabaseError

KEY_FILE = "checksum.key"
_KEY_BYTES = 32


class KeyFileError(DatabaseError):
    """The key file cannot be read or made; ``str()`` is one sentence for the user."""


@dataclass(frozen=True)
class SealKey:
    secret: bytes

    @property
    def id(self) -> str:
        """A short, public name of the key (recorded in each library it seals)."""
        return hashlib.blake2b(b"aibri-desktop key id", key=self.secret,
                               digest_size=6).hexdigest()


def load_or_create(folder: Path) -> SealKey:
    """The key in ``folder``; made there (owner read/write only) when there is none yet."""
    path = folder / KEY_FILE
    if not path.exists():
        _create(folder, path)
    try:
        if sys.platform != "win32" and stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(0o600)  # someone widened it: the key is for this user's eyes only
        text = path.read_text(encoding="ascii").strip()
        secret = bytes.fromhex(text)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not a key"
        raise KeyFileError(
            f"The checksum key {path} cannot be read ({reason}). Move it aside to have a "
            "new one made; libraries sealed with the old key will then ask to be adopted."
        ) from None
    if len(secret) != _KEY_BYTES:
        raise KeyFileError(
            f"The checksum key {path} is damaged (it is not {_KEY_BYTES} bytes). Move it "
            "aside to have a new one made; libraries sealed with the old key will then ask "
            "to be adopted.")
    return SealKey(secret)


def _create(folder: Path, path: Path) -> None:
    """Write a fresh key atomically: two starts at once end with one key, never half of one."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        staged = folder / f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(descriptor, (secrets.token_bytes(_KEY_BYTES).hex() + "\n").encode())
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        try:
            os.link(staged, path)  # fails if another start made the key first: theirs counts
        except FileExistsError:
            pass
        finally:
            staged.unlink()
    except OSError as exc:
        raise KeyFileError(f"The checksum key cannot be made in {folder} ({exc.strerror}); "
                           "the library's rows could not be sealed.") from None
