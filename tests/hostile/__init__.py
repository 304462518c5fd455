"""The hostile site, its misbehaving server and the checks the hostile-input tests share."""
