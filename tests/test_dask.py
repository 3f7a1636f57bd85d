"""geomap batch --engine dask: the same incidents, on a real dask.distributed LocalCluster."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from batch_support import toy_extract, write_feed

from geomap.batch import run_batch

dask_geopandas = pytest.importorskip("dask_geopandas")
distributed = pytest.importorskip("distributed")


def test_dask_engine_gives_the_local_result_and_dask_geopandas_reads_it(tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "feed.jsonl", 30)
    local = run_batch([str(feed)], tmp_path / "local", workers=1, partition_size=4,
                      extract=toy_extract, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        on_dask = run_batch([str(feed)], tmp_path / "dask", engine="dask",
                            scheduler=cluster.scheduler_address, partition_size=4,
                            extract=toy_extract, progress=False)
        again = run_batch([str(feed)], tmp_path / "dask", engine="dask",
                          scheduler=cluster.scheduler_address, partition_size=4,
                          extract=toy_extract, progress=False)
    assert (on_dask.documents, on_dask.incidents, on_dask.failures) == (
        local.documents, local.incidents, local.failures) == (30, 58, 2)
    assert again.run_documents == 0
    lazy = dask_geopandas.read_parquet(tmp_path / "dask")
    assert lazy.npartitions == 8  # one file per partition that had incidents
    # each file's bounding box (GeoParquet metadata) is a spatial partition, known before
    # computing anything: lazy spatial queries skip the partitions they cannot touch
    assert lazy.spatial_partitions is not None and len(lazy.spatial_partitions) == 8
    frame = lazy.compute()
    assert frame.crs.to_epsg() == 4326
    assert sorted(frame["incident_id"]) == sorted(gpd.read_parquet(tmp_path / "local")
                                                  ["incident_id"])
