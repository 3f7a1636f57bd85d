"""Spatial queries with known answers: points placed inside and outside areas, across the
antimeridian and near the poles."""

from __future__ import annotations

import geopandas as gpd
import h3
import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, box

from geomap.errors import QueryError
from geomap.geodesy import (
    geodesic_circle,
    haversine_km,
    haversine_m,
    search_boxes,
    split_antimeridian,
)
from geomap.incidents import Incident, incidents_frame
from geomap.tools.query import (
    bbox,
    count_by,
    filter_incidents,
    hotspots,
    near,
    nearest,
    within,
)

# WGS84 meridian arc length of one degree of latitude at the equator (a published constant).
KM_PER_DEGREE_LAT_AT_EQUATOR = 110.574


def frame(*points: tuple[str, float, float], **common: object) -> gpd.GeoDataFrame:
    """Incidents named by place at (lon, lat)."""
    return incidents_frame([
        Incident(doc_id="d", sentence=f"Something happened at {name}.", actor="A",
                 action="assault", place_name=name, lon=lon, lat=lat, precision="point",
                 **common)  # type: ignore[arg-type]
        for name, lon, lat in points
    ])


def names(gdf: gpd.GeoDataFrame) -> list[str]:
    return sorted(gdf["place_name"])


# -- within -------------------------------------------------------------------------------

def test_within_polygon_inside_outside_and_edge() -> None:
    gdf = frame(("in", 1.0, 1.0), ("edge", 2.0, 1.0), ("out", 3.0, 1.0))
    assert names(within(gdf, box(0, 0, 2, 2))) == ["edge", "in"]


def test_within_area_across_the_antimeridian() -> None:
    area = MultiPolygon([box(175, -20, 180, -15), box(-180, -20, -175, -15)])
    gdf = frame(("east", 179.5, -17.0), ("west", -179.5, -17.0), ("far", 170.0, -17.0),
                ("south", 179.5, -25.0))
    assert names(within(gdf, area)) == ["east", "west"]


def test_within_takes_a_layer_in_another_crs() -> None:
    layer = gpd.GeoDataFrame(geometry=[box(0, 0, 2, 2), box(10, 10, 12, 12)], crs=4326)
    gdf = frame(("a", 1.0, 1.0), ("b", 11.0, 11.0), ("c", 5.0, 5.0))
    assert names(within(gdf, layer.to_crs(3857))) == ["a", "b"]


def test_within_a_country_polygon() -> None:
    from geomap.tools.areas import resolve_area

    gdf = frame(("Baghdad", 44.36, 33.31), ("Ramadi", 43.30, 33.42), ("Damascus", 36.29, 33.51),
                ("Kuwait City", 47.98, 29.37))
    assert names(within(gdf, resolve_area("Iraq"))) == ["Baghdad", "Ramadi"]
    assert names(within(gdf, resolve_area("SYR"))) == ["Damascus"]
    with pytest.raises(QueryError, match="'Baghdad' .* has no polygon .* --near 'Baghdad'"):
        resolve_area("Baghdad")  # a town: a radius query, not an area


def test_within_a_big_complex_country_matches_plain_shapely() -> None:
    from geomap.boundaries import country_polygon
    from geomap.settings import current_settings

    russia = country_polygon("RU", current_settings().cache_dir)
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(-180, 180, 4000), rng.uniform(40, 80, 4000)
    gdf = frame(*[(str(i), x, y) for i, (x, y) in enumerate(zip(lon, lat, strict=True))])
    expected = {str(i) for i in np.flatnonzero(shapely.intersects_xy(russia, lon, lat))}
    assert set(within(gdf, russia)["place_name"]) == expected
    assert len(expected) > 100


# -- near / nearest -------------------------------------------------------------------------

def test_near_measures_geodesic_metres() -> None:
    gdf = frame(("one degree north", 0.0, 1.0), ("beyond", 0.0, 1.01))
    found = near(gdf, (0.0, 0.0), radius_km=111.0)
    assert names(found) == ["one degree north"]
    assert found["distance_km"].iloc[0] == pytest.approx(KM_PER_DEGREE_LAT_AT_EQUATOR, abs=0.01)


