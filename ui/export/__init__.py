"""Export of the brief: PDF and print (pdf.py), figures (figures.py), the CLI (cli.py), the dialog (dialog.py)."""
