"""One small module per site: a profile name on the shared section spider, plus code only if needed."""
