# tests/lang
