"""The venue layout model: sections, cells, numbering, validation. No Qt."""
