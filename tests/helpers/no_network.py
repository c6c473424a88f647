"""Run AIBRI Desktop (or a line of code) with every use of the network ending the process.

    python tests/helpers/no_network.py [aibri arguments…]   # as `python -m aibri_desktop …`
    python tests/helpers/no_network.py -c CODE               # CODE instead, for control tests

The first thing this file does is install an audit hook (PEP 578) that sees every connect,
bind, sendto and sendmsg on a socket, every name lookup and every urllib request made from
Python. Any of them, except on a Unix-domain socket (the single-instance lock), is written to
the file named by NO_NETWORK_LOG (if set) and to stderr, and the process ends at once with exit
code 86 — whatever the code that made the call would do with an exception.

What this cannot see: network use from C/C++ code that does not go through Python's socket
module (Qt's own networking). The test that runs the app under `unshare -n` covers that where
network namespaces are allowed.
"""

from __future__ import annotations

import os
import sys

CAUGHT = 86
_SOCKET_EVENTS = {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"}
_LOOKUP_EVENTS = {"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                  "socket.gethostbyaddr", "socket.getnameinfo", "urllib.Request"}


def _is_unix(sock: object) -> bool:
    family = getattr(sock, "family", None)
    return family is not None and getattr(family, "name", str(family)) == "AF_UNIX"


def _caught(event: str, args: tuple[object, ...]) -> None:
    line = f"network use under no_network: {event} {args!r}"[:500] + "\n"
    log = os.environ.get("NO_NETWORK_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(line)
    os.write(2, line.encode("utf-8", "replace"))
    os._exit(CAUGHT)


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event in _SOCKET_EVENTS:
        if not _is_unix(args[0]):
            _caught(event, args[1:])
    elif event in _LOOKUP_EVENTS:
        _caught(event, args)


sys.addaudithook(_hook)


def main() -> None:
    import runpy

    if sys.argv[1:2] == ["-c"]:
        code = sys.argv[2]
        sys.argv = ["-c", *sys.argv[3:]]
        exec(compile(code, "<no_network -c>", "exec"), {"__name__": "__main__"})
        return
    # sys.argv[0] (this file) is replaced by the module's path, as `python -m` has it.
    sys.path[0] = os.getcwd()  # as `python -m` has it, instead of this file's folder
    runpy.run_module("aibri_desktop", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
