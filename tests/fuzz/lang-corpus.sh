#!/bin/sh
# tests/fuzz/lang-corpus.sh — replay the language front end's seed corpus
# through its fuzz target (tests/fuzz/driver.c prints the TAP).
exec "$top_builddir/tests/fuzz/fuzz-lang-driver" "$top_srcdir"/tests/fuzz/corpus/lang/*
