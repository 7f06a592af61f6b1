"""Streamlit-side helpers shared by dashboard.py and pages/: state, cached data, formatting."""
