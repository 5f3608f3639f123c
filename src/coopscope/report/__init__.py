"""The cooperation report rendered from the evidence model: HTML brief, Excel workbook, model JSON, tables.

Public API: :func:`write_report` (store → files), :func:`write_report_files` (model → files) and
:class:`ReportPaths`.
"""

from coopscope.report.write import ReportPaths, write_report, write_report_files

__all__ = ["ReportPaths", "write_report", "write_report_files"]
