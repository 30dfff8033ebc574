# Scenarios shipped with concviz, installed under $(pkgdatadir)/scenarios.
scenariosdir = $(pkgdatadir)/scenarios
dist_scenarios_DATA =
