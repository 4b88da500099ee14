// The module needs one translation unit; everything is in the header.
