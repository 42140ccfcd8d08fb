"""Province geometry for the maps: built once by `python -m geo fetch`, read from a local cache at run time."""

from geo.shapes import province_shape, province_shapes, random_points_in_province, unavailable_reason

__all__ = ["province_shape", "province_shapes", "random_points_in_province", "unavailable_reason"]
