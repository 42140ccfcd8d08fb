class ReportError(ValueError):
    """A report that cannot be made from these arguments (unknown province, fiscal year without data…); the message
    is one sentence for the person who asked."""
