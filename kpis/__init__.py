"""The KPI domain: catalog, org units, computation, status. Plain Python; never imports streamlit."""
