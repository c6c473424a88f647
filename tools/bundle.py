"""What the frozen app's shared libraries need, read from the files themselves (stdlib only).

Used by ``build.spec`` to leave out libraries that nothing in the bundle loads (PyInstaller
collects the dependencies of every plugin before the spec drops the plugins it does not want,
so a dropped GTK theme plugin would still bring the whole GTK stack), and by
``.ci/smoke-frozen`` to prove that every library the bundle loads is either in the bundle or
one of the few a Linux system must provide.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from pathlib import Path

_DT_NEEDED, _DT_STRTAB = 1, 5
_PT_DYNAMIC, _PT_LOAD = 2, 1


def needed(path: Path) -> list[str]:
    """The DT_NEEDED entries of an ELF shared object or executable; [] for anything else."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF":
        return []
    wide = data[4] == 2
    order = "<" if data[5] == 1 else ">"
    if wide:
        phoff, phentsize, phnum = (struct.unpack_from(order + "Q", data, 0x20)[0],
                                   *struct.unpack_from(order + "HH", data, 0x36))
        phdr, dyn = order + "IIQQQQQQ", order + "qQ"
    else:
        phoff, phentsize, phnum = (struct.unpack_from(order + "I", data, 0x1C)[0],
                                   *struct.unpack_from(order + "HH", data, 0x2A))
        phdr, dyn = order + "IIIIIIII", order + "iI"
    loads: list[tuple[int, int, int]] = []
    dynamic: tuple[int, int] | None = None
    for i in range(phnum):
        fields = struct.unpack_from(phdr, data, phoff + i * phentsize)
        if wide:
            kind, _flags, offset, vaddr, _paddr, filesz = fields[:6]
        else:
            kind, offset, vaddr, _paddr, filesz = fields[:5]
        if kind == _PT_LOAD:
            loads.append((vaddr, offset, filesz))
        elif kind == _PT_DYNAMIC:
            dynamic = (offset, filesz)
    if dynamic is None:
        return []
    entries: list[tuple[int, int]] = []
    size = struct.calcsize(dyn)
    for at in range(dynamic[0], dynamic[0] + dynamic[1], size):
        tag, value = struct.unpack_from(dyn, data, at)
        if tag == 0:
            break
        entries.append((tag, value))
    strtab = next((v for t, v in entries if t == _DT_STRTAB), None)
    if strtab is None:
        return []
    # DT_STRTAB is an address: find the file offset of the segment that holds it
    base = next((off + strtab - va for va, off, sz in loads if va <= strtab < va + sz), strtab)
    names = []
    for tag, value in entries:
        if tag == _DT_NEEDED:
            end = data.index(b"\0", base + value)
            names.append(data[base + value:end].decode())
    return names


def reachable(roots: Iterable[Path], libraries: dict[str, Path]) -> set[str]:
    """Names of the ``libraries`` (file name -> path) that the ``roots`` load, directly or
    through each other."""
    seen: set[str] = set()
    queue = [needed(root) for root in roots]
    while queue:
        for name in queue.pop():
            if name in libraries and name not in seen:
                seen.add(name)
                queue.append(needed(libraries[name]))
    return seen


def section_names(path: Path) -> list[str]:
    """The names of an ELF file's sections (e.g. ``.debug_info``); [] for anything else."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF":
        return []
    order = "<" if data[5] == 1 else ">"
    if data[4] == 2:
        shoff = struct.unpack_from(order + "Q", data, 0x28)[0]
        shentsize, shnum, shstrndx = struct.unpack_from(order + "HHH", data, 0x3A)
        header, name_at, offset_at = order + "IIQQQQIIQQ", 0, 4
    else:
        shoff = struct.unpack_from(order + "I", data, 0x20)[0]
        shentsize, shnum, shstrndx = struct.unpack_from(order + "HHH", data, 0x2E)
        header, name_at, offset_at = order + "IIIIIIIIII", 0, 4
    if shoff == 0 or shnum == 0 or shstrndx >= shnum:
        return []
    sections = [struct.unpack_from(header, data, shoff + i * shentsize) for i in range(shnum)]
    strings = sections[shstrndx][offset_at]
    names = []
    for fields in sections:
        start = strings + fields[name_at]
        names.append(data[start:data.index(b"\0", start)].decode(errors="replace"))
    return names
