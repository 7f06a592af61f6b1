"""Streamlit-side helpers shared by dashboard.py and views/: state, cached data, formatting."""
