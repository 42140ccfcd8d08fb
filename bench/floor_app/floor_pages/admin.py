"""Not measured: here so the navigation lists the same pages as dashboard.py."""

import streamlit as st

st.title("admin")
