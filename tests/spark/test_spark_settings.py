"""Spark stays on loopback unless an explicit master elsewhere is given; its UI stays off."""

from __future__ import annotations

import os

import ibis
import pytest

from coopscope.engine import is_loopback_master, parse_spark_conf, spark_settings
from coopscope.errors import EngineError

LOOPBACK = {"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"}


@pytest.mark.parametrize(
    ("master", "loopback"),
    [
        ("local[*]", True),
        ("local[2]", True),
        ("spark://127.0.0.1:7077", True),
        ("spark://localhost:7077", True),
        ("spark://cluster.example.org:7077", False),
        ("spark://10.0.0.5:7077", False),
    ],
    ids=["local-all", "local-2", "loopback-ip", "localhost", "remote-name", "remote-ip"],
)
def test_only_a_master_elsewhere_lets_the_driver_leave_loopback(master: str, loopback: bool) -> None:
    settings = spark_settings(master)
    assert is_loopback_master(master) is loopback
    assert (settings.items() >= LOOPBACK.items()) is loopback
    assert "spark.driver.host" in settings or not loopback
    assert settings["spark.ui.enabled"] == settings["spark.ui.showConsoleProgress"] == "false"


def test_local_mode_gets_few_shuffle_partitions_and_a_cluster_spark_default() -> None:
    assert spark_settings("local[*]")["spark.sql.shuffle.partitions"] == "8"
    assert "spark.sql.shuffle.partitions" not in spark_settings("spark://10.0.0.5:7077")


def test_extra_settings_win() -> None:
    extra = parse_spark_conf("spark.executor.memory=8g, spark.sql.shuffle.partitions=200,")
    settings = spark_settings("spark://10.0.0.5:7077", extra)
    assert settings["spark.executor.memory"] == "8g"
    assert settings["spark.sql.shuffle.partitions"] == "200"


@pytest.mark.parametrize("text", ["executor.memory=8g", "spark.executor.memory"], ids=["no-prefix", "no-value"])
def test_a_malformed_extra_setting_is_one_clear_error(text: str) -> None:
    with pytest.raises(EngineError, match=r"not of the form spark\.key=value"):
        parse_spark_conf(text)


@pytest.mark.spark
def test_the_created_local_session_binds_to_loopback_with_the_ui_off(spark_backend: ibis.BaseBackend) -> None:
    conf = spark_backend._session.sparkContext.getConf()  # type: ignore[attr-defined]
    assert conf.get("spark.driver.host") == "127.0.0.1"
    assert conf.get("spark.driver.bindAddress") == "127.0.0.1"
    assert conf.get("spark.ui.enabled") == "false"
    assert os.environ["SPARK_LOCAL_IP"] == "127.0.0.1"
    assert spark_backend._session.sparkContext.uiWebUrl is None  # type: ignore[attr-defined]
