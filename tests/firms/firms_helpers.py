"""Builders of Korean and Chinese firm histories for the firms tests."""

from __future__ import annotations

from typing import Any

EOK = 1e8  # 억원 in won
MAN = 1e4  # 万元 in yuan


def kr_history(revenue: float, assets: float, *, years: int = 3, **extra: Any) -> list[dict[str, Any]]:
    base = {
        "currency": "KRW",
        "in_disclosure_group": False,
        "in_restricted_group": False,
        "largest_holder_share": 0.1,
        "largest_holder_assets": 0.0,
    }
    return [
        {**base, "fiscal_year": 2022 + i, "revenue": revenue, "total_assets": assets, **extra} for i in range(years)
    ]


def cn_history(revenue: float, employees: float | None, assets: float = 1e8, **extra: Any) -> list[dict[str, Any]]:
    return [
        {
            "currency": "CNY",
            "fiscal_year": 2024,
            "revenue": revenue,
            "employees": employees,
            "total_assets": assets,
            **extra,
        }
    ]
