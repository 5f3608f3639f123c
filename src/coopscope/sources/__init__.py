"""Edge-in modules: one per data provider (files, downloads, APIs)."""
