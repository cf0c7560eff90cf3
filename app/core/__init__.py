"""Cross-domain building blocks: errors, permissions, the event log, i18n, security."""
