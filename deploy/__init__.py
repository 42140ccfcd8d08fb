"""How INFO Oversight is deployed: nginx in front of several replicas on one PostgreSQL (deploy/README.md)."""
