"""Streamlit glue shared by the pages: cached resources, session roles, styling."""
