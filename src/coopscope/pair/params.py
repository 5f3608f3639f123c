"""The versioned parameter set of the pair analysis: every threshold behind a class, with its default.

A class is only as good as its thresholds, so each one is named, documented and recorded in
every report (``PairParams.as_rows()``). Change a default only together with ``version``.

=========================  =========  ====================================================================
parameter                  default    meaning
=========================  =========  ====================================================================
method                     geodep     dependence method that makes a product "dependent" (eu2021, geodep,
                                      kita, kiet; coopscope.indicators.dependence)
rca_min                    1.0        comparative advantage: Balassa RCA strictly above this (METHODS §3.2)
scale_min_usd              10e6       "exports at scale": the exporter ships at least this much of the
                                      product to the world in the year ...
scale_min_world_share      0.01       ... and at least this share of world exports of the product
strength_min_usd           1e6        "export strength": RCA > rca_min and exports of at least this value
demand_min_usd             1e6        "import demand": imports of at least this value ...
import_rca_min             1.0        ... and a revealed import intensity (share of the product in the
                                      country's imports over its share in world trade) strictly above this
group_share_min            0.5        shared vulnerability by group: both draw more than this share of their
                                      imports from the supplier group S
market_similarity_min      50.0       "same third markets": Finger–Kreinin similarity (0–100) of the two
                                      exporters' destination mixes over third markets, at least this value
=========================  =========  ====================================================================
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from coopscope.errors import OptionError
from coopscope.indicators.dependence_summary import check_method

PARAMS_VERSION = "pair-params/1"

DESCRIPTIONS = {
    "method": "dependence method deciding that a product is dependent",
    "rca_min": "comparative advantage: Balassa RCA > rca_min",
    "scale_min_usd": "exports at scale: exports to the world >= this (USD) ...",
    "scale_min_world_share": "... and >= this share of world exports of the product",
    "strength_min_usd": "export strength: RCA > rca_min and exports >= this (USD)",
    "demand_min_usd": "import demand: imports >= this (USD) ...",
    "import_rca_min": "... and revealed import intensity > this",
    "group_share_min": "shared vulnerability: both draw more than this share from the supplier group",
    "market_similarity_min": "same third markets: destination similarity (0-100) >= this",
}


@dataclass(frozen=True)
class PairParams:
    """Thresholds of the pair classes (see the module docstring for each default and its meaning)."""

    method: str = "geodep"
    rca_min: float = 1.0
    scale_min_usd: float = 10e6
    scale_min_world_share: float = 0.01
    strength_min_usd: float = 1e6
    demand_min_usd: float = 1e6
    import_rca_min: float = 1.0
    group_share_min: float = 0.5
    market_similarity_min: float = 50.0
    version: str = PARAMS_VERSION

    def __post_init__(self) -> None:
        """Check every value once, at the boundary."""
        check_method(self.method)
        for name in (
            "rca_min",
            "scale_min_usd",
            "scale_min_world_share",
            "strength_min_usd",
            "demand_min_usd",
            "import_rca_min",
            "group_share_min",
            "market_similarity_min",
        ):
            if not getattr(self, name) >= 0:
                raise OptionError(
                    f"{name}: {getattr(self, name)!r} must be a number >= 0.",
                    "see coopscope.pair.params for the defaults.",
                )
        if self.group_share_min > 1 or self.scale_min_world_share > 1 or self.market_similarity_min > 100:
            raise OptionError(
                "a share threshold is out of range.", "shares lie in [0, 1]; market_similarity_min in [0, 100]."
            )

    def as_rows(self) -> list[dict[str, str]]:
        """The parameters as rows (parameter, value, meaning) for reports."""
        return [
            {"parameter": k, "value": str(v), "meaning": DESCRIPTIONS.get(k, "version of this parameter set")}
            for k, v in asdict(self).items()
        ]
