"""Is a database file somewhere SQLite's write-ahead log is safe? (One computer, local disk.)"""

from __future__ import annotations

from pathlib import Path

NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs", "fuse.sshfs", "9p",
                       "afs", "ceph", "glusterfs", "davfs", "fuse.rclone", "fuse.gvfsd-fuse"}
SYNC_FOLDERS = {"dropbox", "onedrive", "google drive", "googledrive", "icloud drive",
                "icloud", "nextcloud", "owncloud", "box sync", "syncthing"}


def _mount_type(path: Path, mounts_file: Path) -> str | None:
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    best: tuple[int, str] | None = None
    text = str(path)
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        inside = text == mount_point or text.startswith(mount_point.rstrip("/") + "/")
        if inside and (best is None or len(mount_point) > best[0]):
            best = (len(mount_point), parts[2])
    return best[1] if best else None


def location_warning(path: Path, *, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    """A sentence for the user when ``path`` is on a network share or in a synced folder."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return ("This is a network share. SQLite's write-ahead log needs the file on one "
                "computer's own disk; on a share, two computers can damage it.")
    kind = _mount_type(path.expanduser().absolute(), mounts_file)
    if kind in NETWORK_FILESYSTEMS:
        return (f"This folder is on a network file system ({kind}). SQLite's write-ahead log "
                "needs the file on one computer's own disk; on a share it can be damaged.")
    if any(part.casefold() in SYNC_FOLDERS for part in path.parts):
        return ("This folder is synchronised by a cloud service. Sync tools copy the database "
                "while it is open and can damage it or lose changes; keep it on a local disk.")
    return None
