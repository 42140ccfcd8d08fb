"""A deliberately naive overview page: what a Streamlit user would write without thinking about speed.

Benchmark baseline only (`python -m bench.page_bench`), not part of the app. On every rerun it:
- reads every LAO of the fiscal year and every lao_status row of the latest snapshot with pandas.read_sql
  (no caching),
- computes completion per province in pandas,
- reads the full-resolution Natural Earth province geometry (data/cache/geo/natural_earth_tha.json, as
  extracted, unsimplified, with all its properties) and draws it with plotly express,
- shows the same five KPIs as the real overview, and the province table.

It uses the app's engine (one connection pool per process) so that the comparison is about caching,
aggregation and geometry, not about connection set-up.

    DATABASE_URL=sqlite:///… streamlit run bench/naive_page.py        # ?fy=2566
"""

import json
import sys
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:  # `streamlit run bench/naive_page.py` from anywhere
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import geothai
import pandas as pd
import plotly.express as px
import streamlit as st
from sqlalchemy import text

from data_access.db import engine
from geo import paths
from geo.province_geometry import NAME_OVERRIDES

CERTIFIED, NOT_STARTED = 3, 0

st.set_page_config(page_title="Naive overview", layout="wide")
eng = engine()

years = pd.read_sql(text("SELECT DISTINCT fiscal_year FROM lao ORDER BY fiscal_year DESC"), eng)["fiscal_year"]
fy_param = st.query_params.get("fy")
fy = int(fy_param) if fy_param and int(fy_param) in set(years) else int(years.iloc[0])

laos = pd.read_sql(text("SELECT * FROM lao WHERE fiscal_year = :fy"), eng, params={"fy": fy})
snapshot = pd.read_sql(text("SELECT id, as_of FROM snapshot WHERE fiscal_year = :fy ORDER BY as_of DESC, id DESC"),
                       eng, params={"fy": fy})
snapshot_id = int(snapshot["id"].iloc[0]) if len(snapshot) else -1
status = pd.read_sql(text("SELECT * FROM lao_status WHERE snapshot_id = :s"), eng, params={"s": snapshot_id})
domains = pd.read_sql(text("SELECT * FROM domain WHERE fiscal_year = :fy"), eng, params={"fy": fy})
provinces = pd.read_sql(text("SELECT * FROM province"), eng)
n_domains = len(domains)

# Completion per LAO, then per province, in pandas.
certified = status[status["status"] == CERTIFIED].groupby("lao_id").size()
started = status[status["status"] > NOT_STARTED].groupby("lao_id").size()
laos["certified"] = laos["id"].map(certified).fillna(0).astype(int)
laos["started"] = laos["id"].map(started).fillna(0).astype(int)
laos["complete"] = laos["certified"] == n_domains
laos["not_started"] = laos["started"] == 0
laos["in_progress"] = ~laos["complete"] & ~laos["not_started"]
per_province = (laos.groupby("province_code")
                .agg(laos=("id", "size"), complete=("complete", "sum"), in_progress=("in_progress", "sum"),
                     not_started=("not_started", "sum"), cells_certified=("certified", "sum"))
                .reset_index()
                .merge(provinces, left_on="province_code", right_on="code"))
per_province["completion_rate"] = per_province["complete"] / per_province["laos"] * 100
per_province = per_province.sort_values("completion_rate", ascending=False)

st.title(f"ภาพรวมปีงบประมาณ {fy}")
if len(snapshot):
    st.caption(f"ข้อมูล ณ {snapshot['as_of'].iloc[0]}")
total = len(laos)
cells = total * n_domains
columns = st.columns(5)
columns[0].metric("อปท. ทั้งหมด", f"{total:,}")
columns[1].metric("ครบ 8 ด้าน", f"{int(laos['complete'].sum()):,}", f"{laos['complete'].mean() * 100:.1f}%")
columns[2].metric("กำลังดำเนินการ", f"{int(laos['in_progress'].sum()):,}")
columns[3].metric("ยังไม่เริ่ม", f"{int(laos['not_started'].sum()):,}")
columns[4].metric("ด้านที่รับรองแล้ว", f"{laos['certified'].sum() / cells * 100 if cells else 0:.1f}%",
                  f"{int(laos['certified'].sum()):,} / {cells:,}")

# The map: the province shapes as extracted from Natural Earth, matched by English name.
with open(paths.cache_dir() / paths.NATURAL_EARTH_FILENAME, encoding="utf-8") as f:
    natural_earth = json.load(f)
ne_name = {p.code: p.name_en for p in geothai.provinces()}
ne_name.update({code: name for name, code in NAME_OVERRIDES.items()})
per_province["ne_name"] = per_province["province_code"].map(ne_name)
figure = px.choropleth(per_province, geojson=natural_earth, locations="ne_name", featureidkey="properties.name",
                       color="completion_rate", range_color=(0, 100), color_continuous_scale="Viridis",
                       hover_name="name_th", hover_data={"complete": True, "laos": True, "ne_name": False})
figure.update_geos(fitbounds="locations", visible=False)
figure.update_layout(height=560, margin={"l": 0, "r": 0, "t": 0, "b": 0})
st.plotly_chart(figure)

st.subheader("ทุกจังหวัด")
st.dataframe(per_province[["name_th", "laos", "complete", "in_progress", "not_started", "completion_rate"]],
             hide_index=True)
