"""The library API: one documented call per job (see the README's "From Python")."""
