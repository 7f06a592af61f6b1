"""ETL: read reports and ledgers, extract indicator figures, load them into the store."""
