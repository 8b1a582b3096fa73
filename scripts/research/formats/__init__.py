"""One module per export format; each exposes `render(record) -> str`. The registry is exports.py."""
