dist_man_MANS = man/concviz.1 man/concviz-recording.5
