"""article → Summary. Pure: no I/O, no Discord, no database."""
