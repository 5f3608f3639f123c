"""Indicators: pure kernels for dependence, complexity and complementarity."""
