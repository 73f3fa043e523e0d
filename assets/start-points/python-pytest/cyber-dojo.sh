# Runs every *test*.py file with pytest.
# -p no:cacheprovider: no .pytest_cache folder (it would come back as created files).
python3 -m pytest -p no:cacheprovider *test*.py
