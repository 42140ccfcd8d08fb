"""What users take away (DOMAIN.md §10): the meeting briefing as a PDF and the reminder letter as a DOCX, built from
the same figures (data_access) and the same figure builders (components) the pages use. `python -m reports`."""
