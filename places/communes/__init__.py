"""The official list of French communes (code officiel géographique) and what uses it."""
