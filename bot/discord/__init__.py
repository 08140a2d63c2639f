"""The Discord face of wirewatch: a `commands.Bot` with one cog per feature (see client.py)."""
