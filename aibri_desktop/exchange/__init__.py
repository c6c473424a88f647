"""Exchange formats: the .aibri container and CSV. Untrusted input is validated here, before
anything reaches the database. Imports the domain only."""
