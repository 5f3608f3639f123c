"""The dashboard and JSON API (``coopscope serve``): FastAPI app factory, page data, templates, static files.

Pages and API answers are computed once per request as a plain dict (:mod:`coopscope.web.pages`)
and rendered as HTML, JSON, CSV, Excel or Parquet; the store is read through manifest snapshots
(:mod:`coopscope.web.snapshot`). Charts use the vendored Apache ECharts (``static/vendor/echarts``).
"""

from __future__ import annotations

from coopscope.web.app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]