def test_near_across_the_antimeridian() -> None:
    # 0.2 degrees of longitude at the equator is about 22 km, the short way across 180.
    gdf = frame(("west side", -179.9, 0.0), ("east side", 179.95, 0.0), ("far", 179.0, 0.0))
    found = near(gdf, (179.9, 0.0), radius_km=25)
    assert names(found) == ["east side", "west side"]
    assert found["place_name"].tolist() == ["east side", "west side"]  # nearest first


def test_near_the_north_pole_across_meridians() -> None:
    # Two points at 89.9N on opposite meridians are 0.2 degrees of arc apart (~22 km).
    gdf = frame(("opposite", 180.0, 89.9), ("same", 0.0, 89.8), ("lower", 90.0, 89.0))
    found = near(gdf, (0.0, 89.9), radius_km=30)
    assert names(found) == ["opposite", "same"]


def test_near_the_south_pole() -> None:
    gdf = frame(("pole", 45.0, -90.0), ("ring", -135.0, -89.95), ("out", 0.0, -88.0))
    assert names(near(gdf, (10.0, -89.95), radius_km=15)) == ["pole", "ring"]


@pytest.mark.parametrize("radius", [0, -5, float("nan"), float("inf")])
def test_near_rejects_bad_radius(radius: float) -> None:
    with pytest.raises(QueryError, match="radius"):
        near(frame(("a", 0, 0)), (0, 0), radius_km=radius)


def test_near_matches_brute_force_on_random_points() -> None:
    rng = np.random.default_rng(3)
    lon = rng.uniform(-180, 180, 3000)
    lat = np.degrees(np.arcsin(rng.uniform(-1, 1, 3000)))
    gdf = frame(*[(str(i), x, y) for i, (x, y) in enumerate(zip(lon, lat, strict=True))])
    import pyproj

    geod = pyproj.Geod(ellps="WGS84")
    for lon0, lat0 in [(179.5, -17.0), (0.0, 88.0), (-60.0, -85.0), (30.0, 10.0)]:
        _, _, dist = geod.inv(np.full(3000, lon0), np.full(3000, lat0), lon, lat)
        expected = {str(i) for i in np.flatnonzero(dist <= 900_000)}
        assert set(near(gdf, (lon0, lat0), radius_km=900)["place_name"]) == expected


def test_nearest_ranks_across_the_antimeridian() -> None:
    gdf = frame(("Suva", 178.44, -18.14), ("Lakeba", -178.80, -18.21), ("Nadi", 177.44, -17.80),
                ("Apia", -171.76, -13.83))
    found = nearest(gdf, (-179.0, -18.0), k=2)
    assert found["place_name"].tolist() == ["Lakeba", "Suva"]
    assert found["distance_km"].is_monotonic_increasing
    assert len(nearest(gdf, "-18.0,-179.0", k=10)) == 4


# -- bbox -----------------------------------------------------------------------------------

def test_bbox_plain_and_across_180() -> None:
    gdf = frame(("Suva", 178.44, -18.14), ("Apia", -171.76, -13.83), ("Sydney", 151.2, -33.87),
                ("Honolulu", -157.86, 21.31))
    assert names(bbox(gdf, 150, -40, 180, 0)) == ["Suva", "Sydney"]
    assert names(bbox(gdf, 170, -30, -170, 0)) == ["Apia", "Suva"]


@pytest.mark.parametrize("box_", [(0, 10, 5, 0), (0, -95, 5, 0), (-190, 0, 5, 1)])
def test_bbox_rejects_bad_boxes(box_: tuple[float, float, float, float]) -> None:
    with pytest.raises(QueryError, match="W,S,E,N"):
        bbox(frame(("a", 0, 0)), *box_)


# -- attributes -----------------------------------------------------------------------------

