"""Domain package of the group-session app.

Nothing in here imports streamlit: pages call these functions inside one unit of work
(see ``facilitator.db``) and turn the domain errors into messages for the user.
"""
