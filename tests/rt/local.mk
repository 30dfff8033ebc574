# tests/rt
