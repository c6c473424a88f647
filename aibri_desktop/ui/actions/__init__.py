"""What the window's menus do, one small module per flow (import and export, briefs, backups,
the library's check and adoption): plain functions of the window that ask their questions, run
the work behind the window (``window.ops.start``) and report how it went."""
