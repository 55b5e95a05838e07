"""Running zvh in production: health endpoints, Prometheus metrics, the worker's and scheduler's
heartbeats, backup and restore (issue 16; docs/operations.md)."""
