"""The Qt front end. Widgets receive services and item models in their constructors and never
open a database session themselves."""
