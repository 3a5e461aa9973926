"""The Qt layer: screens and dialogs. Widgets call services in ``boxoffice``;
they never build database queries. Long calls go through ``widgets.ops``."""
