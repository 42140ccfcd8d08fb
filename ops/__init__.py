"""Running the app in production: one JSON log line per page run, and replicas that stop gracefully."""
