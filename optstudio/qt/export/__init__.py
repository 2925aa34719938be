"""The export room: figures and animations of the views, and the window's export actions."""
