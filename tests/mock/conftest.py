"""Mock tenant tests: requests go to the ASGI app in process through the ``ampeco_mock`` fixture."""
