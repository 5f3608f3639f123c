"""The cooperation report: Excel workbook, self-contained HTML brief, and the tables as Parquet and CSV.

Public API: :func:`write_report` (store → files) and :class:`ReportPaths`.
"""

from coopscope.report.write import ReportPaths, write_report, write_report_files

__all__ = ["ReportPaths", "write_report", "write_report_files"]
