"""Plain-Python core: frameworks, answers, scoring. Imports no Qt, no SQL, nothing else of ours."""
