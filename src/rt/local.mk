# src/rt
