"""coopscope benchmarks: `python -m benchmarks [NAME ...]` (or `python tasks.py bench`)."""
