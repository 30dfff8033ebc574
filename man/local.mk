dist_man_MANS = man/concviz.1