def test_filter_incidents_by_every_attribute() -> None:
    gdf = incidents_frame([
        Incident("d", "a", "US Central Command", "assault", "A", 1, 1, "point",
                 actor_country="USA", country="IQ", date="2024-02-02", confidence=0.9),
        Incident("d", "b", "Islamic Revolutionary Guard Corps", "assault", "B", 2, 2, "point",
                 actor_country="IRN", country="SY", date="2024-01-16", confidence=0.6),
        Incident("d", "c", "Houthis", "coerce", "C", 3, 3, "water", date="", confidence=0.5),
    ])
    assert filter_incidents(gdf, actor="usa")["place_name"].tolist() == ["A"]
    assert filter_incidents(gdf, actor=["guard", "houthi"])["place_name"].tolist() == ["B", "C"]
    assert filter_incidents(gdf, action="COERCE")["place_name"].tolist() == ["C"]
    assert filter_incidents(gdf, country=["Iraq", "SYR"])["place_name"].tolist() == ["A", "B"]
    assert filter_incidents(gdf, since="2024-02-02")["place_name"].tolist() == ["A"]
    assert filter_incidents(gdf, until="2024-02-01")["place_name"].tolist() == ["B"]
    assert filter_incidents(gdf, min_confidence=0.6)["place_name"].tolist() == ["A", "B"]
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        filter_incidents(gdf, since="last week")
    with pytest.raises(QueryError, match="unknown country"):
        filter_incidents(gdf, country="Atlantis")


# -- counts ---------------------------------------------------------------------------------

def test_count_by_country_with_a_point_at_sea() -> None:
    gdf = frame(("Baghdad", 44.36, 33.31), ("Basra", 47.78, 30.51), ("Damascus", 36.29, 33.51),
                ("Nadi", 177.44, -17.80), ("Red Sea", 38.0, 20.0))
    counts = count_by(gdf, "country")
    assert counts[["iso_a2", "count"]].values.tolist() == [["IQ", 2], ["FJ", 1], ["SY", 1]]
    assert counts.crs.to_epsg() == 4326
    assert counts.geometry.iloc[0].contains(Point(44.36, 33.31))


def test_count_by_hex_agrees_with_h3() -> None:
    gdf = frame(("a", 44.36, 33.31), ("b", 44.3601, 33.3101), ("c", -179.99, 0.0),
                ("d", 179.99, 0.0))
    counts = count_by(gdf, "hex", resolution=4)
    expected: dict[str, int] = {}
    for lon, lat in [(44.36, 33.31), (44.3601, 33.3101), (-179.99, 0.0), (179.99, 0.0)]:
        cell = h3.latlng_to_cell(lat, lon, 4)
        expected[cell] = expected.get(cell, 0) + 1
    assert dict(zip(counts["h3"], counts["count"], strict=True)) == expected
    assert counts["count"].iloc[0] == 2
    # Hexagons at the antimeridian are cut there, not stretched across the world.
    for geom in counts.geometry:
        assert geom.is_valid
        assert all(p.bounds[2] - p.bounds[0] < 10 for p in shapely.get_parts(geom))
    assert sum(g.geom_type == "MultiPolygon" for g in counts.geometry) >= 1
    assert counts.geometry.iloc[0].contains(Point(44.36, 33.31))


def test_count_by_user_layer_counts_overlaps_in_each_area() -> None:
    layer = gpd.GeoDataFrame({"zone": ["west", "east", "both", "empty"]},
                             geometry=[box(0, 0, 2, 2), box(2, 0, 4, 2), box(0, 0, 4, 2),
                                       box(10, 10, 11, 11)], crs=4326)
    gdf = frame(("w", 1.0, 1.0), ("e", 3.0, 1.0), ("e2", 3.5, 1.5), ("out", 5.0, 5.0))
    counts = count_by(gdf, layer)
    assert counts[["zone", "count"]].values.tolist() == [["both", 3], ["east", 2], ["west", 1]]


def test_count_by_unknown_choice() -> None:
    with pytest.raises(QueryError, match="country, admin1, hex"):
        count_by(frame(("a", 0, 0)), "continent")


# -- hotspots -------------------------------------------------------------------------------

