"""Who may see what: users and roles, the Scope every read takes, and the audit trail."""
