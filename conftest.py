# The shared fixtures live in tests/fixtures.py so that every app's own tests
# (soegning/tests/, …) use them as well as tests/.
pytest_plugins = ["tests.fixtures"]
