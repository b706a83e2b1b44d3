"""warsignals: escalation rhetoric, negotiation signals, topics and stance in corpora about a war."""

__version__ = "0.1.0"
