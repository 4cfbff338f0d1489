"""Users, roles and scopes. Plain Python: pages ask here, services check here again."""
