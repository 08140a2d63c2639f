"""One cog per feature; each owns its slash commands, listeners and tasks."""
