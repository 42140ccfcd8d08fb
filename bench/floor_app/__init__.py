"""The Streamlit floor (issue 17): the overview, province and LAO pages with the same elements as app_pages/*.py,
drawn from data built before the measurement (bench/floor_data.py). `streamlit run bench/floor_app/app.py` with
FLOOR_DATA naming the pickle; bench/streamlit_floor.py does both."""
