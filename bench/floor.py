import streamlit as st

st.write("Hallo")