def _cluster(name: str, lon: float, lat: float, n: int, spread_deg: float,
             rng: np.random.Generator) -> list[tuple[str, float, float]]:
    xs = (lon + rng.normal(0, spread_deg, n) + 180.0) % 360.0 - 180.0
    ys = lat + rng.normal(0, spread_deg, n)
    return [(name, float(x), float(y)) for x, y in zip(xs, ys, strict=True)]


def test_hotspots_found_where_clusters_were_placed() -> None:
    rng = np.random.default_rng(11)
    points = (_cluster("Idlib", 36.6, 35.9, 40, 0.05, rng)
              + _cluster("Dateline", 180.0, -16.5, 25, 0.05, rng)
              + [("noise", float(x), float(y)) for x, y in
                 zip(rng.uniform(-60, -30, 30), rng.uniform(-40, -10, 30), strict=True)])
    areas = hotspots(frame(*points), eps_km=20, min_samples=5)
    assert areas[["hotspot", "count", "place"]].values.tolist() == [[1, 40, "Idlib"],
                                                                      [2, 25, "Dateline"]]
    for (name, lon, lat) in points[:65]:
        geom = areas.geometry.iloc[0 if name == "Idlib" else 1]
        assert geom.covers(Point(lon, lat)), (name, lon, lat)
    dateline = areas.geometry.iloc[1]
    assert dateline.geom_type == "MultiPolygon"  # cut at 180 degrees, not wrapped round
    assert dateline.area < 5
    assert 0 < areas["area_km2"].iloc[0] < 10_000


def test_hotspots_none_in_scattered_points() -> None:
    rng = np.random.default_rng(5)
    points = [(str(i), float(x), float(y)) for i, (x, y) in
              enumerate(zip(rng.uniform(-170, 170, 50), rng.uniform(-60, 60, 50), strict=True))]
    assert hotspots(frame(*points), eps_km=10, min_samples=3).empty


# -- geodesy helpers ------------------------------------------------------------------------

def test_one_haversine_takes_lon_first_in_km_and_m() -> None:
    # Baghdad (44.40 E, 33.34 N) to Jerusalem (35.21 E, 31.77 N): about 879 km.
    km = haversine_km(44.40, 33.34, 35.21, 31.77)
    assert km == pytest.approx(879.0, abs=1.0)
    assert haversine_m(44.40, 33.34, 35.21, 31.77) == pytest.approx(km * 1000)
    # Swapping lon and lat gives another distance: the order matters and is (lon, lat).
    assert haversine_km(33.34, 44.40, 31.77, 35.21) != pytest.approx(km, abs=1.0)
    # Vectorised (one point against many) and the same figure as on plain numbers.
    many = haversine_m(44.40, 33.34, [44.40, 35.21], [33.34, 31.77])
    assert many.tolist() == pytest.approx([0.0, km * 1000])


def test_search_boxes_cover_the_pole_and_split_at_180() -> None:
    assert search_boxes(0.0, 89.5, 100_000) == [(-180.0, pytest.approx(88.59, abs=0.01), 180.0,
                                                 90.0)]
    assert len(search_boxes(-179.9, 10.0, 50_000)) == 2


def test_circle_and_split_shapes_stay_on_the_map() -> None:
    circle = geodesic_circle(179.9, -17.0, 100_000)
    assert circle.geom_type == "MultiPolygon" and circle.bounds[0] >= -180
    assert circle.contains(Point(-179.5, -17.0)) and circle.contains(Point(179.5, -17.0))
    polar = geodesic_circle(0.0, 89.0, 200_000)
    assert polar.contains(Point(170.0, 89.5)) and polar.contains(Point(90.0, 89.0))
    wrapped = shapely.Polygon([(179, 0), (-179, 0), (-179, 1), (179, 1)])
    assert split_antimeridian(wrapped).area == pytest.approx(2.0)


def test_filter_on_a_foreign_file_without_the_column() -> None:
    plain = gpd.GeoDataFrame({"label": ["x"]}, geometry=[Point(1, 1)], crs=4326)
    with pytest.raises(QueryError, match="no 'actor' column"):
        filter_incidents(plain, actor="A")
    assert len(filter_incidents(plain)) == 1
    assert len(near(plain, (1.0, 1.0), radius_km=1)) == 1
