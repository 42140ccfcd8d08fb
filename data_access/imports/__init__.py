"""Files coming in: readers for CSV and spreadsheets, the xlsx measuring and limits, the import guard, the registry and status imports, and the ingest folder."""
