"""Seat maps (issue 4): ``seatmap.model`` is the Qt-free layout model;
``seatmap.view`` holds the Qt designer and picker."""
