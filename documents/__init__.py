"""What the product writes for people to download: PDFs (one print stylesheet), CSV and
Excel tables, and the one way they are served. No models, no Django app: plain plumbing
under every phase."""
